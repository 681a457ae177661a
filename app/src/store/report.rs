//! Reports in storage: applying pushed operations at most once, the change sequence for
//! pulls, reviews, and the ledger's view of an item's reports.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::audit::Actor;
use crate::domain::report::Report;
use crate::sync::{CheckedOp, OpResult, ReportChange, ReviewStatus};

use super::StoreError;

/// A report as the ledger shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredReport {
    pub report: Report,
    pub revision: u32,
    pub status: ReviewStatus,
    pub review_comment: Option<String>,
    pub unit_name: String,
    pub received_at: DateTime<Utc>,
}

/// A rejected or conflicting op kept for the supervisor.
#[derive(Clone, Debug, PartialEq)]
pub struct QuarantinedOp {
    pub op_id: Uuid,
    pub report_id: Uuid,
    pub outcome: String,
    pub reason: Option<String>,
    pub pushed_by: String,
    pub pushed_by_name: String,
    pub received_at: DateTime<Utc>,
    pub content: Report,
    /// The report was stored after this op arrived (sent again, corrected): nothing is
    /// left to do about it.
    pub fixed: bool,
}

/// One page of changes for a unit since a cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangePage {
    pub changes: Vec<ReportChange>,
    pub cursor: i64,
    pub more: bool,
}

#[async_trait]
pub trait ReportStore: Send + Sync + 'static {
    /// Applies a batch in one transaction; every op gets a result, in order. An op id seen
    /// before with the same content answers `AlreadyHad` and changes nothing.
    async fn apply_ops(
        &self,
        ops: &[CheckedOp],
        pushed_by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<OpResult>, StoreError>;
    /// Review changes of a unit's reports after `cursor`, oldest first.
    async fn changes_since(
        &self,
        unit_id: i64,
        cursor: i64,
        limit: u32,
    ) -> Result<ChangePage, StoreError>;
    /// The sequence number of the latest plan change (catalogue version).
    async fn catalogue_seq(&self) -> Result<i64, StoreError>;
    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError>;
    /// One page of a plan's reports in id order (UUIDv7: about the order they were made),
    /// after `after`; for exports that stream every report.
    async fn plan_reports_page(
        &self,
        plan: &str,
        after: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<StoredReport>, StoreError>;
    /// Reports of one item, by capture date.
    async fn item_reports(&self, plan: &str, item: u32) -> Result<Vec<StoredReport>, StoreError>;
    /// Accepts or returns a report (lead unit's manager), in one transaction with its audit
    /// row and a change for the unit's phones.
    async fn review(
        &self,
        id: Uuid,
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// Reviews several reports at once (批量审核): all of them, or none when one is refused.
    async fn review_many(
        &self,
        ids: &[Uuid],
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    async fn quarantine(&self, limit: u32) -> Result<Vec<QuarantinedOp>, StoreError>;
}
