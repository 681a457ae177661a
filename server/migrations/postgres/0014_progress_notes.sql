-- 进展公开 (issue 14). Never edit this file once released. Same table as
-- migrations/sqlite/0014_progress_notes.sql, which says what it holds.
CREATE TABLE progress_notes (
    id           BIGSERIAL   PRIMARY KEY,
    item_id      BIGINT      NOT NULL REFERENCES items (id),
    month        TEXT        NOT NULL,
    text         TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('draft', 'published')),
    written_by   BIGINT      NOT NULL REFERENCES users (id),
    written_at   TIMESTAMPTZ NOT NULL,
    published_by BIGINT      REFERENCES users (id),
    published_at TIMESTAMPTZ,
    UNIQUE (item_id, month)
);
