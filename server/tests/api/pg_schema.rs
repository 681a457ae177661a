//! The PostgreSQL schema (issue 6 groundwork): it applies to a fresh schema on a real
//! server, holds the same tables and columns as the SQLite one, and refuses edits of audit
//! rows.

use crate::pg_support::fresh_schema;

#[tokio::test]
async fn the_postgres_schema_applies_and_keeps_audit_rows_append_only() {
    let Some(schema) = fresh_schema("pg_schema").await else {
        return;
    };
    let migrator = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/postgres"
    )))
    .await
    .expect("migrations");
    migrator.run(&schema.pool).await.expect("applies");
    // Every table of the SQLite schema exists on PostgreSQL too.
    let mut pg_tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(&schema.pool)
    .await
    .expect("tables");
    let lite = sqlx::SqlitePool::connect("sqlite::memory:")
        .await
        .expect("pool");
    sqlx::migrate!("./migrations/sqlite")
        .run(&lite)
        .await
        .expect("sqlite schema");
    let mut lite_tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' \
         AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    )
    .fetch_all(&lite)
    .await
    .expect("tables");
    // Sorted here: the two databases collate names differently.
    pg_tables.sort();
    lite_tables.sort();
    assert_eq!(pg_tables, lite_tables);
    // And every table has the same columns: the SQL in store/sql is written once for both,
    // so a column added to one dialect's migration only would fail there at run time.
    for table in &lite_tables {
        let mut pg_columns: Vec<String> = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1",
        )
        .bind(table)
        .fetch_all(&schema.pool)
        .await
        .expect("columns");
        let mut lite_columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?1)")
                .bind(table)
                .fetch_all(&lite)
                .await
                .expect("columns");
        pg_columns.sort();
        lite_columns.sort();
        assert_eq!(pg_columns, lite_columns, "columns of {table}");
    }
    sqlx::query("INSERT INTO audit_log (at, actor, action, entity) VALUES (now(), 'a', 'x', 'y')")
        .execute(&schema.pool)
        .await
        .expect("append");
    let edit = sqlx::query("UPDATE audit_log SET actor = 'b'")
        .execute(&schema.pool)
        .await;
    assert!(edit.is_err_and(|e| e.to_string().contains("append-only")));
    let delete = sqlx::query("DELETE FROM audit_log")
        .execute(&schema.pool)
        .await;
    assert!(delete.is_err());
    schema.drop().await;
}
