-- 分阶段目标 with approval (issue 15): a lead unit's schedule is a proposal until the 督查室
-- approves it, and is in force from the approval day only, so past pace never changes.
-- Every proposal is kept (pending, approved, rejected with its reason, or superseded by a
-- later proposal). Schedules saved before this change stay in `indicator_schedules` as the
-- schedule the indicator started with: pages already showed pace against them, and taking
-- them away now would itself rewrite the past. Never edit this file once released.
CREATE TABLE schedule_proposals (
    id             INTEGER PRIMARY KEY,
    indicator_id   INTEGER NOT NULL REFERENCES indicators (id),
    -- The nodes as JSON ([{"due_on": "2024-06-30", "planned": 40}]): written and read whole.
    nodes          TEXT    NOT NULL,
    proposed_by    INTEGER NOT NULL REFERENCES users (id),
    proposed_at    TEXT    NOT NULL,
    state          TEXT    NOT NULL
                   CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TEXT,
    effective_from TEXT,
    reason         TEXT,
    CHECK ((state = 'approved') = (effective_from IS NOT NULL))
);
CREATE INDEX schedule_proposals_by_indicator ON schedule_proposals (indicator_id);
