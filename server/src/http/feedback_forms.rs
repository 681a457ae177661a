//! 群众评价 forms. Residents rate an item from its public page with no account; lead units
//! answer and the 督查室 publishes or hides on `/plans/{plan}/feedback`. Like every page
//! form they work without JavaScript.
//!
//! A device is told apart by a random cookie (`taizhang_rater`, set on its first rating),
//! so one phone rates an item once a day; nothing about it is stored, only counted in this
//! process's memory (`service::feedback::FeedbackLimit`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::header::COOKIE;
use http::request::Parts;

use app::domain::feedback::{Moderation, Rating};

use super::extract::{Client, Path};
use super::page_form::{FormFields, PageForm, refused, see_other};
use super::session_api::with_cookie;
use super::{ApiError, AppState};
use crate::service::feedback;

const RATER_COOKIE: &str = "taizhang_rater";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/items/{number}/feedback", post(rate))
        .route("/plans/{plan}/feedback/{id}/answer", post(answer))
        .route("/plans/{plan}/feedback/{id}/{decision}", post(decide))
}

/// The device's rater token, if it sent one that looks like ours.
fn rater_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == RATER_COOKIE)
        .and_then(|(_, value)| uuid::Uuid::parse_str(value.trim()).ok())
        .map(|u| u.to_string())
}

async fn rate(
    State(state): State<AppState>,
    Client(client): Client,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let page = format!("/plans/{plan}/items/{number}");
    let (device, new_device) = match rater_token(&parts) {
        Some(token) => (token, false),
        None => (uuid::Uuid::now_v7().to_string(), true),
    };
    let result = async {
        let rating = Rating::parse(&form.get("rating"))
            .ok_or_else(|| ApiError::Invalid("请选择满意、基本满意或不满意".to_string()))?;
        feedback::submit(
            state.store.as_ref(),
            &state.feedback_limit,
            &plan,
            number,
            rating,
            &form.get("suggestion"),
            &client.address,
            // A new device's token is counted too: its cookie comes back with the next one.
            Some(device.as_str()),
        )
        .await?;
        Ok::<_, ApiError>(())
    }
    .await;
    let response = match result {
        Ok(()) => see_other(&format!("{page}?done=feedback#feedback")),
        Err(e) => refused(&state, &parts, &page, "feedback", &form, e).await,
    };
    if new_device {
        let secure = state.auth.secure_cookie_for(&parts.headers);
        let cookie = format!(
            "{RATER_COOKIE}={device}; Path=/plans; HttpOnly; SameSite=Lax; Max-Age=31536000{}",
            if secure { "; Secure" } else { "" }
        );
        with_cookie(response, &cookie)
    } else {
        response
    }
}

async fn answer(
    State(state): State<AppState>,
    Path((plan, id)): Path<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/feedback");
    let form = match PageForm::parse(&parts, &body, page, format!("feedback-{id}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = feedback::answer(state.store.as_ref(), &form.viewer, id, &form.get("answer"))
        .await
        .map(|_| form.done("answered"));
    form.answer(&state, &parts, result).await
}

async fn decide(
    State(state): State<AppState>,
    Path((plan, id, decision)): Path<(String, i64, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/feedback");
    let form = match PageForm::parse(&parts, &body, page, format!("feedback-{id}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let decision = Moderation::parse(&decision)
            .ok_or_else(|| ApiError::NotFound("没有这个操作".to_string()))?;
        feedback::decide(state.store.as_ref(), &form.viewer, id, decision).await?;
        Ok::<_, ApiError>(form.done(match decision {
            Moderation::Publish => "published",
            Moderation::Hide => "hidden",
        }))
    }
    .await;
    form.answer(&state, &parts, result).await
}
