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

use super::OpenError;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections per server unless `--database-max-connections` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;

#[derive(Clone, Debug)]
pub struct PgStore {
    pub(super) pool: PgPool,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    /// Several servers may start at once: sqlx's migrator holds an advisory lock while it
    /// migrates, so exactly one of them applies each migration.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await
            .map_err(|source| OpenError::Open {
                url: crate::settings::redact(url),
                source,
            })?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// A write transaction holding the write lock until it ends.
    pub(super) async fn write_tx(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        // One key per schema: deployments (or tests) sharing a database in separate schemas
        // do not wait for each other.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('taizhang:' || current_schema()))")
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        Ok(tx)
    }
}

pub(super) fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}
