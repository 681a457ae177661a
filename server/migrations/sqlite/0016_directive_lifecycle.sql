-- 督办单 to 办结 (issue 15): the 督查室 closes an answered 督办单 or sends the answer back
-- with a reason and a new deadline. Answers sent back are kept, with why, so the history
-- stays; the answer in `notices.response` is always the current one. Escalation is not
-- stored: it follows from the dates and the setting (`domain::directive`). Never edit this
-- file once released.
ALTER TABLE notices ADD COLUMN closed_by INTEGER REFERENCES users (id);
ALTER TABLE notices ADD COLUMN closed_at TEXT;

CREATE TABLE notice_returns (
    id          INTEGER PRIMARY KEY,
    notice_id   INTEGER NOT NULL REFERENCES notices (id),
    answer      TEXT    NOT NULL,
    answered_by INTEGER NOT NULL REFERENCES users (id),
    answered_at TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    deadline    TEXT    NOT NULL,
    returned_by INTEGER NOT NULL REFERENCES users (id),
    returned_at TEXT    NOT NULL
);
CREATE INDEX notice_returns_by_notice ON notice_returns (notice_id);
