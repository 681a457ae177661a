-- 分阶段目标 with approval (issue 15). Never edit this file once released. Same change as
-- migrations/sqlite/0019_schedule_approval.sql, which says what it holds.
CREATE TABLE schedule_proposals (
    id             BIGSERIAL   PRIMARY KEY,
    indicator_id   BIGINT      NOT NULL REFERENCES indicators (id),
    nodes          TEXT        NOT NULL,
    proposed_by    BIGINT      NOT NULL REFERENCES users (id),
    proposed_at    TIMESTAMPTZ NOT NULL,
    state          TEXT        NOT NULL
                   CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
    decided_by     BIGINT      REFERENCES users (id),
    decided_at     TIMESTAMPTZ,
    effective_from DATE,
    reason         TEXT,
    CHECK ((state = 'approved') = (effective_from IS NOT NULL))
);
CREATE INDEX schedule_proposals_by_indicator ON schedule_proposals (indicator_id);
