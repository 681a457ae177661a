//! The embedded SQLite backend: one file, WAL, `synchronous=FULL` so what we told a client
//! is saved survives a power cut.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use app::account::{PlanRole, UserSummary, Viewer};
use app::audit::{Actor, AuditEntry, AuditFilter};
use app::plan::{PlanDetail, PlanSummary, ScheduleNode};
use app::plan_file::NewPlan;
use app::store::{
    AccountStore, AuditStore, BreakdownRow, ChangePage, CheckedOp, ImportOutcome, IndicatorActual,
    LoginAttempts, NarrativeLine, NewDifficulty, NewNotice, NewSession, NewUserRecord, NewVisit,
    PlanStore, ProgressStore, QuarantinedOp, ReportStore, StoreError, StoredReport,
    SupervisionStore, UserCredentials, WeeklyStore,
};
use app::supervision::{Difficulty, DifficultyChange, DifficultyEvent, Notice, Visit};
use app::sync::{OpResult, ReviewStatus};
use app::weekly::Arrival;
use uuid::Uuid;

use super::OpenError;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let open_err = |source| OpenError::Open {
            url: crate::settings::redact(url),
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
        // An in-memory database exists once per connection: keep a single one.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .connect_with(options)
            .await
            .map_err(open_err)?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    /// A write transaction. IMMEDIATE takes the write lock up front, so a read-then-write
    /// inside it never fails half-way with SQLITE_BUSY and two writers never interleave.
    pub(super) async fn write_tx(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_err)
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

    async fn import_plan(
        &self,
        plan: &NewPlan,
        actor: &Actor,
    ) -> Result<ImportOutcome, StoreError> {
        self.insert_plan(plan, actor).await
    }
}

#[async_trait]
impl AccountStore for SqliteStore {
    async fn create_user(&self, user: &NewUserRecord, actor: &Actor) -> Result<i64, StoreError> {
        self.insert_user(user, actor).await
    }

    async fn credentials(&self, username: &str) -> Result<Option<UserCredentials>, StoreError> {
        self.load_credentials(username).await
    }

    async fn list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        self.load_users(None).await
    }

    async fn user(&self, id: i64) -> Result<Option<UserSummary>, StoreError> {
        Ok(self.load_users(Some(id)).await?.pop())
    }

    async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_disabled(user_id, disabled, actor).await
    }

    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        action: &str,
        keep_session: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_password(user_id, password_hash, action, keep_session, actor)
            .await
    }

    async fn set_role(
        &self,
        user_id: i64,
        role: &PlanRole,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_role(user_id, role, actor).await
    }

    async fn create_session(
        &self,
        session: &NewSession,
        replaces: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.insert_session(session, replaces, actor).await
    }

    async fn session_viewer(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Viewer, DateTime<Utc>)>, StoreError> {
        self.find_session(token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str, actor: &Actor) -> Result<bool, StoreError> {
        self.remove_session(token_hash, actor).await
    }

    async fn login_attempts(&self, keys: &[String]) -> Result<Vec<LoginAttempts>, StoreError> {
        self.load_login_attempts(keys).await
    }

    async fn record_login_failure(
        &self,
        keys: &[String],
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.count_login_failure(keys, now, window_start).await
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        self.forget_login_failures(key).await
    }
}

