-- 督查督办 (issue 5): difficulties with their timeline, supervision notices (督办单) and
-- on-site visits (一线督导). Never edit this file once released.

CREATE TABLE difficulties (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id),
    report_id   TEXT    REFERENCES reports (id),   -- raised from a report, or from the item
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    title       TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'coordinating', 'resolved')),
    owner       TEXT    NOT NULL DEFAULT '',
    raised_by   INTEGER NOT NULL REFERENCES users (id),
    raised_at   TEXT    NOT NULL,
    resolved_at TEXT
);
CREATE INDEX difficulties_by_item ON difficulties (item_id);

CREATE TABLE difficulty_events (
    id            INTEGER PRIMARY KEY,
    difficulty_id INTEGER NOT NULL REFERENCES difficulties (id),
    at            TEXT    NOT NULL,
    by_user       INTEGER NOT NULL REFERENCES users (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('raised', 'comment', 'status', 'owner')),
    status        TEXT,
    text          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX difficulty_events_by_difficulty ON difficulty_events (difficulty_id);

CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES items (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    colour       TEXT    NOT NULL CHECK (colour IN ('blue', 'yellow', 'red')),
    requirement  TEXT    NOT NULL,
    deadline     TEXT    NOT NULL,
    issued_by    INTEGER NOT NULL REFERENCES users (id),
    issued_at    TEXT    NOT NULL,
    response     TEXT,
    responded_by INTEGER REFERENCES users (id),
    responded_at TEXT
);
CREATE INDEX notices_by_item ON notices (item_id);

CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id),
    visited_on  TEXT    NOT NULL,
    place       TEXT    NOT NULL,
    findings    TEXT    NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TEXT    NOT NULL
);
CREATE INDEX visits_by_item ON visits (item_id);
