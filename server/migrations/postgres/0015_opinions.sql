-- 代表意见 (issue 14). Never edit this file once released. Same table as
-- migrations/sqlite/0015_opinions.sql, which says what it holds.
CREATE TABLE opinions (
    id          BIGSERIAL   PRIMARY KEY,
    item_id     BIGINT      NOT NULL REFERENCES items (id),
    text        TEXT        NOT NULL,
    filed_by    BIGINT      NOT NULL REFERENCES users (id),
    filed_at    TIMESTAMPTZ NOT NULL,
    answer      TEXT,
    answered_by BIGINT      REFERENCES users (id),
    answered_at TIMESTAMPTZ
);
CREATE INDEX opinions_by_item ON opinions (item_id);
