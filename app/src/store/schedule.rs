//! 分阶段目标 in storage: proposals and the 督查室's decisions (`domain::schedule::approval`).
//! A decision checks in SQL that the proposal is still pending (two tabs: one wins, the
//! other is told), and every write comes with its audit row in the same transaction.

use async_trait::async_trait;

use crate::domain::audit::Actor;
use crate::domain::plan::ScheduleNode;
use crate::domain::schedule::approval::{ScheduleDecision, ScheduleProposal};

use super::StoreError;

#[async_trait]
pub trait ScheduleStore: Send + Sync + 'static {
    /// Files a lead unit's proposal; a pending one for the same indicator becomes
    /// superseded (kept in the history). Nothing changes pace until it is approved.
    async fn propose_schedule(
        &self,
        plan: &str,
        item: u32,
        code: &str,
        nodes: &[ScheduleNode],
        actor: &Actor,
    ) -> Result<i64, StoreError>;
    /// Approves or sends back a pending proposal of the plan; `Conflict` once decided.
    async fn decide_schedule(
        &self,
        plan: &str,
        id: i64,
        decision: &ScheduleDecision,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// Every proposal on the plan, oldest first.
    async fn schedule_proposals(&self, plan: &str) -> Result<Vec<ScheduleProposal>, StoreError>;
}
