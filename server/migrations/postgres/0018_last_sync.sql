-- Staleness (issue 15). Never edit this file once released. Same change as
-- migrations/sqlite/0018_last_sync.sql, which says what it holds.
ALTER TABLE users ADD COLUMN last_sync_at TIMESTAMPTZ;
