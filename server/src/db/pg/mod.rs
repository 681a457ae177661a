//! The PostgreSQL backend (issue 6): every `app::store` trait, with the queries of the SQLite
//! modules in PostgreSQL's dialect and types.
//!
//! Every write transaction first takes one transaction-level advisory lock: writes are
//! serialised across all servers sharing the database, as SQLite's single writer serialises
//! them, so the change sequence becomes visible in order and pulls never skip a change.

mod accounts;
mod audit;
mod plans;
mod progress;
mod report_writes;
mod reports;
mod sessions;
mod supervision;
mod weekly;

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use app::store::StoreError;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The advisory lock every write transaction holds (an arbitrary, fixed key).
const WRITE_LOCK: i64 = 0x7461_697a_6861_6e67; // "taizhang"

#[derive(Clone, Debug)]
pub struct PgStore {
    pub(super) pool: PgPool,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Self, String> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|e| format!("无法连接 {}：{e}", crate::settings::redact(url)))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| format!("数据库迁移失败：{e}"))?;
        Ok(PgStore { pool })
    }

    /// A write transaction holding the write lock until it ends.
    pub(super) async fn write_tx(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(WRITE_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        Ok(tx)
    }
}

pub(super) fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}
