//! 分阶段目标: a lead unit's manager proposes an indicator's schedule, typed as text; the
//! 督查室 approves it (in force from that day on) or sends it back with a reason.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::{may_administer_plan, may_manage_item};
use app::domain::pace::Period;
use app::domain::schedule::approval::{ScheduleDecision, check_decision};
use app::domain::supervision::text_field;
use app::store::Store;

use super::{ServiceError, plan_item};

fn actor(viewer: &Viewer) -> Actor {
    Actor::user(viewer.id, &viewer.username)
}

/// Files the nodes typed as text (see `app::domain::schedule`) for the 督查室's approval.
/// Until then pace follows the schedule in force.
pub async fn propose(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    code: &str,
    text: &str,
) -> Result<i64, ServiceError> {
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
    Ok(store
        .propose_schedule(plan, item, code, &nodes, &actor(viewer))
        .await?)
}

/// The 督查室 approves a pending proposal (in force from today, China time) or sends it
/// back with a reason.
pub async fn decide(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), ServiceError> {
    may_administer_plan(viewer, plan)?;
    let proposals = store.schedule_proposals(plan).await?;
    let proposal = proposals
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ServiceError::NotFound("没有这个分阶段目标方案".to_string()))?;
    check_decision(proposal).map_err(ServiceError::Conflict)?;
    let decision = if approve {
        ScheduleDecision::Approve {
            from: app::domain::china_time::today(),
        }
    } else {
        ScheduleDecision::Reject {
            reason: text_field(reason, "退回理由", 500).map_err(ServiceError::Invalid)?,
        }
    };
    store
        .decide_schedule(plan, id, &decision, &actor(viewer))
        .await?;
    Ok(())
}
