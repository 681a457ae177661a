-- 代表意见 (issue 14): a 测评代表 (人大代表 or panel member) files an opinion on an item; the
-- item's lead unit must answer it, and the 督查室 follows every open one by its age. Never
-- edit this file once released.
CREATE TABLE opinions (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES items (id),
    text        TEXT    NOT NULL,
    filed_by    INTEGER NOT NULL REFERENCES users (id),
    filed_at    TEXT    NOT NULL,
    answer      TEXT,
    answered_by INTEGER REFERENCES users (id),
    answered_at TEXT
);
CREATE INDEX opinions_by_item ON opinions (item_id);
