//! Plan change control: the 督查室 records a decision that changes a target, or suspends,
//! resumes or ends an item (`app::domain::decision`); pace follows it from its date on.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_administer_plan;
use app::domain::decision::{NewItemDecision, NewTargetDecision, check, check_item};
use app::store::{Store, apply_progress};

use super::ServiceError;

pub async fn record_target(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    new: &NewTargetDecision,
) -> Result<i64, ServiceError> {
    may_administer_plan(viewer, plan)?;
    let mut detail = store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    // The target it replaces is the one in force on the decision's date.
    let day = app::domain::limits::day(new.decided_on).map_err(ServiceError::Invalid)?;
    apply_progress(store, plan, &mut detail, day).await?;
    let old = check(&detail, new).map_err(ServiceError::Invalid)?;
    Ok(store
        .record_target_decision(plan, new, old, &Actor::user(viewer.id, &viewer.username))
        .await?)
}

/// Suspends, resumes or ends an item by a recorded decision (checked against the item's
/// state on the decision's date).
pub async fn record_item(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    new: &NewItemDecision,
) -> Result<i64, ServiceError> {
    may_administer_plan(viewer, plan)?;
    let mut detail = store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    let day = app::domain::limits::day(new.decided_on).map_err(ServiceError::Invalid)?;
    apply_progress(store, plan, &mut detail, day).await?;
    check_item(&detail, new).map_err(ServiceError::Invalid)?;
    Ok(store
        .record_item_decision(plan, new, &Actor::user(viewer.id, &viewer.username))
        .await?)
}
