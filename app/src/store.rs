//! The storage interface the server implements (SQLite now, PostgreSQL later). Server
//! functions reach it through Leptos context; it speaks domain types only.

use std::sync::Arc;

use async_trait::async_trait;

use crate::plan::{PlanDetail, PlanSummary};
use crate::plan_file::NewPlan;

/// What importing a plan did. Importing the same plan twice is not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Created,
    /// A plan with this code and identical content already existed; nothing changed.
    Unchanged,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("计划 {0} 已存在且内容不同；请为新计划使用新的 code")]
    PlanConflict(String),
    #[error("数据库错误：{0}")]
    Database(String),
}

#[async_trait]
pub trait PlanStore: Send + Sync + 'static {
    /// Whether the database answers; for health checks.
    async fn ping(&self) -> Result<(), StoreError>;
    /// All plans, newest year first.
    async fn list_plans(&self) -> Result<Vec<PlanSummary>, StoreError>;
    /// One whole plan by its code, or `None`.
    async fn plan(&self, code: &str) -> Result<Option<PlanDetail>, StoreError>;
    /// Stores a validated plan in one transaction: all of it or nothing.
    async fn import_plan(&self, plan: &NewPlan) -> Result<ImportOutcome, StoreError>;
}

pub type SharedStore = Arc<dyn PlanStore>;
