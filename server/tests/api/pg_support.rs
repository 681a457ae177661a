//! PostgreSQL for the tests: each test gets a fresh schema of its own on the server named
//! by `TAIZHANG_TEST_POSTGRES` (default: the local one, trust auth, database `test`) and
//! drops it at the end. When no server answers the tests say so and pass, unless
//! `TAIZHANG_REQUIRE_POSTGRES=1` (set by `.ci/run`), which makes them fail instead.

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A schema of its own; dropped (with everything in it) by `drop`.
pub struct PgSchema {
    pub pool: PgPool,
    pub name: String,
    admin: PgPool,
}

impl PgSchema {
    /// A URL that connects into this schema (for the binary or a store).
    pub fn url(&self) -> String {
        let base =
            std::env::var("TAIZHANG_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_URL.to_string());
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}options=-c%20search_path%3D{}", self.name)
    }

    pub async fn drop(self) {
        self.pool.close().await;
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA {} CASCADE",
            self.name
        )))
        .execute(&self.admin)
        .await;
        self.admin.close().await;
    }
}

/// A fresh schema, or `None` (with a line saying why) when PostgreSQL is not reachable and
/// not required.
pub async fn fresh_schema(test: &str) -> Option<PgSchema> {
    let url = std::env::var("TAIZHANG_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_URL.to_string());
    let required = std::env::var("TAIZHANG_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let options: PgConnectOptions = url.parse().expect("a PostgreSQL URL");
    let admin = match PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(std::time::Duration::from_secs(3))
        .connect_with(options.clone())
        .await
    {
        Ok(pool) => pool,
        Err(e) if !required => {
            eprintln!("跳过 PostgreSQL 测试 {test}：无法连接 {url}（{e}）");
            return None;
        }
        Err(e) => {
            panic!("PostgreSQL is required (TAIZHANG_REQUIRE_POSTGRES=1) but {url} fails: {e}")
        }
    };
    let name = format!("t_{}", uuid::Uuid::now_v7().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
        .execute(&admin)
        .await
        .expect("create schema");
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(options.options([("search_path", name.as_str())]))
        .await
        .expect("connect to the schema");
    Some(PgSchema { pool, name, admin })
}

/// Which database the app-level tests run on: `TAIZHANG_TEST_BACKEND=postgres` runs the
/// whole suite on PostgreSQL (`.ci/test` runs it a second time that way).
pub fn backend_is_postgres() -> bool {
    std::env::var("TAIZHANG_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// A fresh schema for one test app, dropped when the guard is.
pub struct SchemaGuard {
    pub name: String,
    pub url: String,
}

impl SchemaGuard {
    /// Creates the schema; PostgreSQL must answer (this backend was asked for).
    pub async fn create() -> SchemaGuard {
        use sqlx::Connection;
        let base = std::env::var("TAIZHANG_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_URL.into());
        let mut conn = sqlx::PgConnection::connect(&base)
            .await
            .unwrap_or_else(|e| panic!("TAIZHANG_TEST_BACKEND=postgres but {base} fails: {e}"));
        sweep_stale_schemas(&mut conn).await;
        let name = format!("t_{}", uuid::Uuid::now_v7().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .execute(&mut conn)
            .await
            .expect("create schema");
        let _ = conn.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        // Tagged with the schema's name, so the guard can end this test's connections.
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}&application_name={name}");
        SchemaGuard { name, url }
    }
}

impl Drop for SchemaGuard {
    /// Drop runs inside the test's runtime, which it must not wait on: a thread of its own
    /// ends the test's connections (one may still hold locks, its pending rollback frozen
    /// with the runtime) and drops the schema. A lock timeout keeps anything else from
    /// hanging the run; the sweep removes what is left.
    fn drop(&mut self) {
        let name = self.name.clone();
        let base = std::env::var("TAIZHANG_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_URL.into());
        let dropper = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                use sqlx::Connection;
                let Ok(mut conn) = sqlx::PgConnection::connect(&base).await else {
                    return;
                };
                let _ = sqlx::query("SET lock_timeout = '10s'")
                    .execute(&mut conn)
                    .await;
                let _ = sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE application_name = $1 AND pid <> pg_backend_pid()",
                )
                .bind(&name)
                .execute(&mut conn)
                .await;
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP SCHEMA IF EXISTS {name} CASCADE"
                )))
                .execute(&mut conn)
                .await;
                let _ = conn.close().await;
            });
        });
        let _ = dropper.join();
    }
}

/// Drops test schemas older than a day (left by a killed run). Their names are UUIDv7s,
/// whose first 48 bits are the creation time in milliseconds.
async fn sweep_stale_schemas(conn: &mut sqlx::PgConnection) {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    let mut first = false;
    SWEPT.call_once(|| first = true);
    if !first {
        return;
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 't\\_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    let now_ms = chrono::Utc::now().timestamp_millis();
    for name in names {
        let created = name
            .get(2..14)
            .and_then(|hex| i64::from_str_radix(hex, 16).ok());
        if created.is_some_and(|ms| now_ms - ms > 24 * 3600 * 1000) {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE"
            )))
            .execute(&mut *conn)
            .await;
        }
    }
}
