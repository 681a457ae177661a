-- The public side (issue 14): 民生码 scans and residents' ratings. Never edit this file once
-- released.

-- How many times each item's poster was scanned, per day. Only the count is kept: no
-- address, device or time of day, so nothing here is about a person.
CREATE TABLE item_scans (
    item_id INTEGER NOT NULL REFERENCES items (id),
    day     TEXT    NOT NULL,
    scans   BIGINT  NOT NULL,
    PRIMARY KEY (item_id, day)
);

-- A resident's rating of an item (no account, nothing that identifies them: the rate
-- limits by address and device live in the server's memory only), with an optional
-- suggestion. Text is shown only once the 督查室 publishes it with an answer; a rating
-- alone is 'counted' at once.
CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id),
    rating      TEXT    NOT NULL CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
    suggestion  TEXT,
    status      TEXT    NOT NULL
                CHECK (status IN ('counted', 'pending', 'published', 'hidden')),
    created_at  TEXT    NOT NULL,
    answer      TEXT,
    answered_by INTEGER REFERENCES users (id),
    answered_at TEXT
);
CREATE INDEX feedback_by_item ON feedback (item_id, status);
