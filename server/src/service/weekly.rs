//! The weekly ledger's writes: a lead unit files "本周无进展" for an item and week.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_manage_item;
use app::store::Store;

use super::{ServiceError, plan_item};

/// Files "本周无进展" for an item and week on behalf of the viewer's (lead) unit.
pub async fn add_statement(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    week: chrono::NaiveDate,
    reason: &str,
) -> Result<(), ServiceError> {
    let (detail, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::Invalid("请写明本周无进展的原因".to_string()));
    }
    if reason.chars().count() > 500 {
        return Err(ServiceError::Invalid("原因不能超过 500 个字".to_string()));
    }
    let week = app::domain::limits::day(week).map_err(ServiceError::Invalid)?;
    let week = app::domain::weekly::week_start(week);
    let today = app::domain::china_time::today();
    if week + chrono::Duration::days(6) < detail.summary.starts_on
        || week > detail.summary.ends_on
        || week > today
    {
        return Err(ServiceError::Invalid(
            "该周不在计划期内或尚未开始".to_string(),
        ));
    }
    let actor = Actor::user(viewer.id, &viewer.username);
    store
        .add_statement(plan, item, viewer.unit.id, week, reason, &actor)
        .await?;
    Ok(())
}
