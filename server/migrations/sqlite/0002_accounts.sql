-- Accounts, roles, sessions, sign-in throttling and the audit trail (issue 3).
-- Never edit this file once released; add a new migration instead.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,      -- stored lower-cased by the app
    display_name  TEXT    NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    password_hash TEXT    NOT NULL,             -- argon2id PHC string
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    TEXT    NOT NULL
);

-- One role per user and plan.
CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    role    TEXT    NOT NULL CHECK (role IN ('supervisor', 'leader', 'unit_manager', 'reporter')),
    PRIMARY KEY (user_id, plan_id)
);

-- The categories in a leader's charge.
CREATE TABLE leader_categories (
    user_id         INTEGER NOT NULL,
    plan_id         INTEGER NOT NULL,
    category_number INTEGER NOT NULL,
    PRIMARY KEY (user_id, plan_id, category_number),
    FOREIGN KEY (user_id, plan_id) REFERENCES user_roles (user_id, plan_id) ON DELETE CASCADE
);

-- Server-side sessions, shared by every server process using this database. The cookie
-- holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    client       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed sign-ins per account (`user:NAME`) and per address (`addr:IP`).
CREATE TABLE login_attempts (
    key             TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT    NOT NULL
);

-- Append-only: one row per write, in the write's own transaction.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor_id  INTEGER REFERENCES users (id),     -- NULL for the command line and the system
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id TEXT,
    before    TEXT,                               -- JSON
    after     TEXT                                -- JSON
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);

-- The app has no route that edits or deletes audit rows; these make the database refuse
-- it too, whoever asks.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only');
END;
