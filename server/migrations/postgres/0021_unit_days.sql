-- Day totals per indicator and unit (issue 15). Never edit this file once released. Same
-- change as migrations/sqlite/0021_unit_days.sql, which says what it holds.
CREATE TABLE progress_unit_days (
    indicator_id BIGINT           NOT NULL REFERENCES indicators (id),
    unit_id      BIGINT           NOT NULL REFERENCES units (id),
    day          DATE             NOT NULL,
    increment    DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, indicator_id, day)
);

INSERT INTO progress_unit_days (indicator_id, unit_id, day, increment)
SELECT indicator_id, unit_id, captured_on, SUM(COALESCE(increment, 0))
  FROM progress_values GROUP BY indicator_id, unit_id, captured_on;

CREATE INDEX reports_accepted_by_item_time ON reports (item_id, captured_on, captured_at, id)
    WHERE status = 'accepted';