#[async_trait]
impl ReportStore for SqliteStore {
    async fn apply_ops(
        &self,
        ops: &[CheckedOp],
        pushed_by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<OpResult>, StoreError> {
        if ops.is_empty() {
            // Nothing to write: no transaction, as on PostgreSQL.
            return Ok(Vec::new());
        }
        self.apply_report_ops(ops, pushed_by, now).await
    }

    async fn changes_since(
        &self,
        unit_id: i64,
        cursor: i64,
        limit: u32,
    ) -> Result<ChangePage, StoreError> {
        self.load_changes(unit_id, cursor, limit).await
    }

    async fn catalogue_seq(&self) -> Result<i64, StoreError> {
        self.load_catalogue_seq().await
    }

    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError> {
        self.load_report(id).await
    }

    async fn plan_reports_page(
        &self,
        plan: &str,
        after: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<StoredReport>, StoreError> {
        self.load_plan_reports_page(plan, after, limit).await
    }

    async fn item_reports(&self, plan: &str, item: u32) -> Result<Vec<StoredReport>, StoreError> {
        self.load_item_reports(plan, item).await
    }

    async fn review(
        &self,
        id: Uuid,
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.set_review(&[id], status, comment, actor).await
    }

    async fn review_many(
        &self,
        ids: &[Uuid],
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.set_review(ids, status, comment, actor).await
    }

    async fn quarantine(&self, limit: u32) -> Result<Vec<QuarantinedOp>, StoreError> {
        self.load_quarantine(limit).await
    }
}

#[async_trait]
impl ProgressStore for SqliteStore {
    async fn plan_progress(
        &self,
        plan: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<IndicatorActual>, StoreError> {
        self.load_plan_progress(plan, as_of).await
    }

    async fn item_breakdown(
        &self,
        plan: &str,
        item: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<BreakdownRow>, StoreError> {
        self.load_item_breakdown(plan, item, as_of).await
    }

    async fn item_series(
        &self,
        plan: &str,
        item: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<app::chart::SeriesPoint>, StoreError> {
        self.load_item_series(plan, item, as_of).await
    }

    async fn pending_counts(&self, plan: &str) -> Result<Vec<(u32, u64)>, StoreError> {
        self.load_pending_counts(plan).await
    }

    async fn set_schedule(
        &self,
        plan: &str,
        item: u32,
        code: &str,
        nodes: &[ScheduleNode],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.store_schedule(plan, item, code, nodes, actor).await
    }

    async fn narratives(
        &self,
        plan: &str,
        from: NaiveDate,
        to: NaiveDate,
        per_item: u32,
    ) -> Result<Vec<NarrativeLine>, StoreError> {
        self.load_narratives(plan, from, to, per_item).await
    }
}

#[async_trait]
impl WeeklyStore for SqliteStore {
    async fn arrivals(
        &self,
        plan: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Arrival>, StoreError> {
        self.load_arrivals(plan, from, to).await
    }

    async fn add_statement(
        &self,
        plan: &str,
        item: u32,
        unit_id: i64,
        week: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.store_statement(plan, item, unit_id, week, reason, actor)
            .await
    }
}

#[async_trait]
impl SupervisionStore for SqliteStore {
    async fn raise_difficulty(
        &self,
        new: &NewDifficulty,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        self.insert_difficulty(new, actor).await
    }

    async fn change_difficulty(
        &self,
        id: i64,
        change: &DifficultyChange,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_difficulty(id, change, actor).await
    }

    async fn difficulties(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Difficulty>, StoreError> {
        self.load_difficulties(plan, item).await
    }

    async fn difficulty(
        &self,
        id: i64,
    ) -> Result<Option<(String, Difficulty, Vec<DifficultyEvent>)>, StoreError> {
        self.load_difficulty(id).await
    }

    async fn issue_notice(&self, new: &NewNotice, actor: &Actor) -> Result<i64, StoreError> {
        self.insert_notice(new, actor).await
    }

    async fn respond_notice(
        &self,
        id: i64,
        response: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.answer_notice(id, response, actor).await
    }

    async fn notices(&self, plan: &str, item: Option<u32>) -> Result<Vec<Notice>, StoreError> {
        self.load_notices(plan, item).await
    }

    async fn notice(&self, id: i64) -> Result<Option<(String, Notice)>, StoreError> {
        self.load_notice(id).await
    }

    async fn record_visit(&self, new: &NewVisit, actor: &Actor) -> Result<i64, StoreError> {
        self.insert_visit(new, actor).await
    }

    async fn visits(&self, plan: &str, item: Option<u32>) -> Result<Vec<Visit>, StoreError> {
        self.load_visits(plan, item).await
    }
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        self.load_audit(filter).await
    }
}
