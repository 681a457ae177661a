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

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
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
        let open_err = |source| OpenError::Open {
            url: crate::settings::redact(url),
            source,
        };
        let mut options = PgConnectOptions::from_str(url).map_err(open_err)?;
        // TLS only when the URL asks for it (`sslmode=require` or stronger), not libpq's
        // "prefer": sqlx 0.9.0 leaves Nagle's algorithm on (transact-rs/sqlx#4335), and over
        // its TLS stream that costs ~40 ms per statement — 2.4× slower pushes (BENCHMARKS.md).
        if !url.contains("sslmode=") {
            options = options.ssl_mode(PgSslMode::Disable);
        }
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(open_err)?;
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
