-- Day totals per indicator and unit (issue 15): what one unit's accepted reports add to an
-- indicator each day (count increments, and for coverage the places it brought in first).
-- A town's pace board and a phone's "done so far" read a few hundred of these rows instead
-- of every value row the unit ever sent. Filled from the value rows already credited, then
-- kept by the review that accepts a report. Never edit this file once released.
CREATE TABLE progress_unit_days (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    day          TEXT    NOT NULL,
    increment    REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, indicator_id, day)
) WITHOUT ROWID;

INSERT INTO progress_unit_days (indicator_id, unit_id, day, increment)
SELECT indicator_id, unit_id, captured_on, SUM(COALESCE(increment, 0))
  FROM progress_values GROUP BY indicator_id, unit_id, captured_on;

-- The lead unit's monthly draft reads an item's latest accepted reports of the month:
-- accepted ones only, newest first, without visiting the others.
CREATE INDEX reports_accepted_by_item_time ON reports (item_id, captured_on, captured_at)
    WHERE status = 'accepted';
