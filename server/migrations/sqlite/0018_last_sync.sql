-- Staleness (issue 15): when each user's phone last synced (push or pull), noted at most
-- once every few minutes, so the 督查室 and lead units see which units have gone quiet.
-- Never edit this file once released.
ALTER TABLE users ADD COLUMN last_sync_at TEXT;
