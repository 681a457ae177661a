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
    /// 下步计划
    #[serde(default)]
    pub next_steps: String,
    pub difficulties: String,
    pub place: String,
    pub status: String,
    pub comment: Option<String>,
    /// Awaiting review (accepted reports are locked; returned ones wait for an edit).
    pub reviewable: bool,
    /// Unlikely figures of a report awaiting review (`plausibility`), for the reviewer.
    #[serde(default)]
    pub concerns: Vec<String>,
    /// The report's evidence photos, with what the reviewer should know about each.
    #[serde(default)]
    pub photos: Vec<PhotoRow>,
}

/// One evidence photo beside a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhotoRow {
    pub id: String,
    /// The thumbnail is on the server (else a placeholder is shown).
    pub thumb_arrived: bool,
    /// Integrity flags, in Chinese (`evidence::review_flags`).
    pub flags: Vec<String>,
    /// Shown to the public as this stage of the work.
    #[serde(default)]
    pub stage: Option<crate::domain::evidence::public::PublicStage>,
    /// The lead unit may make it public (`evidence::public::may_publish`).
    #[serde(default)]
    pub publishable: bool,
}

#[server(prefix = "/fn", endpoint = "item_reports")]
pub async fn get_item_reports(plan: String, number: u32) -> Result<Vec<ReportRow>, AppError> {
    use crate::domain::weekly::week_label;
    use crate::field::form::summarize_values;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    // A 测评代表 reads progress and narratives, not who wrote them.
    let names_hidden = viewer
        .role_in(&plan)
        .is_some_and(|r| r.role == crate::domain::account::Role::Evaluator);
    let store = crate::server_fns::ssr::store()?;
    let detail = store
        .plan(&plan)
        .await
        .map_err(crate::server_fns::ssr::unavailable)?;
    let reports = store
        .item_reports(&plan, number)
        .await
        .map_err(crate::server_fns::ssr::unavailable)?;
    // Progress so far (accepted reports) and the usual accepted figure per indicator: what
    // a pending report's figures are weighed against.
    let mut detail = detail;
    if let Some(d) = detail.as_mut() {
        crate::store::apply_progress(store.as_ref(), &plan, d, crate::domain::china_time::today())
            .await
            .map_err(crate::server_fns::ssr::unavailable)?;
    }
    let item = detail.as_ref().and_then(|d| d.item(number));
    let usual = item
        .map(|item| usual_figures(item, &reports))
        .unwrap_or_default();
    let photos = photo_rows(store.as_ref(), &reports, item).await?;
    Ok(reports
        .into_iter()
        .zip(photos)
        .map(|(s, photos)| ReportRow {
            photos,
            concerns: match item {
                Some(item) if s.status == crate::sync::ReviewStatus::Submitted => {
                    crate::domain::plausibility::concerns(&s.report, item, &usual)
                        .into_iter()
                        .map(|c| c.message)
                        .collect()
                }
                _ => Vec::new(),
            },
            id: s.report.id.to_string(),
            captured_on: s.report.captured_on,
            week: week_label(s.report.captured_on),
            unit: s.unit_name,
            author: if names_hidden {
                String::new()
            } else {
                s.report.author.clone()
            },
            values: summarize_values(&s.report, item),
            narrative: s.report.narrative.clone(),
            next_steps: s.report.next_steps.clone(),
            difficulties: s.report.difficulties.clone(),
            place: s.report.place.clone(),
            status: s.status.label().to_string(),
            comment: s.review_comment,
            reviewable: s.status == crate::sync::ReviewStatus::Submitted,
        })
        .collect())
}

