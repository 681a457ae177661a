//! The weekly ledger in storage: what arrived per item and week, and "本周无进展"
//! statements.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::domain::audit::Actor;
use crate::domain::weekly::Arrival;

use super::StoreError;

#[async_trait]
pub trait WeeklyStore: Send + Sync + 'static {
    /// Updates (reports' first arrivals and statements) of the plan's items for the weeks
    /// starting `from..=to`.
    async fn arrivals(
        &self,
        plan: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Arrival>, StoreError>;
    /// Files "no progress this week" for an item, with its audit row; one per unit and week.
    async fn add_statement(
        &self,
        plan: &str,
        item: u32,
        unit_id: i64,
        week: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), StoreError>;
}
