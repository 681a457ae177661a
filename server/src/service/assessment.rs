//! 考核 for the .xlsx download: the same ranking the page shows, for who may read it.

use app::domain::account::Viewer;
use app::domain::assessment::{Score, ranking, readable_by};
use app::domain::monthly::Month;
use app::domain::plan::PlanSummary;
use app::error::AppError;
use app::server_fns::ssr::LoopSettings;
use app::store::SharedStore;

use super::ServiceError;

/// The page's reasons, as the service's: the same words either way.
fn from_app(e: AppError) -> ServiceError {
    match e {
        AppError::NotFound(m) => ServiceError::NotFound(m),
        AppError::Forbidden(m) => ServiceError::Forbidden(m),
        AppError::Invalid(m) => ServiceError::Invalid(m),
        AppError::SignInRequired => ServiceError::sign_in_required(),
        AppError::Unavailable => ServiceError::Internal("考核数据读取失败".to_string()),
    }
}

/// The plan, the month (asked, or the one due now) and its ranking as the viewer may see it.
pub async fn scores(
    store: &SharedStore,
    viewer: &Viewer,
    plan: &str,
    month: Option<String>,
    ctx: &LoopSettings,
) -> Result<(PlanSummary, Month, Vec<Score>), ServiceError> {
    let own = readable_by(viewer, plan)?;
    let detail = store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    let today = app::domain::china_time::today();
    let months = app::domain::submission::plan_months(&detail.summary, today);
    let month =
        app::server_fns::submission::pick_month(month, &months, today, ctx).map_err(from_app)?;
    let facts = app::server_fns::assessment::source::facts(store, &detail, month, ctx)
        .await
        .map_err(from_app)?;
    let mut scores = ranking(&facts, &ctx.score);
    if let Some(unit) = own {
        scores.retain(|s| s.unit == unit);
    }
    Ok((detail.summary, month, scores))
}
