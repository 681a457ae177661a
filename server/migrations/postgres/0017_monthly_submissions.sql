-- 每月报送 (issue 15). Never edit this file once released. Same table as
-- migrations/sqlite/0017_monthly_submissions.sql, which says what it holds.
CREATE TABLE monthly_submissions (
    id           BIGSERIAL   PRIMARY KEY,
    item_id      BIGINT      NOT NULL REFERENCES items (id),
    month        TEXT        NOT NULL,
    figures      TEXT        NOT NULL,
    narrative    TEXT        NOT NULL,
    next_steps   TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('draft', 'submitted')),
    unit_id      BIGINT      NOT NULL REFERENCES units (id),
    written_by   BIGINT      NOT NULL REFERENCES users (id),
    written_at   TIMESTAMPTZ NOT NULL,
    submitted_at TIMESTAMPTZ,
    UNIQUE (item_id, month)
);
