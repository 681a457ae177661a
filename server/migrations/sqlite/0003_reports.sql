-- Progress reports pushed by phones, every operation received, and the change sequence
-- that pull cursors follow (issue 4). Never edit this file once released.

-- The current revision of each report. The id is the UUIDv7 the phone made.
CREATE TABLE reports (
    id             TEXT    PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans (id),
    item_id        INTEGER NOT NULL REFERENCES items (id),
    unit_id        INTEGER NOT NULL REFERENCES units (id),
    author_id      INTEGER NOT NULL REFERENCES users (id),
    captured_on    TEXT    NOT NULL,   -- the day credited in weekly and monthly figures
    captured_at    TEXT    NOT NULL,   -- when the phone first saved it
    revision       INTEGER NOT NULL,
    current_op     TEXT    NOT NULL,   -- the op that made this revision
    content        TEXT    NOT NULL,   -- the report as JSON
    content_hash   TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'submitted'
                   CHECK (status IN ('submitted', 'accepted', 'returned')),
    review_comment TEXT,
    reviewed_by    INTEGER REFERENCES users (id),
    reviewed_at    TEXT,
    received_at    TEXT    NOT NULL,   -- first arrival on the server
    updated_at     TEXT    NOT NULL
);
CREATE INDEX reports_by_item ON reports (item_id, captured_on);

-- Operations received, answered from here when they come again. The key is the op id AND
-- the content hash: the same id with other content is a conflict, and both versions are
-- kept. Rejected and conflicting ops are the supervisor's quarantine. The op that made a
-- report's current revision lives in `reports.current_op` and is written here (with its
-- content) only when a later revision replaces it: one row less per report pushed, and
-- every revision stays on record.
CREATE TABLE report_ops (
    op_id         TEXT    NOT NULL,
    content_hash  TEXT    NOT NULL,
    report_id     TEXT    NOT NULL,
    base_revision INTEGER,
    revision      INTEGER,             -- the report's revision after this op
    pushed_by     INTEGER NOT NULL REFERENCES users (id),
    content       TEXT,
    outcome       TEXT    NOT NULL CHECK (outcome IN ('applied', 'conflict', 'rejected')),
    reason        TEXT,
    received_at   TEXT    NOT NULL,
    PRIMARY KEY (op_id, content_hash)
) WITHOUT ROWID; -- the key is how every lookup comes: one b-tree instead of two
CREATE INDEX report_ops_quarantine ON report_ops (outcome, received_at) WHERE outcome <> 'applied';

-- The server change sequence: pull cursors are positions in it, never times. Rows are
-- never deleted, so the rowid never goes back or repeats (no AUTOINCREMENT needed, which
-- would cost a second write per change). A pull reads the rows after its cursor in
-- sequence order and keeps its unit's; no index on unit_id, which would cost every push
-- more than it saves a pull.
CREATE TABLE changes (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL CHECK (kind IN ('report', 'review', 'catalogue')),
    report_id TEXT,
    unit_id   INTEGER,
    at        TEXT    NOT NULL
);
-- The catalogue version is the latest plan change; report changes stay out of this index.
CREATE INDEX changes_catalogue ON changes (seq) WHERE kind = 'catalogue';
