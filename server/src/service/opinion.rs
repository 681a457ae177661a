//! 代表意见: a 测评代表 files an opinion on an item, its lead unit answers, and the 督查室
//! (and leaders) follow them all by age.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::{may_evaluate, may_manage_item};
use app::domain::opinion::check_text;
use app::store::Store;

use super::{ServiceError, plan_item};

pub async fn file(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    text: &str,
) -> Result<i64, ServiceError> {
    may_evaluate(viewer, plan)?;
    plan_item(store, plan, item).await?;
    let text = check_text(text, "意见").map_err(ServiceError::Invalid)?;
    Ok(store
        .file_opinion(plan, item, &text, &Actor::user(viewer.id, &viewer.username))
        .await?)
}

/// The lead unit's manager answers an opinion on its item.
pub async fn answer(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
    text: &str,
) -> Result<String, ServiceError> {
    let (plan, found) = store
        .opinion(id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这条代表意见".to_string()))?;
    let (_, item) = plan_item(store, &plan, found.item).await?;
    may_manage_item(viewer, &plan, &item).map_err(|_| {
        ServiceError::Forbidden("只有该项目牵头单位的单位管理员可以答复代表意见".to_string())
    })?;
    let text = check_text(text, "答复").map_err(ServiceError::Invalid)?;
    store
        .answer_opinion(id, &text, &Actor::user(viewer.id, &viewer.username))
        .await?;
    Ok(plan)
}
