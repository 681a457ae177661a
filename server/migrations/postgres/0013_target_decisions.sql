-- Plan change control (issue 14). Never edit this file once released. Same table as
-- migrations/sqlite/0013_target_decisions.sql, which says what it holds.
CREATE TABLE target_decisions (
    id           BIGSERIAL        PRIMARY KEY,
    indicator_id BIGINT           NOT NULL REFERENCES indicators (id),
    body         TEXT             NOT NULL,
    doc_number   TEXT             NOT NULL,
    decided_on   DATE             NOT NULL,
    reason       TEXT             NOT NULL,
    old_target   DOUBLE PRECISION NOT NULL,
    new_target   DOUBLE PRECISION NOT NULL,
    recorded_by  BIGINT           NOT NULL REFERENCES users (id),
    recorded_at  TIMESTAMPTZ      NOT NULL
);
CREATE INDEX target_decisions_by_indicator ON target_decisions (indicator_id, decided_on);

CREATE TABLE item_decisions (
    id          BIGSERIAL   PRIMARY KEY,
    item_id     BIGINT      NOT NULL REFERENCES items (id),
    kind        TEXT        NOT NULL CHECK (kind IN ('suspend', 'resume', 'end')),
    body        TEXT        NOT NULL,
    doc_number  TEXT        NOT NULL,
    decided_on  DATE        NOT NULL,
    reason      TEXT        NOT NULL,
    recorded_by BIGINT      NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX item_decisions_by_item ON item_decisions (item_id, decided_on);
