-- Who reports what (issue 15): each indicator says which of its item's units report it —
-- 'lead' (the lead units only), 'towns' (the towns and subdistricts among them) or 'units'
-- (all of them, as every indicator was reported before this change) — and, where the
-- notice splits a target by town, each town's share. Both are markings of the plan file,
-- updated when the plan is imported again. Never edit this file once released.
ALTER TABLE indicators ADD COLUMN reported_by TEXT NOT NULL DEFAULT 'units'
    CHECK (reported_by IN ('lead', 'units', 'towns'));

CREATE TABLE indicator_shares (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    target       REAL    NOT NULL CHECK (target > 0),
    PRIMARY KEY (indicator_id, unit_id)
);
