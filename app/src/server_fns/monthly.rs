//! Server function behind the monthly report page (月报). The report holds internal
//! narratives and difficulties, so it is for signed-in users only.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::monthly::MonthlyReport;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyPage {
    pub report: MonthlyReport,
    /// The auto-drafted 通报 for the month.
    pub bulletin: String,
    /// Whether the viewer may download raw reports (CSV).
    pub may_export_raw: bool,
}

#[server(prefix = "/fn", endpoint = "monthly")]
pub async fn get_monthly(plan: String, month: Option<String>) -> Result<MonthlyPage, AppError> {
    use crate::domain::china_time::today;
    use crate::domain::monthly::{Month, draft_bulletin};
    use crate::domain::progress::default_as_of;
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    let rule = ssr::escalation_rule();
    let month = match month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => {
            Month::parse(m).ok_or_else(|| AppError::Invalid("月份格式应为 2024-09".to_string()))?
        }
        None => Month::of(default_as_of(&ssr::plan_of(&store, &plan).await?, today())),
    };
    let report = crate::server_fns::monthly_source::load(
        store.as_ref(),
        &plan,
        month,
        &settings,
        &rule,
        None,
    )
    .await
    .map_err(ssr::unavailable)?
    .ok_or_else(|| AppError::Invalid(format!("{} 不在该计划的实施期内", month.label())))?;
    let bulletin = draft_bulletin(&report, crate::text::BULLETIN_ISSUER, today());
    Ok(MonthlyPage {
        may_export_raw: crate::domain::authz::may_export_reports(&viewer, &plan).is_ok(),
        report,
        bulletin,
    })
}
