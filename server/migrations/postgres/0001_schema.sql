-- The whole schema on PostgreSQL, equal in meaning to migrations/sqlite/0001–0006 (issue 6).
-- Types are PostgreSQL's own (DATE, TIMESTAMPTZ, BOOLEAN, JSON in TEXT as on SQLite so the
-- stored reports are byte-identical and their hashes agree). Never edit once released.

CREATE TABLE plans (
    id           BIGSERIAL PRIMARY KEY,
    code         TEXT        NOT NULL UNIQUE,
    year         INTEGER     NOT NULL,
    region       TEXT        NOT NULL,
    title        TEXT        NOT NULL,
    notice_title TEXT        NOT NULL,
    doc_number   TEXT        NOT NULL,
    issuer       TEXT        NOT NULL,
    issued_on    DATE        NOT NULL,
    starts_on    DATE        NOT NULL,
    ends_on      DATE        NOT NULL,
    disclosure   TEXT        NOT NULL DEFAULT '',
    addressees   TEXT        NOT NULL DEFAULT '',
    preamble     TEXT        NOT NULL DEFAULT '',
    content_hash TEXT        NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL,
    CHECK (starts_on <= ends_on)
);

CREATE TABLE units (
    id     BIGSERIAL PRIMARY KEY,
    region TEXT NOT NULL,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('department', 'town', 'subdistrict', 'stationed',
                                         'leadership', 'supervision')),
    UNIQUE (region, name)
);

CREATE TABLE unit_aliases (
    unit_id BIGINT NOT NULL REFERENCES units (id),
    alias   TEXT   NOT NULL,
    PRIMARY KEY (unit_id, alias)
);

CREATE TABLE plan_units (
    plan_id  BIGINT  NOT NULL REFERENCES plans (id),
    unit_id  BIGINT  NOT NULL REFERENCES units (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, unit_id)
);

CREATE TABLE categories (
    id      BIGSERIAL PRIMARY KEY,
    plan_id BIGINT  NOT NULL REFERENCES plans (id),
    number  INTEGER NOT NULL CHECK (number > 0),
    name    TEXT    NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE items (
    id          BIGSERIAL PRIMARY KEY,
    plan_id     BIGINT  NOT NULL REFERENCES plans (id),
    category_id BIGINT  NOT NULL REFERENCES categories (id),
    number      INTEGER NOT NULL CHECK (number > 0),
    title       TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE item_units (
    item_id  BIGINT  NOT NULL REFERENCES items (id),
    unit_id  BIGINT  NOT NULL REFERENCES units (id),
    role     TEXT    NOT NULL CHECK (role IN ('lead', 'co')),
    position INTEGER NOT NULL,
    PRIMARY KEY (item_id, unit_id)
);
CREATE INDEX item_units_by_unit ON item_units (unit_id);

CREATE TABLE indicators (
    id         BIGSERIAL PRIMARY KEY,
    item_id    BIGINT  NOT NULL REFERENCES items (id),
    position   INTEGER NOT NULL,
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('count', 'rate', 'coverage', 'amount', 'milestone')),
    unit       TEXT,
    target     DOUBLE PRECISION,
    comparison TEXT CHECK (comparison IN ('at_least', 'about')),
    UNIQUE (item_id, code),
    CHECK ((kind = 'milestone') = (target IS NULL))
);

CREATE TABLE target_parts (
    indicator_id BIGINT           NOT NULL REFERENCES indicators (id),
    position     INTEGER          NOT NULL,
    name         TEXT             NOT NULL,
    target       DOUBLE PRECISION NOT NULL,
    unit         TEXT,
    PRIMARY KEY (indicator_id, position)
);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT        NOT NULL UNIQUE,
    display_name  TEXT        NOT NULL,
    unit_id       BIGINT      NOT NULL REFERENCES units (id),
    password_hash TEXT        NOT NULL,
    disabled      BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id),
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    role    TEXT   NOT NULL CHECK (role IN ('supervisor', 'leader', 'unit_manager', 'reporter')),
    PRIMARY KEY (user_id, plan_id)
);

CREATE TABLE leader_categories (
    user_id         BIGINT  NOT NULL,
    plan_id         BIGINT  NOT NULL,
    category_number INTEGER NOT NULL,
    PRIMARY KEY (user_id, plan_id, category_number),
    FOREIGN KEY (user_id, plan_id) REFERENCES user_roles (user_id, plan_id) ON DELETE CASCADE
);