/// Each report's photos with their flags: one query for what arrived, one for reuse.
#[cfg(feature = "ssr")]
async fn photo_rows(
    store: &dyn crate::store::Store,
    reports: &[crate::store::StoredReport],
    item: Option<&crate::domain::plan::Item>,
) -> Result<Vec<Vec<PhotoRow>>, AppError> {
    use crate::domain::evidence::public::may_publish;
    use crate::domain::evidence::{PhotoPart, review_flags};
    use crate::server_fns::ssr::unavailable;
    let ids: Vec<uuid::Uuid> = reports
        .iter()
        .filter(|s| !s.report.photos.is_empty())
        .map(|s| s.report.id)
        .collect();
    let parts = store.report_parts(&ids).await.map_err(unavailable)?;
    let hashes: Vec<String> = reports
        .iter()
        .flat_map(|s| s.report.photos.iter().map(|p| p.sha256.clone()))
        .collect();
    let uses = store.hash_uses(&hashes).await.map_err(unavailable)?;
    let stages = store.stages(&ids).await.map_err(unavailable)?;
    let stored = |photo: uuid::Uuid, part: PhotoPart| {
        parts.iter().find(|p| p.photo_id == photo && p.part == part)
    };
    Ok(reports
        .iter()
        .map(|s| {
            s.report
                .photos
                .iter()
                .map(|p| {
                    let photo = stored(p.id, PhotoPart::Photo);
                    let reused = uses
                        .iter()
                        .find(|u| u.sha256 == p.sha256 && u.report_id != s.report.id)
                        .map(|u| (u.item, u.captured_on));
                    let taken = photo.and_then(|st| st.exif_taken_at).or(p.exif_taken_at);
                    PhotoRow {
                        id: p.id.to_string(),
                        thumb_arrived: stored(p.id, PhotoPart::Thumb).is_some(),
                        flags: review_flags(photo.is_some(), reused, taken, s.report.captured_on)
                            .iter()
                            .map(|f| f.text())
                            .collect(),
                        stage: stages.iter().find(|(id, _)| *id == p.id).map(|(_, st)| *st),
                        publishable: photo.is_some()
                            && item.is_some_and(|item| may_publish(item, s.status).is_ok()),
                    }
                })
                .collect()
        })
        .collect())
}

/// The median accepted figure per count and amount indicator of the item.
#[cfg(feature = "ssr")]
fn usual_figures(
    item: &crate::domain::plan::Item,
    reports: &[crate::store::StoredReport],
) -> Vec<(String, f64)> {
    use crate::domain::report::IndicatorInput;
    item.indicators
        .iter()
        .filter_map(|ind| {
            let mut figures: Vec<f64> = reports
                .iter()
                .filter(|s| s.status == crate::sync::ReviewStatus::Accepted)
                .flat_map(|s| s.report.values.iter())
                .filter(|v| v.code == ind.code)
                .filter_map(|v| match v.input {
                    IndicatorInput::Increment { amount } => Some(amount),
                    IndicatorInput::Current { value } => Some(value),
                    _ => None,
                })
                .collect();
            crate::domain::plausibility::median(&mut figures).map(|m| (ind.code.clone(), m))
        })
        .collect()
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
pub async fn get_quarantine() -> Result<QuarantinePage, AppError> {
    use crate::field::form::summarize_values;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    crate::domain::authz::may_administer_users(&viewer).map_err(|d| AppError::Forbidden(d.0))?;
    let store = crate::server_fns::ssr::store()?;
    let ops = store
        .quarantine(200)
        .await
        .map_err(crate::server_fns::ssr::unavailable)?;
    // In the plan's words: the item's title and its indicators' names, not codes.
    let mut plans: Vec<crate::domain::plan::PlanDetail> = Vec::new();
    for code in ops.iter().map(|q| q.content.plan.clone()) {
        if !plans.iter().any(|p| p.summary.id == code)
            && let Some(plan) = store
                .plan(&code)
                .await
                .map_err(crate::server_fns::ssr::unavailable)?
        {
            plans.push(plan);
        }
    }
    let fixed = ops.iter().filter(|q| q.fixed).count();
    let rows = ops
        .into_iter()
        .filter(|q| !q.fixed)
        .map(|q| {
            let item = plans
                .iter()
                .find(|p| p.summary.id == q.content.plan)
                .and_then(|p| p.item(q.content.item));
            QuarantineRow {
                op_id: q.op_id.to_string(),
                received_at: crate::domain::china_time::format(q.received_at, "%Y-%m-%d %H:%M"),
                pushed_by: q.pushed_by_name,
                item: match item {
                    Some(i) => format!("（{}）{}", i.number, i.title),
                    None => format!("第 {} 项", q.content.item),
                },
                outcome: match q.outcome.as_str() {
                    "conflict" => crate::text::QUARANTINE_CONFLICT,
                    _ => crate::text::QUARANTINE_REJECTED,
                }
                .to_string(),
                reason: q.reason.unwrap_or_default(),
                summary: format!(
                    "{} {}",
                    summarize_values(&q.content, item),
                    q.content.narrative
                ),
            }
        })
        .collect();
    Ok(QuarantinePage { rows, fixed })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarantinePage {
    /// What is still to be looked at, newest first.
    pub rows: Vec<QuarantineRow>,
    /// Ops whose report was sent again and stored since: no longer listed.
    pub fixed: usize,
}
