-- 周盘点 (issue 5): every lead unit owes an update per item per week, credited to the week
-- of the capture date. Never edit this file once released.

-- The first time an update for (item, week, unit) reached the server: written by the push
-- that brings the report, one multi-row statement per batch (first arrival wins).
CREATE TABLE weekly_updates (
    item_id    INTEGER NOT NULL REFERENCES items (id),
    week_start TEXT    NOT NULL,           -- the Monday of the ISO week
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    first_at   TEXT    NOT NULL,
    PRIMARY KEY (item_id, week_start, unit_id)
) WITHOUT ROWID;

-- "本周无进展" statements: an update without a report, with its reason.
CREATE TABLE weekly_statements (
    item_id    INTEGER NOT NULL REFERENCES items (id),
    week_start TEXT    NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    reason     TEXT    NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT    NOT NULL,
    PRIMARY KEY (item_id, week_start, unit_id)
) WITHOUT ROWID;
