-- 每月报送 (issue 15): each month's report of an item to the 督查室 by its lead unit —
-- figures, progress and 下步计划 — saved as a draft and then submitted. One per item and
-- month; `submitted_at` is the first submission (a correction keeps it, so timeliness does
-- not change). Never edit this file once released.
CREATE TABLE monthly_submissions (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items (id),
    month        TEXT    NOT NULL,
    figures      TEXT    NOT NULL,
    narrative    TEXT    NOT NULL,
    next_steps   TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'submitted')),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    written_by   INTEGER NOT NULL REFERENCES users (id),
    written_at   TEXT    NOT NULL,
    submitted_at TEXT,
    UNIQUE (item_id, month)
);
