//! Server functions behind the ledger's report views. Reports name people, so they are
//! shown to signed-in users only; the public sees aggregated progress.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One report as the item page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: String,
    pub captured_on: chrono::NaiveDate,
    /// The ISO week the report is credited to: "2024年第19周".
    pub week: String,
    pub unit: String,
    pub author: String,
    pub values: String,
    pub narrative: String,
    pub difficulties: String,
    pub place: String,
    pub status: String,
    pub comment: Option<String>,
    /// Awaiting review (accepted reports are locked; returned ones wait for an edit).
    pub reviewable: bool,
}

#[server(prefix = "/fn", endpoint = "item_reports")]
pub async fn get_item_reports(plan: String, number: u32) -> Result<Vec<ReportRow>, AppError> {
    use crate::field_form::summarize_values;
    use crate::report::week_label;
    crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = crate::api::ssr::store()?;
    let detail = store
        .plan(&plan)
        .await
        .map_err(crate::api::ssr::unavailable)?;
    let item = detail.as_ref().and_then(|d| d.item(number));
    let reports = store
        .item_reports(&plan, number)
        .await
        .map_err(crate::api::ssr::unavailable)?;
    Ok(reports
        .into_iter()
        .map(|s| ReportRow {
            id: s.report.id.to_string(),
            captured_on: s.report.captured_on,
            week: week_label(s.report.captured_on),
            unit: s.unit_name,
            author: s.report.author.clone(),
            values: summarize_values(&s.report, item),
            narrative: s.report.narrative.clone(),
            difficulties: s.report.difficulties.clone(),
            place: s.report.place.clone(),
            status: s.status.label().to_string(),
            comment: s.review_comment,
            reviewable: s.status == crate::sync::ReviewStatus::Submitted,
        })
        .collect())
}

/// One quarantined operation, for the supervisor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarantineRow {
    pub op_id: String,
    pub received_at: String,
    pub pushed_by: String,
    pub item: String,
    pub outcome: String,
    pub reason: String,
    pub summary: String,
}

#[server(prefix = "/fn", endpoint = "quarantine")]
pub async fn get_quarantine() -> Result<Vec<QuarantineRow>, AppError> {
    use crate::field_form::summarize_values;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    crate::authz::may_administer_users(&viewer).map_err(|d| AppError::Forbidden(d.0))?;
    let store = crate::api::ssr::store()?;
    let ops = store
        .quarantine(200)
        .await
        .map_err(crate::api::ssr::unavailable)?;
    Ok(ops
        .into_iter()
        .map(|q| QuarantineRow {
            op_id: q.op_id.to_string(),
            received_at: (q.received_at + chrono::Duration::hours(8))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            pushed_by: q.pushed_by,
            item: format!("{} 第 {} 项", q.content.plan, q.content.item),
            outcome: match q.outcome.as_str() {
                "conflict" => crate::text::QUARANTINE_CONFLICT,
                _ => crate::text::QUARANTINE_REJECTED,
            }
            .to_string(),
            reason: q.reason.unwrap_or_default(),
            summary: format!(
                "{} {}",
                summarize_values(&q.content, None),
                q.content.narrative
            ),
        })
        .collect())
}
