//! Downloads: `/plans/{plan}/monthly.xlsx?month=2024-09` (signed-in users) and
//! `/plans/{plan}/reports.csv` (supervisor and leaders; it names reporters). The CSV is
//! streamed page by page, so a million reports never sit in memory at once. And
//! `/plans/{plan}/feedback.csv`: residents' ratings and suggestions, for whoever may read
//! them before publication. `/plans/{plan}/assessment.xlsx?month=`: the month's 考核.

use super::extract::{Path, Query};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::stream::{self, StreamExt};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use serde::Deserialize;

use app::domain::china_time::today;
use app::domain::monthly::{Month, draft_bulletin};

use super::extract::SignedInUser;
use super::{ApiError, AppState};
use crate::export;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/monthly.xlsx", get(monthly_xlsx))
        .route("/plans/{plan}/reports.csv", get(reports_csv))
        .route("/plans/{plan}/feedback.csv", get(feedback_csv))
        .route("/plans/{plan}/evaluation.xlsx", get(evaluation_xlsx))
        .route("/plans/{plan}/assessment.xlsx", get(assessment_xlsx))
}

#[derive(Deserialize)]
struct MonthQuery {
    month: Option<String>,
}

/// `attachment; filename*=UTF-8''…`: the Chinese file name survives every browser.
fn attachment(name: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    format!(
        "attachment; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    )
}

async fn monthly_xlsx(
    State(state): State<AppState>,
    SignedInUser(_viewer): SignedInUser,
    Path(plan): Path<String>,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let month = match query.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => Some(
            Month::parse(m).ok_or_else(|| ApiError::Invalid("月份格式应为 2024-09".to_string()))?,
        ),
        None => None,
    };
    let report = crate::service::plan::monthly(
        state.store.as_ref(),
        &plan,
        month,
        &state.pace,
        &state.escalation,
    )
    .await?;
    let bulletin = draft_bulletin(&report, app::text::BULLETIN_ISSUER, today());
    let bytes = export::xlsx::monthly_workbook(&report, &bulletin)
        .map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
    let name = format!("{}{}月报.xlsx", report.plan.title, report.month.label());
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (CONTENT_DISPOSITION, attachment(&name)),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The month's 考核 as the page shows it (the supervisor and leaders: every unit; a unit's
/// manager: its own).
async fn assessment_xlsx(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(plan): Path<String>,
    Query(query): Query<MonthQuery>,
) -> Result<Response, ApiError> {
    let (summary, month, scores) = crate::service::assessment::scores(
        &state.store,
        &viewer,
        &plan,
        query.month,
        &state.loop_settings(),
    )
    .await?;
    let title = format!("{} {} 考核", summary.title, month.label());
    let rule = state.score.describe();
    let bytes = export::assessment_xlsx::assessment_workbook(&title, &rule, &scores)
        .map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (CONTENT_DISPOSITION, attachment(&format!("{title}.xlsx"))),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// Reports per page of the CSV stream.
const CSV_PAGE: u32 = 2000;

async fn reports_csv(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(plan): Path<String>,
) -> Result<Response, ApiError> {
    let detail = crate::service::plan::for_export(state.store.as_ref(), &viewer, &plan).await?;
    let name = format!("{}原始填报.csv", detail.summary.title);
    let store = state.store.clone();
    let header = stream::once(async { Ok::<_, std::io::Error>(export::csv::header()) });
    // Each step reads the page after the last id written; an error ends the download
    // (the client sees a truncated file, and the log says why).
    let pages = stream::unfold(Some(None), move |after| {
        let store = store.clone();
        let detail = detail.clone();
        let plan = plan.clone();
        async move {
            let after = after?;
            match crate::service::plan::reports_page(store.as_ref(), &plan, after, CSV_PAGE).await {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let last = rows.last().map(|r| r.report.id);
                    let text: String = rows.iter().map(|r| export::csv::row(&detail, r)).collect();
                    let next = (rows.len() == CSV_PAGE as usize).then_some(last);
                    Some((Ok(text), next))
                }
                Err(e) => {
                    tracing::error!(error = %e, "csv export failed");
                    Some((Err(std::io::Error::other(e.to_string())), None))
                }
            }
        }
    });
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, attachment(&name)),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        // Fused: the compression layer polls the body once more after its end, and a
        // finished `unfold` panics when polled again (the download then stopped at 65 KB
        // with gzip and at 150 bytes with br).
        Body::from_stream(header.chain(pages).fuse()),
    )
        .into_response())
}

async fn feedback_csv(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(plan): Path<String>,
) -> Result<Response, ApiError> {
    let (detail, all) =
        crate::service::feedback::export(state.store.as_ref(), &viewer, &plan).await?;
    let mut body = export::csv::feedback_header();
    for f in &all {
        body.push_str(&export::csv::feedback_row(&detail, f));
    }
    let name = format!("{}群众评价.csv", detail.summary.title);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (CONTENT_DISPOSITION, attachment(&name)),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

/// The latest 满意度测评's results: anyone once it is closed (they are public then).
async fn evaluation_xlsx(
    State(state): State<AppState>,
    parts: http::request::Parts,
    Path(plan): Path<String>,
) -> Result<Response, ApiError> {
    let viewer = super::page_form::session_of(&parts).viewer;
    let (detail, window, results) =
        crate::service::evaluation::latest_results(state.store.as_ref(), viewer.as_ref(), &plan)
            .await?;
    let bytes =
        export::evaluation_xlsx::evaluation_workbook(&detail.summary.title, &window, &results)
            .map_err(|e| ApiError::Internal(format!("xlsx: {e}")))?;
    let name = format!("{}满意度测评结果.xlsx", detail.summary.title);
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (CONTENT_DISPOSITION, attachment(&name)),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
