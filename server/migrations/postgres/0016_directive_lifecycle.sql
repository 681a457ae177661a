-- 督办单 to 办结 (issue 15). Never edit this file once released. Same change as
-- migrations/sqlite/0016_directive_lifecycle.sql, which says what it holds.
ALTER TABLE notices ADD COLUMN closed_by BIGINT REFERENCES users (id);
ALTER TABLE notices ADD COLUMN closed_at TIMESTAMPTZ;

CREATE TABLE notice_returns (
    id          BIGSERIAL   PRIMARY KEY,
    notice_id   BIGINT      NOT NULL REFERENCES notices (id),
    answer      TEXT        NOT NULL,
    answered_by BIGINT      NOT NULL REFERENCES users (id),
    answered_at TIMESTAMPTZ NOT NULL,
    reason      TEXT        NOT NULL,
    deadline    DATE        NOT NULL,
    returned_by BIGINT      NOT NULL REFERENCES users (id),
    returned_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notice_returns_by_notice ON notice_returns (notice_id);
