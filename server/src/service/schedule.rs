//! 分阶段目标: a lead unit sets an indicator's schedule, typed as text.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_manage_item;
use app::domain::pace::Period;
use app::store::Store;

use super::{ServiceError, plan_item};

/// Replaces an indicator's schedule with the nodes typed as text (see `app::domain::schedule`).
pub async fn set_schedule(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    code: &str,
    text: &str,
) -> Result<(), ServiceError> {
    let (detail, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let indicator = found
        .indicators
        .iter()
        .find(|i| i.code == code)
        .ok_or_else(|| ServiceError::NotFound("没有这个指标".to_string()))?;
    let period = Period {
        starts_on: detail.summary.starts_on,
        ends_on: detail.summary.ends_on,
    };
    let nodes = app::domain::schedule::parse_schedule(text, indicator, period)
        .map_err(|e| ServiceError::Invalid(format!("{}：{e}", indicator.name)))?;
    let actor = Actor::user(viewer.id, &viewer.username);
    store.set_schedule(plan, item, code, &nodes, &actor).await?;
    Ok(())
}
