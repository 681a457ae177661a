-- As in PostgreSQL's 0002: the monthly report's latest narrative lines per item, newest
-- first by (captured_on, captured_at), read by walking this index backwards.
CREATE INDEX reports_by_item_time ON reports (item_id, captured_on, captured_at);
DROP INDEX reports_by_item;
