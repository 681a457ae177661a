-- Change notices (issue 16): every server keeps public pages and the plan's JSON in memory
-- and must drop them the moment the data behind them changes, whichever server (or
-- `taizhang import` on the command line) changed it. Every write to a table whose rows a
-- public page can show sends one notice per statement on the channel `taizhang_changes`,
-- delivered to every listening server when the transaction commits (never before, and not
-- at all when it rolls back). The payload is the table's schema: deployments and tests
-- sharing one database in separate schemas ignore each other's notices.
--
-- Not watched: who is signed in (sessions, login_attempts), the audit trail, scan counts
-- and half-done uploads. No public page shows them, and they change on almost every
-- request. A table added later needs its trigger too: `page_cache::every_table_sends_notices`
-- fails until it has one. Never edit this file once released.
CREATE FUNCTION taizhang_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('taizhang_changes', TG_TABLE_SCHEMA);
    RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT table_name FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                AND table_name NOT IN ('sessions', 'login_attempts', 'audit_log', 'item_scans',
                                       'uploads', '_sqlx_migrations')
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION taizhang_notify_change()',
                       t || '_notify', t);
    END LOOP;
END
$$;
