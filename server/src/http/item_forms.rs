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
use crate::service::{review, schedule, weekly};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/items/{number}/review", post(review))
        .route("/plans/{plan}/items/{number}/schedule", post(schedule))
        .route("/plans/{plan}/weekly/statement", post(statement))
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
    let result = schedule::set_schedule(
        state.store.as_ref(),
        &form.viewer,
        &plan,
        number,
        &form.get("code"),
        &form.get("nodes"),
    )
    .await
    .map(|()| form.done("schedule"));
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
