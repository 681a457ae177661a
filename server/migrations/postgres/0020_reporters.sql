-- Who reports what (issue 15). Never edit this file once released. Same change as
-- migrations/sqlite/0020_reporters.sql, which says what it holds.
ALTER TABLE indicators ADD COLUMN reported_by TEXT NOT NULL DEFAULT 'units'
    CHECK (reported_by IN ('lead', 'units', 'towns'));

CREATE TABLE indicator_shares (
    indicator_id BIGINT           NOT NULL REFERENCES indicators (id),
    unit_id      BIGINT           NOT NULL REFERENCES units (id),
    target       DOUBLE PRECISION NOT NULL CHECK (target > 0),
    PRIMARY KEY (indicator_id, unit_id)
);
