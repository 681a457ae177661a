-- The year-end 满意度测评 (issue 14). Never edit this file once released.

-- A new role, 'evaluator': 人大代表 or panel members with accounts, who rate every item
-- once. SQLite cannot change a CHECK in place, so user_roles is rebuilt; leader_categories
-- references it (ON DELETE CASCADE), so it is set aside first and rebuilt after, and
-- dropping the old table deletes nothing.
CREATE TABLE leader_categories_kept AS SELECT user_id, plan_id, category_number FROM leader_categories;
DROP TABLE leader_categories;
CREATE TABLE user_roles_new (
    user_id INTEGER NOT NULL REFERENCES users (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    role    TEXT    NOT NULL
            CHECK (role IN ('supervisor', 'leader', 'unit_manager', 'reporter', 'evaluator')),
    PRIMARY KEY (user_id, plan_id)
);
INSERT INTO user_roles_new (user_id, plan_id, role) SELECT user_id, plan_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
CREATE TABLE leader_categories (
    user_id         INTEGER NOT NULL,
    plan_id         INTEGER NOT NULL,
    category_number INTEGER NOT NULL,
    PRIMARY KEY (user_id, plan_id, category_number),
    FOREIGN KEY (user_id, plan_id) REFERENCES user_roles (user_id, plan_id) ON DELETE CASCADE
);
INSERT INTO leader_categories (user_id, plan_id, category_number)
    SELECT user_id, plan_id, category_number FROM leader_categories_kept;
DROP TABLE leader_categories_kept;

-- An evaluation window of a plan, opened and closed by the 督查室. The tally rule in force
-- when it opened is kept with it: a later change of the setting never changes a result.
CREATE TABLE evaluations (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plans (id),
    satisfied_above REAL    NOT NULL,
    basic_above     REAL    NOT NULL,
    opened_by       INTEGER NOT NULL REFERENCES users (id),
    opened_at       TEXT    NOT NULL,
    closed_by       INTEGER REFERENCES users (id),
    closed_at       TEXT
);

-- One rating of one item in one evaluation: from an evaluator's own ballot, or from a
-- paper ballot the clerk entered under its number (never both). Each evaluator, and each
-- paper ballot number, rates each item once.
CREATE TABLE ballots (
    id            INTEGER PRIMARY KEY,
    evaluation_id INTEGER NOT NULL REFERENCES evaluations (id),
    item_id       INTEGER NOT NULL REFERENCES items (id),
    rating        TEXT    NOT NULL CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
    evaluator_id  INTEGER REFERENCES users (id),
    ballot_number TEXT,
    entered_by    INTEGER NOT NULL REFERENCES users (id),
    entered_at    TEXT    NOT NULL,
    CHECK ((evaluator_id IS NULL) <> (ballot_number IS NULL))
);
CREATE UNIQUE INDEX ballots_once_per_evaluator
    ON ballots (evaluation_id, evaluator_id, item_id) WHERE evaluator_id IS NOT NULL;
CREATE UNIQUE INDEX ballots_once_per_paper
    ON ballots (evaluation_id, ballot_number, item_id) WHERE ballot_number IS NOT NULL;
