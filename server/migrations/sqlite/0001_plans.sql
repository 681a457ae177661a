-- Plans transcribed from notices: units, categories, items, indicators and target parts.
-- Never edit this file once released; add a new migration instead.
--
-- Units belong to a region, not to one plan: the same 区教育局 runs items in several
-- years' plans, and users (later) belong to a unit across plans. Names are unique within a
-- region; another district may have its own 区教育局.

CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,   -- stable id in URLs and offline clients
    year         INTEGER NOT NULL,
    region       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    notice_title TEXT    NOT NULL,
    doc_number   TEXT    NOT NULL,
    issuer       TEXT    NOT NULL,
    issued_on    TEXT    NOT NULL,          -- ISO dates, as chrono writes them
    starts_on    TEXT    NOT NULL,
    ends_on      TEXT    NOT NULL,
    disclosure   TEXT    NOT NULL DEFAULT '',
    addressees   TEXT    NOT NULL DEFAULT '',
    preamble     TEXT    NOT NULL DEFAULT '',
    -- SHA-256 of the imported plan's canonical JSON: importing the same plan again is a
    -- no-op, importing a different plan under the same code is refused.
    content_hash TEXT    NOT NULL,
    imported_at  TEXT    NOT NULL,
    CHECK (starts_on <= ends_on)
);

CREATE TABLE units (
    id     INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('department', 'town', 'subdistrict', 'stationed',
                                         'leadership', 'supervision')),
    UNIQUE (region, name)
);

CREATE TABLE unit_aliases (
    unit_id INTEGER NOT NULL REFERENCES units (id),
    alias   TEXT    NOT NULL,
    PRIMARY KEY (unit_id, alias)
);

-- The units a plan names, in the plan file's order.
CREATE TABLE plan_units (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, unit_id)
);

CREATE TABLE categories (
    id      INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    number  INTEGER NOT NULL CHECK (number > 0),
    name    TEXT    NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    category_id INTEGER NOT NULL REFERENCES categories (id),
    number      INTEGER NOT NULL CHECK (number > 0),
    title       TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE item_units (
    item_id  INTEGER NOT NULL REFERENCES items (id),
    unit_id  INTEGER NOT NULL REFERENCES units (id),
    role     TEXT    NOT NULL CHECK (role IN ('lead', 'co')),
    position INTEGER NOT NULL,
    PRIMARY KEY (item_id, unit_id)
);
CREATE INDEX item_units_by_unit ON item_units (unit_id);

CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES items (id),
    position   INTEGER NOT NULL,
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('count', 'rate', 'coverage', 'amount', 'milestone')),
    unit       TEXT,
    target     REAL,                         -- NULL for milestones
    comparison TEXT CHECK (comparison IN ('at_least', 'about')),
    UNIQUE (item_id, code),
    CHECK ((kind = 'milestone') = (target IS NULL))
);

-- A target stated as a sum keeps its parts (1173 = 499 + 674).
CREATE TABLE target_parts (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    target       REAL    NOT NULL,
    unit         TEXT,
    PRIMARY KEY (indicator_id, position)
);
