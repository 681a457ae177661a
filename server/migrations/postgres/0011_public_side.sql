-- The public side (issue 14). Never edit this file once released. Same tables as
-- migrations/sqlite/0011_public_side.sql, which says what each holds.

CREATE TABLE item_scans (
    item_id BIGINT NOT NULL REFERENCES items (id),
    day     DATE   NOT NULL,
    scans   BIGINT NOT NULL,
    PRIMARY KEY (item_id, day)
);

CREATE TABLE feedback (
    id          BIGSERIAL   PRIMARY KEY,
    item_id     BIGINT      NOT NULL REFERENCES items (id),
    rating      TEXT        NOT NULL CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
    suggestion  TEXT,
    status      TEXT        NOT NULL
                CHECK (status IN ('counted', 'pending', 'published', 'hidden')),
    created_at  TIMESTAMPTZ NOT NULL,
    answer      TEXT,
    answered_by BIGINT      REFERENCES users (id),
    answered_at TIMESTAMPTZ
);
CREATE INDEX feedback_by_item ON feedback (item_id, status);
