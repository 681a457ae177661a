//! Reading plans: the list, and one plan with its progress as of a day.

use chrono::NaiveDate;

use app::domain::plan::{PlanDetail, PlanSummary};
use app::store::Store;

use super::ServiceError;

/// All plans, newest year first.
pub async fn list(store: &dyn Store) -> Result<Vec<PlanSummary>, ServiceError> {
    Ok(store.list_plans().await?)
}

/// A plan with progress credited as of `as_of` (default: today, or the plan's last day once
/// it is over), and the day used.
pub async fn as_of(
    store: &dyn Store,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<(PlanDetail, NaiveDate), ServiceError> {
    let as_of = as_of
        .map(app::domain::limits::day)
        .transpose()
        .map_err(ServiceError::Invalid)?;
    let mut detail = store
        .plan(code)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("没有代码为“{code}”的年度计划。")))?;
    let as_of = as_of.unwrap_or_else(|| {
        app::domain::progress::default_as_of(&detail, app::domain::china_time::today())
    });
    let actuals = store.plan_progress(code, as_of).await?;
    app::domain::progress::apply_actuals(&mut detail, &actuals);
    Ok((detail, as_of))
}
