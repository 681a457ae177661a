//! Reviewing reports: a lead unit accepts or returns them, one or many at once, shared by
//! the JSON API and the page forms. Authorization is checked here, before the store is
//! touched; the store writes the audit rows.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_manage_item;
use app::store::Store;
use app::sync::{ReviewDecision, ReviewStatus};
use uuid::Uuid;

use super::{ServiceError, plan_item};

/// Accepts or returns reports of one item. A return needs a comment (the reporter sees it
/// on the phone). Every report must belong to the item; otherwise nothing changes.
pub async fn review_reports(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    ids: &[Uuid],
    decision: ReviewDecision,
    comment: Option<&str>,
) -> Result<usize, ServiceError> {
    let (_, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment
        .is_some_and(|c| app::domain::limits::too_long(c, app::domain::limits::MAX_COMMENT_CHARS))
    {
        return Err(ServiceError::Invalid(format!(
            "审核意见不能超过 {} 个字",
            app::domain::limits::MAX_COMMENT_CHARS
        )));
    }
    if ids.len() > app::domain::limits::MAX_REVIEW_BATCH {
        return Err(ServiceError::Invalid(format!(
            "一次最多审核 {} 条填报",
            app::domain::limits::MAX_REVIEW_BATCH
        )));
    }
    let status = match decision {
        ReviewDecision::Accept => ReviewStatus::Accepted,
        ReviewDecision::Return if comment.is_some() => ReviewStatus::Returned,
        ReviewDecision::Return => {
            return Err(ServiceError::Invalid("退回时请写明原因".to_string()));
        }
    };
    if ids.is_empty() {
        return Err(ServiceError::Invalid("请先勾选要审核的填报".to_string()));
    }
    for id in ids {
        let stored = store
            .report(*id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("没有这条填报记录".to_string()))?;
        if stored.report.plan != plan || stored.report.item != item {
            return Err(ServiceError::Invalid("所选填报不属于该项目".to_string()));
        }
    }
    let actor = Actor::user(viewer.id, &viewer.username);
    store.review_many(ids, status, comment, &actor).await?;
    Ok(ids.len())
}

/// Accepts or returns one report named by its id alone (the JSON API): its plan and item
/// are read from the report, then the same rules as for many apply.
pub async fn review_one(
    store: &dyn Store,
    viewer: &Viewer,
    id: Uuid,
    decision: ReviewDecision,
    comment: Option<&str>,
) -> Result<(), ServiceError> {
    let stored = store
        .report(id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这条填报记录".to_string()))?;
    let report = &stored.report;
    review_reports(
        store,
        viewer,
        &report.plan,
        report.item,
        &[id],
        decision,
        comment,
    )
    .await?;
    Ok(())
}
