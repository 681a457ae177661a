//! Lead-unit writes on an item, shared by the JSON API and the page forms: reviewing
//! reports (accept / return, one or many at once) and setting 分阶段目标. Authorization
//! is checked here, before the store is touched; the store writes the audit rows.

use app::account::Viewer;
use app::audit::Actor;
use app::authz::may_manage_item;
use app::pace::Period;
use app::store::Store;
use app::sync::ReviewStatus;
use uuid::Uuid;

use crate::routes::ApiError;
use crate::supervise::plan_item;

/// Accepts or returns reports of one item. A return needs a comment (the reporter sees it
/// on the phone). Every report must belong to the item; otherwise nothing changes.
pub async fn review_reports(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    ids: &[Uuid],
    decision: &str,
    comment: Option<&str>,
) -> Result<usize, ApiError> {
    let (_, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| app::limits::too_long(c, app::limits::MAX_COMMENT_CHARS)) {
        return Err(ApiError::Invalid(format!(
            "审核意见不能超过 {} 个字",
            app::limits::MAX_COMMENT_CHARS
        )));
    }
    if ids.len() > app::limits::MAX_REVIEW_BATCH {
        return Err(ApiError::Invalid(format!(
            "一次最多审核 {} 条填报",
            app::limits::MAX_REVIEW_BATCH
        )));
    }
    let status = match decision {
        "accept" => ReviewStatus::Accepted,
        "return" if comment.is_some() => ReviewStatus::Returned,
        "return" => return Err(ApiError::Invalid("退回时请写明原因".to_string())),
        _ => {
            return Err(ApiError::Invalid(
                "审核结果只能是 accept 或 return".to_string(),
            ));
        }
    };
    if ids.is_empty() {
        return Err(ApiError::Invalid("请先勾选要审核的填报".to_string()));
    }
    for id in ids {
        let stored = store
            .report(*id)
            .await?
            .ok_or_else(|| ApiError::NotFound("没有这条填报记录".to_string()))?;
        if stored.report.plan != plan || stored.report.item != item {
            return Err(ApiError::Invalid("所选填报不属于该项目".to_string()));
        }
    }
    let actor = Actor::user(viewer.id, &viewer.username);
    store.review_many(ids, status, comment, &actor).await?;
    Ok(ids.len())
}

/// Replaces an indicator's schedule with the nodes typed as text (see `app::schedule`).
pub async fn set_schedule(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    code: &str,
    text: &str,
) -> Result<(), ApiError> {
    let (detail, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let indicator = found
        .indicators
        .iter()
        .find(|i| i.code == code)
        .ok_or_else(|| ApiError::NotFound("没有这个指标".to_string()))?;
    let period = Period {
        starts_on: detail.summary.starts_on,
        ends_on: detail.summary.ends_on,
    };
    let nodes = app::schedule::parse_schedule(text, indicator, period)
        .map_err(|e| ApiError::Invalid(format!("{}：{e}", indicator.name)))?;
    let actor = Actor::user(viewer.id, &viewer.username);
    store.set_schedule(plan, item, code, &nodes, &actor).await?;
    Ok(())
}

/// Files "本周无进展" for an item and week on behalf of the viewer's (lead) unit.
pub async fn add_statement(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    week: chrono::NaiveDate,
    reason: &str,
) -> Result<(), ApiError> {
    let (detail, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ApiError::Invalid("请写明本周无进展的原因".to_string()));
    }
    if reason.chars().count() > 500 {
        return Err(ApiError::Invalid("原因不能超过 500 个字".to_string()));
    }
    let week = app::limits::day(week).map_err(ApiError::Invalid)?;
    let week = app::weekly::week_start(week);
    let today = app::api::ssr::today();
    if week + chrono::Duration::days(6) < detail.summary.starts_on
        || week > detail.summary.ends_on
        || week > today
    {
        return Err(ApiError::Invalid("该周不在计划期内或尚未开始".to_string()));
    }
    let actor = Actor::user(viewer.id, &viewer.username);
    store
        .add_statement(plan, item, viewer.unit.id, week, reason, &actor)
        .await?;
    Ok(())
}
