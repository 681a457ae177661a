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
