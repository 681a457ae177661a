//! Reading plans: the list, and one plan with its progress as of a day.

use chrono::NaiveDate;

use app::domain::account::Viewer;
use app::domain::authz::may_export_reports;
use app::domain::monthly::{Month, MonthlyReport};
use app::domain::pace::{ItemPace, PaceSettings};
use app::domain::plan::{PlanDetail, PlanSummary};
use app::domain::privacy::PrivacySettings;
use app::store::{Store, StoredReport};
use uuid::Uuid;

use super::ServiceError;

/// All plans, newest year first.
pub async fn list(store: &dyn Store) -> Result<Vec<PlanSummary>, ServiceError> {
    Ok(store.list_plans().await?)
}

/// A plan with progress credited as of `as_of` (default: today, or the plan's last day once
/// it is over), and the day used.
pub async fn as_of(
    store: &dyn Store,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<(PlanDetail, NaiveDate), ServiceError> {
    let as_of = as_of
        .map(app::domain::limits::day)
        .transpose()
        .map_err(ServiceError::Invalid)?;
    let mut detail = store
        .plan(code)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("没有代码为“{code}”的年度计划。")))?;
    let as_of = as_of.unwrap_or_else(|| {
        app::domain::progress::default_as_of(&detail, app::domain::china_time::today())
    });
    app::store::apply_progress(store, code, &mut detail, as_of).await?;
    Ok((detail, as_of))
}

/// What the public sees of a plan as of a day (`/api/v1`, which anyone may read): the plan
/// and every item's pace, with small totals about people withheld (`domain::privacy`).
/// The colours are worked out from the real figures first.
pub async fn public_as_of(
    store: &dyn Store,
    code: &str,
    as_of: Option<NaiveDate>,
    pace: &PaceSettings,
    privacy: PrivacySettings,
) -> Result<(PlanDetail, Vec<ItemPace>, NaiveDate), ServiceError> {
    let (mut detail, as_of) = self::as_of(store, code, as_of).await?;
    let mut paces = app::domain::pace::plan_paces(&detail, as_of, pace);
    app::domain::privacy::suppress_plan(&mut detail, &mut paces, privacy);
    Ok((detail, paces, as_of))
}

/// Whether the database answers (the readiness probe).
pub async fn ready(store: &dyn Store) -> Result<(), ServiceError> {
    Ok(store.ping().await?)
}

/// A plan whose raw reports the viewer may download (they name people).
pub async fn for_export(
    store: &dyn Store,
    viewer: &Viewer,
    code: &str,
) -> Result<PlanDetail, ServiceError> {
    may_export_reports(viewer, code)?;
    store
        .plan(code)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))
}

/// One page of a plan's reports after `after`, in id order: a streamed export reads the
/// whole plan page by page, never all at once.
pub async fn reports_page(
    store: &dyn Store,
    code: &str,
    after: Option<Uuid>,
    limit: u32,
) -> Result<Vec<StoredReport>, ServiceError> {
    Ok(store.plan_reports_page(code, after, limit).await?)
}

/// A plan's monthly report (default: the month of today, or of the plan's last day once it
/// is over), for the .xlsx download; a month outside the plan's
/// period is refused.
pub async fn monthly(
    store: &dyn Store,
    code: &str,
    month: Option<Month>,
    settings: &PaceSettings,
    rule: &app::domain::directive::EscalationRule,
) -> Result<MonthlyReport, ServiceError> {
    let detail = store
        .plan(code)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    let month = month.unwrap_or_else(|| {
        Month::of(app::domain::progress::default_as_of(
            &detail,
            app::domain::china_time::today(),
        ))
    });
    app::server_fns::monthly_source::load(store, code, month, settings, rule, None)
        .await?
        .ok_or_else(|| ServiceError::Invalid(format!("{} 不在该计划的实施期内", month.label())))
}
