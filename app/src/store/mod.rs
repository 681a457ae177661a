//! The storage interface the server implements (SQLite now, PostgreSQL later). It speaks
//! domain types only; server functions reach it through Leptos context, handlers through
//! the router state. Every write that changes data takes the `Actor` and writes its audit
//! row in the same transaction.

mod account;
mod decision;
mod directive;
mod evaluation;
mod evidence;
mod opinion;
mod progress;
mod progress_note;
mod public;
mod report;
mod schedule;
mod session;
mod staleness;
mod submission;
mod supervision;
mod weekly;

use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::audit::{Actor, AuditEntry, AuditFilter};
use crate::domain::plan::{PlanDetail, PlanSummary};
use crate::domain::plan_file::NewPlan;

pub use account::{AccountStore, NewUserRecord, UserCredentials};
pub use decision::DecisionStore;
pub use directive::{DirectiveStore, NewDirective};
pub use evaluation::{BallotFrom, EvaluationStore};
pub use evidence::{EvidenceStore, EvidenceUsage, HashUse, StoredPart, Upload};
pub use opinion::OpinionStore;
pub use progress::{BreakdownRow, IndicatorActual, NarrativeLine, ProgressStore, UnitDone};
pub use progress_note::ProgressNoteStore;
pub use public::PublicStore;
pub use report::{ChangePage, QuarantinedOp, ReportStore, StoredReport};
pub use schedule::ScheduleStore;
pub use session::{LoginAttempts, NewSession, SessionStore};
pub use staleness::StalenessStore;
pub use submission::{NewSubmission, SubmissionStore};
pub use supervision::{NewDifficulty, NewVisit, SupervisionStore, VisitPhoto};
pub use weekly::WeeklyStore;

/// What importing a plan did. Importing the same plan twice is not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Created,
    /// A plan with this code and identical content already existed; nothing changed.
    Unchanged,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "计划 {0} 已存在且内容不同，未导入。已公布的目标不能靠重新导入修改：调整目标须经决定，\
         请督查室在该项目页的“依决定调整目标”中录入决定机关、文号、日期和理由；\
         若是另一份计划，请使用新的 code"
    )]
    PlanConflict(String),
    /// A uniqueness rule refused the write (e.g. a username already taken); Chinese text.
    #[error("{0}")]
    Conflict(String),
    /// The write names something that does not exist; Chinese text.
    #[error("{0}")]
    NotFound(String),
    /// A stored value this version cannot read (an unknown status, a bad id, broken JSON):
    /// the database holds something it should not. Logged by the caller like `Database`.
    #[error("数据库中的数据无法读取：{0}")]
    Corrupt(String),
    /// The database failed; the cause is kept as the source and logged by the caller, never
    /// shown to a client.
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
}

#[async_trait]
pub trait PlanStore: Send + Sync + 'static {
    /// Whether the database answers; for health checks.
    async fn ping(&self) -> Result<(), StoreError>;
    /// All plans, newest year first.
    async fn list_plans(&self) -> Result<Vec<PlanSummary>, StoreError>;
    /// One whole plan by its code, or `None`.
    async fn plan(&self, code: &str) -> Result<Option<PlanDetail>, StoreError>;
    /// Stores a validated plan in one transaction with its audit row: all of it or nothing.
    async fn import_plan(&self, plan: &NewPlan, actor: &Actor)
    -> Result<ImportOutcome, StoreError>;
}

#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    /// Audit rows matching the filter, newest first.
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError>;
}

/// Everything the server stores.
pub trait Store:
    PlanStore
    + AccountStore
    + SessionStore
    + AuditStore
    + ReportStore
    + ProgressStore
    + WeeklyStore
    + SupervisionStore
    + DirectiveStore
    + EvidenceStore
    + PublicStore
    + EvaluationStore
    + DecisionStore
    + ProgressNoteStore
    + OpinionStore
    + SubmissionStore
    + StalenessStore
    + ScheduleStore
{
}

impl<
    T: PlanStore
        + AccountStore
        + SessionStore
        + AuditStore
        + ReportStore
        + ProgressStore
        + WeeklyStore
        + SupervisionStore
        + DirectiveStore
        + EvidenceStore
        + PublicStore
        + EvaluationStore
        + DecisionStore
        + ProgressNoteStore
        + OpinionStore
        + SubmissionStore
        + StalenessStore
        + ScheduleStore,
> Store for T
{
}

pub type SharedStore = Arc<dyn Store>;

/// Puts into `plan` what stands on `day`: each indicator's progress from accepted reports
/// captured up to it, and what the recorded decisions in effect on it say — targets, and
/// items suspended or ended (`domain::decision`), and the 分阶段目标 approved by then
/// (`domain::schedule::approval`). Every view of a plan on a day goes through here or
/// `plans_on`, so none can show progress against a target that was not the one in force.
pub async fn apply_progress(
    store: &dyn Store,
    code: &str,
    plan: &mut PlanDetail,
    day: chrono::NaiveDate,
) -> Result<(), StoreError> {
    let actuals = store.plan_progress(code, day).await?;
    crate::domain::progress::apply_actuals(plan, &actuals);
    PlanChanges::read(store, code).await?.apply(plan, day);
    Ok(())
}

/// `plan` as it stood on each of `days` (as `apply_progress` puts it), from one read of the
/// day totals and of the decisions: views that judge many days cost one read, not one per day.
pub async fn plans_on(
    store: &dyn Store,
    code: &str,
    plan: &PlanDetail,
    days: &[chrono::NaiveDate],
) -> Result<Vec<PlanDetail>, StoreError> {
    let Some(last) = days.iter().max() else {
        return Ok(Vec::new());
    };
    let totals = store.day_totals(code, *last).await?;
    let changes = PlanChanges::read(store, code).await?;
    Ok(days
        .iter()
        .map(|day| {
            let mut at = plan.clone();
            crate::domain::progress::apply_actuals(&mut at, &totals.actuals_on(*day));
            changes.apply(&mut at, *day);
            at
        })
        .collect())
}

/// The recorded decisions and schedules of a plan, which take effect by day.
struct PlanChanges {
    targets: Vec<crate::domain::decision::TargetDecision>,
    items: Vec<crate::domain::decision::ItemDecision>,
    schedules: Vec<crate::domain::schedule::approval::ScheduleProposal>,
}

impl PlanChanges {
    async fn read(store: &dyn Store, code: &str) -> Result<PlanChanges, StoreError> {
        Ok(PlanChanges {
            targets: store.target_decisions(code).await?,
            items: store.item_decisions(code).await?,
            schedules: store.schedule_proposals(code).await?,
        })
    }

    fn apply(&self, plan: &mut PlanDetail, day: chrono::NaiveDate) {
        crate::domain::decision::apply(plan, &self.targets, day);
        crate::domain::decision::apply_items(plan, &self.items, day);
        crate::domain::schedule::approval::apply(plan, &self.schedules, day);
    }
}
