-- 进展公开 (issue 14): a short public summary of an item's progress per month, written by
-- its lead unit (or picked from its accepted reports' narratives) and shown only once the
-- 督查室 has published it, possibly edited. One per item and month. Never edit this file
-- once released.
CREATE TABLE progress_notes (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items (id),
    month        TEXT    NOT NULL,
    text         TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    written_by   INTEGER NOT NULL REFERENCES users (id),
    written_at   TEXT    NOT NULL,
    published_by INTEGER REFERENCES users (id),
    published_at TEXT,
    UNIQUE (item_id, month)
);
