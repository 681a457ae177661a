-- Plan change control (issue 14): a promised target changes only through a recorded
-- decision — the body that decided (e.g. 区人大常委会), its document number, the date and
-- the reason. Rows are appended, never edited; the target in `indicators` stays the one
-- published, and pace uses a decision's target from its date on. Never edit this file once
-- released.
CREATE TABLE target_decisions (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    body         TEXT    NOT NULL,
    doc_number   TEXT    NOT NULL,
    decided_on   TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    old_target   REAL    NOT NULL,
    new_target   REAL    NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users (id),
    recorded_at  TEXT    NOT NULL
);
CREATE INDEX target_decisions_by_indicator ON target_decisions (indicator_id, decided_on);

-- The same control for a whole item: suspended (暂停实施), resumed or ended (终止实施) only by
-- a recorded decision, in effect from its date.
CREATE TABLE item_decisions (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('suspend', 'resume', 'end')),
    body        TEXT    NOT NULL,
    doc_number  TEXT    NOT NULL,
    decided_on  TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TEXT    NOT NULL
);
CREATE INDEX item_decisions_by_item ON item_decisions (item_id, decided_on);
