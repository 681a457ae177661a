//! 每月报送: a lead unit's manager saves or submits the month's report of an item it leads.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_manage_item;
use app::domain::monthly::Month;
use app::domain::submission::{SubmissionText, check};
use app::store::{NewSubmission, Store};

use super::progress_note::check_month;
use super::{ServiceError, plan_item};

/// Saves (`submit` false) or submits the month's report of `item`.
pub async fn save(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    month: Month,
    text: &SubmissionText,
    submit: bool,
) -> Result<(), ServiceError> {
    let (detail, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    check_month(&detail, month)?;
    // A month is reported once it has begun, not ahead of it.
    if month
        .first_day()
        .is_none_or(|first| first > app::domain::china_time::today())
    {
        return Err(ServiceError::Invalid(format!(
            "{} 尚未开始，不能报送",
            month.label()
        )));
    }
    let text = check(text).map_err(ServiceError::Invalid)?;
    let new = NewSubmission {
        plan: plan.to_string(),
        item,
        month,
        text,
        submit,
        unit_id: viewer.unit.id,
    };
    Ok(store
        .save_submission(&new, &Actor::user(viewer.id, &viewer.username))
        .await?)
}
