//! Server function behind the 每月报送 page: for each item of the plan, the month's
//! submission or its pre-filled draft, when it is due and whether it came in time. The lead
//! unit's manager edits its own items' drafts; the 督查室 and leaders read every item's.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::monthly::Month;
use crate::domain::plan::PlanSummary;
use crate::domain::submission::{Submission, SubmissionText, Timeliness};
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionRow {
    pub item: u32,
    pub title: String,
    pub lead_units: String,
    pub submitted: Option<Submission>,
    pub timeliness: Timeliness,
    /// What the form shows: the saved text, else the draft from the accepted reports.
    pub text: SubmissionText,
    /// The viewer's unit leads the item and the viewer manages it.
    pub editable: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionsPage {
    pub plan: PlanSummary,
    pub month: Month,
    pub due_on: chrono::NaiveDate,
    /// Every month of the plan that has begun, for the picker.
    pub months: Vec<Month>,
    pub rows: Vec<SubmissionRow>,
}

#[server(prefix = "/fn", endpoint = "submissions")]
pub async fn get_submissions(
    plan: String,
    month: Option<String>,
) -> Result<SubmissionsPage, AppError> {
    use crate::domain::submission::{prefill, timeliness};
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let ctx = ssr::loop_settings();
    let due = ctx.submission;
    let detail = ssr::plan_of(&store, &plan).await?;
    if matches!(
        viewer.role_in(&plan).map(|r| r.role),
        None | Some(
            crate::domain::account::Role::Reporter | crate::domain::account::Role::Evaluator
        )
    ) {
        return Err(AppError::Forbidden(
            "月度报送由牵头单位、督查室和分管领导查看".to_string(),
        ));
    }
    let today = crate::domain::china_time::today();
    let months = crate::domain::submission::plan_months(&detail.summary, today);
    let month = pick_month(month, &months, today, &ctx)?;
    let editable: Vec<u32> = detail
        .items
        .iter()
        .filter(|i| crate::domain::authz::may_manage_item(&viewer, &plan, i).is_ok())
        .map(|i| i.number)
        .collect();
    // Drafts only for the items the viewer writes: the month's report, with its narrative
    // lines read for those items only (the 督查室's view reads no reports at all).
    let report = if editable.is_empty() {
        None
    } else {
        crate::server_fns::monthly_source::load(
            store.as_ref(),
            &plan,
            month,
            &ctx.pace,
            &ctx.escalation,
            Some(&editable),
        )
        .await
        .map_err(ssr::unavailable)?
    };
    let drafted = |n: u32| {
        report
            .iter()
            .flat_map(|r| r.categories.iter().flat_map(|c| c.items.iter()))
            .find(|m| m.number == n)
            .map(prefill)
            .unwrap_or_default()
    };
    let saved = store
        .submissions(&plan, Some(month))
        .await
        .map_err(ssr::unavailable)?;
    let rows = detail
        .items
        .iter()
        .map(|item| {
            let submitted = saved.iter().find(|s| s.item == item.number).cloned();
            let editable = editable.contains(&item.number);
            SubmissionRow {
                item: item.number,
                title: item.title.clone(),
                lead_units: item
                    .lead_units
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                timeliness: timeliness(submitted.as_ref(), month, &due, today),
                text: match &submitted {
                    Some(s) => s.text.clone(),
                    None if editable => drafted(item.number),
                    None => SubmissionText::default(),
                },
                editable,
                submitted,
            }
        })
        .collect();
    Ok(SubmissionsPage {
        plan: detail.summary.clone(),
        due_on: due.due_on(month),
        month,
        months,
        rows,
    })
}

/// The month asked for (one of `months`), or the one due now.
#[cfg(feature = "ssr")]
pub fn pick_month(
    asked: Option<String>,
    months: &[Month],
    today: chrono::NaiveDate,
    ctx: &crate::server_fns::ssr::LoopSettings,
) -> Result<Month, AppError> {
    match asked.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => Month::parse(m)
            .filter(|m| months.contains(m))
            .ok_or_else(|| {
                AppError::Invalid("月份应为本计划实施期内已开始的月份，如 2024-09".to_string())
            }),
        None => Ok(crate::domain::submission::default_month(
            months,
            today,
            ctx.submission.due_day,
        )),
    }
}
