//! Recorded decisions changing a plan's targets, or suspending, resuming or ending its
//! items (`domain::decision`).

use async_trait::async_trait;

use crate::domain::audit::Actor;
use crate::domain::decision::{ItemDecision, NewItemDecision, NewTargetDecision, TargetDecision};

use super::StoreError;

#[async_trait]
pub trait DecisionStore: Send + Sync + 'static {
    /// Records a checked decision with the target it replaces; audited. Its id.
    async fn record_target_decision(
        &self,
        plan: &str,
        new: &NewTargetDecision,
        old_target: f64,
        actor: &Actor,
    ) -> Result<i64, StoreError>;

    /// Every decision on the plan's targets, oldest first.
    async fn target_decisions(&self, plan: &str) -> Result<Vec<TargetDecision>, StoreError>;

    /// Records a checked decision suspending, resuming or ending an item; audited.
    async fn record_item_decision(
        &self,
        plan: &str,
        new: &NewItemDecision,
        actor: &Actor,
    ) -> Result<i64, StoreError>;

    /// Every decision on the plan's items, oldest first.
    async fn item_decisions(&self, plan: &str) -> Result<Vec<ItemDecision>, StoreError>;
}
