//! 督办单 writes: the 督查室 issues, closes (办结) or sends back; the unit it went to
//! answers. Who may, and whether the 督办单 is in the phase for it, are checked here
//! (`domain::directive`) before the store is touched; the store checks the phase again in
//! SQL against a racing click.

use chrono::NaiveDate;

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_administer_plan;
use app::domain::directive::{Directive, DirectiveColour, may_respond};
use app::domain::supervision::text_field;
use app::store::{NewDirective, Store};

use super::{ServiceError, plan_item};

fn actor(viewer: &Viewer) -> Actor {
    Actor::user(viewer.id, &viewer.username)
}

fn invalid(message: String) -> ServiceError {
    ServiceError::Invalid(message)
}

/// A deadline not before the plan starts, and at most a year after it ends or a year from
/// today, whichever is later (what a plan left unfinished is still chased after its year).
async fn check_deadline(
    store: &dyn Store,
    plan: &str,
    item: u32,
    deadline: NaiveDate,
) -> Result<(), ServiceError> {
    let (detail, _) = plan_item(store, plan, item).await?;
    let (first, last) =
        app::domain::limits::deadline_days(detail.summary.starts_on, detail.summary.ends_on);
    let last = last.max(app::domain::china_time::today() + chrono::Duration::days(366));
    if deadline < first {
        return Err(invalid("办结期限不能早于计划开始日期".to_string()));
    }
    if deadline > last {
        return Err(invalid(format!("办结期限不能晚于 {last}")));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn issue(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    unit_id: i64,
    colour: DirectiveColour,
    requirement: &str,
    deadline: NaiveDate,
) -> Result<i64, ServiceError> {
    let (_, found) = plan_item(store, plan, item).await?;
    may_administer_plan(viewer, plan)?;
    if !found.involves(unit_id) {
        return Err(invalid("被督办单位须是该项目的承办单位".to_string()));
    }
    let requirement = text_field(requirement, "督办要求", 1000).map_err(invalid)?;
    check_deadline(store, plan, item, deadline).await?;
    let new = NewDirective {
        plan: plan.to_string(),
        item,
        unit_id,
        colour,
        requirement,
        deadline,
    };
    Ok(store.issue_directive(&new, &actor(viewer)).await?)
}

/// The 督办单 and its plan, or 404.
async fn find(store: &dyn Store, id: i64) -> Result<(String, Directive), ServiceError> {
    store
        .directive(id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个督办单".to_string()))
}

/// A phase check's refusal: the page the caller saw is out of date.
fn conflict(message: String) -> ServiceError {
    ServiceError::Conflict(message)
}

/// Returns the 督办单's plan and item, for the redirect.
pub async fn respond(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
    response: &str,
) -> Result<(String, u32), ServiceError> {
    let (plan, notice) = find(store, id).await?;
    may_respond(viewer, &plan, &notice)?;
    notice.check_answer().map_err(conflict)?;
    let response = text_field(response, "整改落实情况", 2000).map_err(invalid)?;
    store
        .respond_directive(id, &response, &actor(viewer))
        .await?;
    Ok((plan, notice.item))
}

/// The 督查室 sends the answer back with why, to be answered again by `deadline`.
pub async fn send_back(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
    reason: &str,
    deadline: NaiveDate,
) -> Result<(String, u32), ServiceError> {
    let (plan, notice) = find(store, id).await?;
    may_administer_plan(viewer, &plan)?;
    let reason = text_field(reason, "退回理由", 500).map_err(invalid)?;
    let today = app::domain::china_time::today();
    // From today, whatever the plan's year: an answer sent back is chased now.
    if deadline > today + chrono::Duration::days(366) {
        return Err(invalid("重新答复期限不能晚于一年以后".to_string()));
    }
    notice
        .check_send_back(deadline, today)
        .map_err(|m| match notice.phase() {
            app::domain::directive::Phase::Answered => invalid(m),
            _ => conflict(m),
        })?;
    store
        .send_back_directive(id, &reason, deadline, &actor(viewer))
        .await?;
    Ok((plan, notice.item))
}

/// 办结: the 督查室 accepts the answer.
pub async fn close(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
) -> Result<(String, u32), ServiceError> {
    let (plan, notice) = find(store, id).await?;
    may_administer_plan(viewer, &plan)?;
    notice.check_close().map_err(conflict)?;
    store.close_directive(id, &actor(viewer)).await?;
    Ok((plan, notice.item))
}
