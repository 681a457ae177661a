-- Change notices (issue 16): on PostgreSQL every write sends a notice to every server, so
-- that none keeps a public page the write made stale. SQLite needs no schema for it: a
-- server watches the file's own change counter (`PRAGMA data_version`, which moves on every
-- commit by any other connection or process), and drops its pages itself after each write
-- it serves. This file keeps the numbers of the two folders in step. Never edit it once
-- released.
SELECT 1;
