-- Progress that counts (issue 5): what each accepted report contributes, written in the
-- review transaction that accepts it. Accepted reports are locked, so these rows never
-- change afterwards, and the sync ingest path never touches them.
-- Never edit this file once released.

CREATE TABLE progress_values (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    report_id    TEXT    NOT NULL REFERENCES reports (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    place        TEXT    NOT NULL,
    captured_on  TEXT    NOT NULL,
    increment    REAL,                  -- count
    value        REAL,                  -- rate, amount
    done_on      TEXT,                  -- milestone reported done
    PRIMARY KEY (indicator_id, report_id)
) WITHOUT ROWID;

-- Day totals per indicator. Views "as of" a date and the monthly report read these (a few
-- thousand rows a year) instead of every report.
CREATE TABLE progress_days (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    day          TEXT    NOT NULL,
    increment    REAL    NOT NULL DEFAULT 0, -- sum of count increments credited to the day
    last_value   REAL,                       -- rate/amount: the day's latest value
    last_at      TEXT,                       -- capture time of last_value
    done_on      TEXT,                       -- milestone: earliest done date reported that day
    reports      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (indicator_id, day)
) WITHOUT ROWID;

-- Coverage: each place reached, credited to the first accepted report naming it.
CREATE TABLE progress_places (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    place        TEXT    NOT NULL,
    first_on     TEXT    NOT NULL,
    PRIMARY KEY (indicator_id, place)
) WITHOUT ROWID;

-- 分阶段目标: planned cumulative values (or a milestone's due date) set by the lead unit.
CREATE TABLE indicator_schedules (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    due_on       TEXT    NOT NULL,
    planned      REAL,
    PRIMARY KEY (indicator_id, due_on)
) WITHOUT ROWID;

