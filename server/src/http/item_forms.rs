//! The item page's forms for the lead unit: review (tick reports, accept or return) and
//! 分阶段目标. Like every page form they work without JavaScript and, when refused, show
//! the page again with the message; nothing is half-applied.

use super::extract::Path;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::request::Parts;
use uuid::Uuid;

use app::sync::ReviewDecision;

use super::page_form::PageForm;
use super::{ApiError, AppState};
use crate::service::{decision as decisions, progress_note, review, schedule, weekly};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/items/{number}/review", post(review))
        .route("/plans/{plan}/items/{number}/schedule", post(schedule))
        .route(
            "/plans/{plan}/items/{number}/schedule/{id}/decide",
            post(schedule_decision),
        )
        .route("/plans/{plan}/weekly/statement", post(statement))
        .route("/plans/{plan}/items/{number}/decisions", post(decision))
        .route("/plans/{plan}/items/{number}/notes/{action}", post(note))
}

async fn review(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "review") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let ids = form
            .fields
            .all("report")
            .iter()
            .map(|id| Uuid::parse_str(id))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ApiError::Invalid("所选填报无效".to_string()))?;
        let decision = ReviewDecision::parse(&form.get("decision"))
            .ok_or_else(|| ApiError::Invalid(ReviewDecision::INVALID.to_string()))?;
        let comment = form.get("comment");
        review::review_reports(
            state.store.as_ref(),
            &form.viewer,
            &plan,
            number,
            &ids,
            decision,
            Some(comment.as_str()),
        )
        .await?;
        Ok::<_, ApiError>(form.done("reviewed"))
    }
    .await;
    form.answer(&state, &parts, result).await
}

async fn schedule(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "schedule") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = schedule::propose(
        state.store.as_ref(),
        &form.viewer,
        &plan,
        number,
        &form.get("code"),
        &form.get("nodes"),
    )
    .await
    .map(|_| form.done("schedule"));
    form.answer(&state, &parts, result).await
}

/// The 督查室 approves (`decision=approve`) or sends back (`decision=reject`, with `reason`).
async fn schedule_decision(
    State(state): State<AppState>,
    Path((plan, number, id)): Path<(String, u32, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "schedule-decision") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let approve = match form.get("decision").as_str() {
            "approve" => true,
            "reject" => false,
            _ => return Err(ApiError::Invalid("请选择批准或退回".to_string())),
        };
        schedule::decide(
            state.store.as_ref(),
            &form.viewer,
            &plan,
            id,
            approve,
            &form.get("reason"),
        )
        .await?;
        Ok(form.done(if approve {
            "schedule-approved"
        } else {
            "schedule-rejected"
        }))
    }
    .await;
    form.answer(&state, &parts, result).await
}

async fn statement(
    State(state): State<AppState>,
    Path(plan): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/weekly");
    let form = match PageForm::parse(&parts, &body, page, "statement") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let item = form
            .get("item")
            .parse::<u32>()
            .map_err(|_| ApiError::Invalid("请选择项目".to_string()))?;
        let week = form
            .get("week")
            .parse()
            .map_err(|_| ApiError::Invalid("周次无效".to_string()))?;
        weekly::add_statement(
            state.store.as_ref(),
            &form.viewer,
            &plan,
            item,
            week,
            &form.get("reason"),
        )
        .await?;
        Ok::<_, ApiError>(form.done("statement"))
    }
    .await;
    form.answer(&state, &parts, result).await
}

/// 依决定调整: the 督查室 records the decision that changed an indicator's target, or
/// suspended, resumed or ended the item (field `kind`).
async fn decision(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "decision") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let decided_on =
            chrono::NaiveDate::parse_from_str(form.get("decided_on").trim(), "%Y-%m-%d")
                .map_err(|_| ApiError::Invalid("请填写决定日期（如 2024-07-01）".to_string()))?;
        // A decision on the whole item (暂停 / 恢复 / 终止), or on one indicator's target.
        if let Some(kind) = app::domain::decision::ItemDecisionKind::parse(&form.get("kind")) {
            let new = app::domain::decision::NewItemDecision {
                item: number,
                kind,
                body: form.get("body"),
                doc_number: form.get("doc_number"),
                decided_on,
                reason: form.get("reason"),
            };
            decisions::record_item(state.store.as_ref(), &form.viewer, &plan, &new).await?;
            return Ok::<_, ApiError>(form.done("decision"));
        }
        let new_target = form
            .get("new_target")
            .trim()
            .parse::<f64>()
            .map_err(|_| ApiError::Invalid("新目标应为数字".to_string()))?;
        let new = app::domain::decision::NewTargetDecision {
            item: number,
            indicator: form.get("indicator"),
            body: form.get("body"),
            doc_number: form.get("doc_number"),
            decided_on,
            reason: form.get("reason"),
            new_target,
        };
        decisions::record_target(state.store.as_ref(), &form.viewer, &plan, &new).await?;
        Ok::<_, ApiError>(form.done("decision"))
    }
    .await;
    form.answer(&state, &parts, result).await
}

/// 进展公开: the lead unit writes the month's note (`write`); the 督查室 publishes it
/// (`publish`), with the text as it leaves it.
async fn note(
    State(state): State<AppState>,
    Path((plan, number, action)): Path<(String, u32, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, format!("note-{action}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let month = app::domain::monthly::Month::parse(&form.get("month"))
            .ok_or_else(|| ApiError::Invalid("月份格式应为 2024-09".to_string()))?;
        let store = state.store.as_ref();
        let text = form.get("text");
        match action.as_str() {
            "write" => {
                progress_note::write(store, &form.viewer, &plan, number, month, &text).await?
            }
            "publish" => {
                progress_note::publish(store, &form.viewer, &plan, number, month, &text).await?
            }
            _ => return Err(ApiError::NotFound("没有这个操作".to_string())),
        }
        Ok(form.done(&format!("note-{action}")))
    }
    .await;
    form.answer(&state, &parts, result).await
}
