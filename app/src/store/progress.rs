//! Progress in storage: what accepted reports add up to on a given day, the breakdown by
//! unit and place, schedules (分阶段目标), and what the monthly report reads.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::StoreError;
use crate::domain::day_totals::DayTotals;
pub use crate::domain::progress::IndicatorActual;

/// What one unit reported at one place for one indicator (accepted reports).
#[derive(Clone, Debug, PartialEq)]
pub struct BreakdownRow {
    pub code: String,
    pub unit: String,
    pub place: String,
    /// count: sum of increments; rate/amount: latest value; coverage: the places this
    /// unit and place brought in first (each place counts once, so rows add up to the total).
    pub amount: f64,
    pub reports: u64,
}

/// What one unit's accepted reports add up to on one indicator that adds up (a count, or
/// the places of a coverage indicator it brought in first).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDone {
    pub item: u32,
    pub code: String,
    pub done: f64,
}

/// A narrative line for the monthly report.
#[derive(Clone, Debug, PartialEq)]
pub struct NarrativeLine {
    pub item: u32,
    pub captured_on: NaiveDate,
    pub unit: String,
    pub narrative: String,
    pub difficulties: String,
    /// 下步计划
    pub next_steps: String,
}

#[async_trait]
pub trait ProgressStore: Send + Sync + 'static {
    /// Every indicator of the plan with progress as of `as_of` (indicators without any
    /// accepted report are left out).
    async fn plan_progress(
        &self,
        plan: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<IndicatorActual>, StoreError>;
    /// The plan's day totals captured up to `until`, for progress on several days from one
    /// read (`DayTotals::actuals_on`).
    async fn day_totals(&self, plan: &str, until: NaiveDate) -> Result<DayTotals, StoreError>;
    /// Accepted progress of one item by indicator, unit and place, as of `as_of`.
    async fn item_breakdown(
        &self,
        plan: &str,
        item: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<BreakdownRow>, StoreError>;
    /// Day by day accepted progress of one item's indicators up to `as_of`, for charts.
    async fn item_series(
        &self,
        plan: &str,
        item: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<crate::domain::chart::SeriesPoint>, StoreError>;
    /// What `unit`'s accepted reports captured up to `as_of` add up to, per indicator that
    /// adds up (counts and coverage); indicators it has nothing on are left out.
    async fn unit_done(
        &self,
        plan: &str,
        unit: i64,
        as_of: NaiveDate,
    ) -> Result<Vec<UnitDone>, StoreError>;
    /// Number of reports awaiting review, per item.
    async fn pending_counts(&self, plan: &str) -> Result<Vec<(u32, u64)>, StoreError>;
    /// The latest accepted narratives per item captured in `from..=to`, at most `per_item`;
    /// of the items given, or of all.
    async fn narratives(
        &self,
        plan: &str,
        items: Option<&[u32]>,
        from: NaiveDate,
        to: NaiveDate,
        per_item: u32,
    ) -> Result<Vec<NarrativeLine>, StoreError>;
}
