//! The embedded SQLite backend: one file, WAL, `synchronous=FULL` so what we told a client
//! is saved survives a power cut.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use app::plan::{PlanDetail, PlanSummary};
use app::plan_file::NewPlan;
use app::store::{ImportOutcome, PlanStore, StoreError};

use super::OpenError;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let open_err = |source| OpenError::Open {
            url: url.to_string(),
            source,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(open_err)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|source| OpenError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(open_err)?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

/// Database errors are logged by the caller; the message never reaches a client.
pub(super) fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

#[async_trait]
impl PlanStore for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn list_plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        self.load_summaries().await
    }

    async fn plan(&self, code: &str) -> Result<Option<PlanDetail>, StoreError> {
        self.load_plan(code).await
    }

    async fn import_plan(&self, plan: &NewPlan) -> Result<ImportOutcome, StoreError> {
        self.insert_plan(plan).await
    }
}
