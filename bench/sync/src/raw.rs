//! The raw-SQL baseline of the ingest benchmark: the same report rows written straight into
//! a copy of the `reports` table on the same database, one multi-row INSERT of 200 rows per
//! transaction (the strongest plain way), with the server's durability settings.

use std::time::Instant;

use app::domain::report::Report;
use app::sync::MAX_BATCH;
use chrono::Utc;
use sqlx::{Connection, QueryBuilder};
use uuid::Uuid;

use crate::{Server, report, reporter};

const COLUMNS: &str = "INSERT INTO reports_raw (id, plan_id, item_id, unit_id, author_id, \
     captured_on, captured_at, revision, current_op, content, content_hash, schema_version, \
     status, received_at, updated_at) ";

const IDS: &str = "SELECT p.id, i.id FROM plans p JOIN items i ON i.plan_id = p.id \
     WHERE p.code = 'taibaihu-2024' AND i.number = 1";

/// Rows per second.
pub async fn raw_insert(server: &Server, n: usize) -> f64 {
    let (viewer, _) = reporter(server, &format!("raw{n}")).await;
    let rows: Vec<Report> = (0..n).map(|i| report(&viewer, i)).collect();
    if server.db.is_postgres() {
        postgres(&server.db.url, &rows).await
    } else {
        sqlite(&server.db.url, &rows).await
    }
}

async fn sqlite(url: &str, rows: &[Report]) -> f64 {
    let mut conn = sqlx::SqliteConnection::connect(url).await.expect("connect");
    for pragma in ["PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"] {
        sqlx::query(pragma)
            .execute(&mut conn)
            .await
            .expect("pragma");
    }
    // The same table, constraints and indexes as `reports`.
    let ddl: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'reports' AND sql IS NOT NULL",
    )
    .fetch_all(&mut conn)
    .await
    .expect("schema");
    for statement in ddl {
        let statement = statement
            .replace("CREATE TABLE reports", "CREATE TABLE reports_raw")
            .replace("ON reports ", "ON reports_raw ")
            .replace("INDEX reports_", "INDEX raw_reports_");
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut conn)
            .await
            .expect("ddl");
    }
    let (plan_id, item_id): (i64, i64) =
        sqlx::query_as(IDS).fetch_one(&mut conn).await.expect("ids");
    let start = Instant::now();
    for chunk in rows.chunks(MAX_BATCH) {
        let mut tx = conn.begin().await.expect("begin");
        let mut q = QueryBuilder::<sqlx::Sqlite>::new(COLUMNS);
        q.push_values(chunk, |mut b, r| {
            b.push_bind(r.id.to_string())
                .push_bind(plan_id)
                .push_bind(item_id)
                .push_bind(r.unit_id)
                .push_bind(r.author_id)
                .push_bind(r.captured_on)
                .push_bind(r.captured_at)
                .push_bind(1_i64)
                .push_bind(Uuid::now_v7().to_string())
                .push_bind(serde_json::to_string(r).expect("json"))
                .push_bind("")
                .push_bind(1_i64)
                .push_bind("submitted")
                .push_bind(Utc::now())
                .push_bind(Utc::now());
        });
        q.build().execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
    }
    rows.len() as f64 / start.elapsed().as_secs_f64()
}

async fn postgres(url: &str, rows: &[Report]) -> f64 {
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
    // The same columns, defaults, checks and indexes as `reports` (LIKE copies no foreign
    // keys: the baseline skips those checks, which only flatters it).
    sqlx::query("CREATE TABLE reports_raw (LIKE reports INCLUDING ALL)")
        .execute(&mut conn)
        .await
        .expect("ddl");
    let (plan_id, item_id): (i64, i64) =
        sqlx::query_as(IDS).fetch_one(&mut conn).await.expect("ids");
    let start = Instant::now();
    for chunk in rows.chunks(MAX_BATCH) {
        let mut tx = conn.begin().await.expect("begin");
        let mut q = QueryBuilder::<sqlx::Postgres>::new(COLUMNS);
        q.push_values(chunk, |mut b, r| {
            b.push_bind(r.id.to_string())
                .push_bind(plan_id)
                .push_bind(item_id)
                .push_bind(r.unit_id)
                .push_bind(r.author_id)
                .push_bind(r.captured_on)
                .push_bind(r.captured_at)
                .push_bind(1_i32)
                .push_bind(Uuid::now_v7().to_string())
                .push_bind(serde_json::to_string(r).expect("json"))
                .push_bind("")
                .push_bind(1_i32)
                .push_bind("submitted")
                .push_bind(Utc::now())
                .push_bind(Utc::now());
        });
        q.build().execute(&mut *tx).await.expect("insert");
        tx.commit().await.expect("commit");
    }
    rows.len() as f64 / start.elapsed().as_secs_f64()
}
