-- The year-end 满意度测评 (issue 14). Never edit this file once released. Same changes as
-- migrations/sqlite/0012_evaluation.sql, which says what each holds.

ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('supervisor', 'leader', 'unit_manager', 'reporter', 'evaluator'));

CREATE TABLE evaluations (
    id              BIGSERIAL        PRIMARY KEY,
    plan_id         BIGINT           NOT NULL REFERENCES plans (id),
    satisfied_above DOUBLE PRECISION NOT NULL,
    basic_above     DOUBLE PRECISION NOT NULL,
    opened_by       BIGINT           NOT NULL REFERENCES users (id),
    opened_at       TIMESTAMPTZ      NOT NULL,
    closed_by       BIGINT           REFERENCES users (id),
    closed_at       TIMESTAMPTZ
);

CREATE TABLE ballots (
    id            BIGSERIAL   PRIMARY KEY,
    evaluation_id BIGINT      NOT NULL REFERENCES evaluations (id),
    item_id       BIGINT      NOT NULL REFERENCES items (id),
    rating        TEXT        NOT NULL CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
    evaluator_id  BIGINT      REFERENCES users (id),
    ballot_number TEXT,
    entered_by    BIGINT      NOT NULL REFERENCES users (id),
    entered_at    TIMESTAMPTZ NOT NULL,
    CHECK ((evaluator_id IS NULL) <> (ballot_number IS NULL))
);
CREATE UNIQUE INDEX ballots_once_per_evaluator
    ON ballots (evaluation_id, evaluator_id, item_id) WHERE evaluator_id IS NOT NULL;
CREATE UNIQUE INDEX ballots_once_per_paper
    ON ballots (evaluation_id, ballot_number, item_id) WHERE ballot_number IS NOT NULL;
