//! 进展公开: the lead unit writes an item's monthly public note; the 督查室 publishes it,
//! edited if need be. Only published notes are shown to the public.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::{may_administer_plan, may_manage_item};
use app::domain::monthly::Month;
use app::domain::progress_note::check_note;
use app::store::Store;

use super::{ServiceError, plan_item};

/// The month must lie within the plan's period.
pub(super) fn check_month(
    plan: &app::domain::plan::PlanDetail,
    month: Month,
) -> Result<(), ServiceError> {
    let period = &plan.summary;
    match (month.first_day(), month.last_day()) {
        (Some(first), Some(last)) if last >= period.starts_on && first <= period.ends_on => Ok(()),
        _ => Err(ServiceError::Invalid(format!(
            "{} 不在该计划的实施期内",
            month.label()
        ))),
    }
}

pub async fn write(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    month: Month,
    text: &str,
) -> Result<(), ServiceError> {
    let (detail, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    check_month(&detail, month)?;
    let text = check_note(text).map_err(ServiceError::Invalid)?;
    Ok(store
        .write_note(
            plan,
            item,
            month,
            &text,
            &Actor::user(viewer.id, &viewer.username),
        )
        .await?)
}

pub async fn publish(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    month: Month,
    text: &str,
) -> Result<(), ServiceError> {
    may_administer_plan(viewer, plan)?;
    let (detail, _) = plan_item(store, plan, item).await?;
    check_month(&detail, month)?;
    let text = check_note(text).map_err(ServiceError::Invalid)?;
    Ok(store
        .publish_note(
            plan,
            item,
            month,
            &text,
            &Actor::user(viewer.id, &viewer.username),
        )
        .await?)
}