CREATE TABLE sessions (
    token_hash TEXT        PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    client     TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE login_attempts (
    key             TEXT        PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_log (
    id        BIGSERIAL PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor_id  BIGINT REFERENCES users (id),
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE reports (
    id             TEXT        PRIMARY KEY,
    plan_id        BIGINT      NOT NULL REFERENCES plans (id),
    item_id        BIGINT      NOT NULL REFERENCES items (id),
    unit_id        BIGINT      NOT NULL REFERENCES units (id),
    author_id      BIGINT      NOT NULL REFERENCES users (id),
    captured_on    DATE        NOT NULL,
    captured_at    TIMESTAMPTZ NOT NULL,
    revision       INTEGER     NOT NULL,
    current_op     TEXT        NOT NULL,
    content        TEXT        NOT NULL,
    content_hash   TEXT        NOT NULL,
    schema_version INTEGER     NOT NULL,
    status         TEXT        NOT NULL DEFAULT 'submitted'
                   CHECK (status IN ('submitted', 'accepted', 'returned')),
    review_comment TEXT,
    reviewed_by    BIGINT REFERENCES users (id),
    reviewed_at    TIMESTAMPTZ,
    received_at    TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX reports_by_item ON reports (item_id, captured_on);

CREATE TABLE report_ops (
    op_id         TEXT        NOT NULL,
    content_hash  TEXT        NOT NULL,
    report_id     TEXT        NOT NULL,
    base_revision INTEGER,
    revision      INTEGER,
    pushed_by     BIGINT      NOT NULL REFERENCES users (id),
    content       TEXT,
    outcome       TEXT        NOT NULL CHECK (outcome IN ('applied', 'conflict', 'rejected')),
    reason        TEXT,
    received_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (op_id, content_hash)
);
CREATE INDEX report_ops_quarantine ON report_ops (outcome, received_at) WHERE outcome <> 'applied';

-- Pull cursors follow this sequence. Writers that append here hold one advisory lock for
-- their transaction, so sequence numbers become visible in order on every server.
CREATE TABLE changes (
    seq       BIGSERIAL PRIMARY KEY,
    kind      TEXT        NOT NULL CHECK (kind IN ('report', 'review', 'catalogue')),
    report_id TEXT,
    unit_id   BIGINT,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX changes_catalogue ON changes (seq) WHERE kind = 'catalogue';

CREATE TABLE progress_values (
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    report_id    TEXT   NOT NULL REFERENCES reports (id),
    unit_id      BIGINT NOT NULL REFERENCES units (id),
    place        TEXT   NOT NULL,
    captured_on  DATE   NOT NULL,
    increment    DOUBLE PRECISION,
    value        DOUBLE PRECISION,
    done_on      DATE,
    PRIMARY KEY (indicator_id, report_id)
);

CREATE TABLE progress_days (
    indicator_id BIGINT           NOT NULL REFERENCES indicators (id),
    day          DATE             NOT NULL,
    increment    DOUBLE PRECISION NOT NULL DEFAULT 0,
    last_value   DOUBLE PRECISION,
    last_at      TIMESTAMPTZ,
    done_on      DATE,
    reports      BIGINT           NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator_id, day)
);

CREATE TABLE progress_places (
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    place        TEXT   NOT NULL,
    first_on     DATE   NOT NULL,
    PRIMARY KEY (indicator_id, place)
);

CREATE TABLE indicator_schedules (
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    due_on       DATE   NOT NULL,
    planned      DOUBLE PRECISION,
    PRIMARY KEY (indicator_id, due_on)
);

CREATE TABLE weekly_updates (
    item_id    BIGINT      NOT NULL REFERENCES items (id),
    week_start DATE        NOT NULL,
    unit_id    BIGINT      NOT NULL REFERENCES units (id),
    first_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, week_start, unit_id)
);

CREATE TABLE weekly_statements (
    item_id    BIGINT      NOT NULL REFERENCES items (id),
    week_start DATE        NOT NULL,
    unit_id    BIGINT      NOT NULL REFERENCES units (id),
    reason     TEXT        NOT NULL,
    author_id  BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (item_id, week_start, unit_id)
);

CREATE TABLE difficulties (
    id          BIGSERIAL PRIMARY KEY,
    item_id     BIGINT      NOT NULL REFERENCES items (id),
    report_id   TEXT REFERENCES reports (id),
    unit_id     BIGINT      NOT NULL REFERENCES units (id),
    title       TEXT        NOT NULL,
    detail      TEXT        NOT NULL,
    status      TEXT        NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'coordinating', 'resolved')),
    owner       TEXT        NOT NULL DEFAULT '',
    raised_by   BIGINT      NOT NULL REFERENCES users (id),
    raised_at   TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ
);
CREATE INDEX difficulties_by_item ON difficulties (item_id);

CREATE TABLE difficulty_events (
    id            BIGSERIAL PRIMARY KEY,
    difficulty_id BIGINT      NOT NULL REFERENCES difficulties (id),
    at            TIMESTAMPTZ NOT NULL,
    by_user       BIGINT      NOT NULL REFERENCES users (id),
    kind          TEXT        NOT NULL CHECK (kind IN ('raised', 'comment', 'status', 'owner')),
    status        TEXT,
    text          TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX difficulty_events_by_difficulty ON difficulty_events (difficulty_id);

CREATE TABLE notices (
    id           BIGSERIAL PRIMARY KEY,
    item_id      BIGINT      NOT NULL REFERENCES items (id),
    unit_id      BIGINT      NOT NULL REFERENCES units (id),
    colour       TEXT        NOT NULL CHECK (colour IN ('blue', 'yellow', 'red')),
    requirement  TEXT        NOT NULL,
    deadline     DATE        NOT NULL,
    issued_by    BIGINT      NOT NULL REFERENCES users (id),
    issued_at    TIMESTAMPTZ NOT NULL,
    response     TEXT,
    responded_by BIGINT REFERENCES users (id),
    responded_at TIMESTAMPTZ
);
CREATE INDEX notices_by_item ON notices (item_id);

CREATE TABLE visits (
    id          BIGSERIAL PRIMARY KEY,
    item_id     BIGINT      NOT NULL REFERENCES items (id),
    visited_on  DATE        NOT NULL,
    place       TEXT        NOT NULL,
    findings    TEXT        NOT NULL,
    recorded_by BIGINT      NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX visits_by_item ON visits (item_id);
