//! Forms of 督查督办 on the item and difficulty pages: raise and coordinate difficulties,
//! record 一线督导, file and answer 代表意见 (督办单: `directive_forms`). Refusals show the page
//! again with the message.

use super::extract::Path;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::request::Parts;

use app::domain::evidence::visit::MAX_VISIT_FORM_BYTES;
use app::domain::supervision::{DifficultyChange, DifficultyStatus};

use super::page_form::{FormFields, PageForm, item_page_or};
use super::{ApiError, AppState, multipart_form};
use crate::service::{opinion, supervision};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/items/{number}/difficulties", post(raise))
        .route(
            "/plans/{plan}/items/{number}/visits",
            post(visit).layer(DefaultBodyLimit::max(MAX_VISIT_FORM_BYTES)),
        )
        .route("/plans/{plan}/difficulties/{id}/{action}", post(change))
        .route("/plans/{plan}/items/{number}/opinions", post(opinion))
        .route("/plans/{plan}/opinions/{id}/answer", post(opinion_answer))
}

async fn raise(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "difficulty") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    // From a report's row (its 困难问题 text becomes the difficulty) or the item's form.
    let report = form.get("from_report");
    let result = supervision::raise_difficulty(
        state.store.as_ref(),
        &form.viewer,
        &plan,
        number,
        Some(report.as_str()),
        &form.get("title"),
        &form.get("detail"),
    )
    .await
    .map(|id| format!("/plans/{plan}/difficulties/{id}?done=difficulty"));
    form.answer(&state, &parts, result).await
}

async fn change(
    State(state): State<AppState>,
    Path((plan, id, action)): Path<(String, i64, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/difficulties/{id}");
    let form = match PageForm::parse(&parts, &body, page, format!("difficulty-{action}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        let text = form.get("text");
        let change = match action.as_str() {
            "comment" => DifficultyChange::Comment(text),
            "status" => DifficultyChange::Status(
                DifficultyStatus::parse(&form.get("status"))
                    .ok_or_else(|| ApiError::Invalid("请选择状态".to_string()))?,
                text,
            ),
            "owner" => DifficultyChange::Owner(text),
            _ => return Err(ApiError::NotFound("没有这个操作".to_string())),
        };
        let plan =
            supervision::change_difficulty(state.store.as_ref(), &form.viewer, id, change).await?;
        Ok(format!(
            "/plans/{plan}/difficulties/{id}?done=difficulty-{action}"
        ))
    }
    .await;
    form.answer(&state, &parts, result).await
}

/// 一线督导: a multipart form, since it may carry photos (field `photo`, several). Who sent
/// it is checked before the body is read.
async fn visit(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let mut form = match PageForm::read(&parts, FormFields::default(), page, "visit") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let photos = match multipart_form::read(&parts, body, "photo").await {
        Ok((fields, photos)) => {
            form.fields = fields;
            photos
        }
        Err(e) => return form.answer(&state, &parts, Err::<String, _>(e)).await,
    };
    let result = async {
        let visited_on = form.day("visited_on", "请填写督导日期（如 2024-07-15）")?;
        supervision::record_visit(
            state.store.as_ref(),
            &state.blobs,
            &form.viewer,
            &plan,
            number,
            visited_on,
            &form.get("place"),
            &form.get("findings"),
            photos,
        )
        .await?;
        Ok::<_, ApiError>(form.done("visit"))
    }
    .await;
    form.answer(&state, &parts, result).await
}

/// 代表意见: a 测评代表 files one on an item (`file`); the lead unit answers (`answer`).
async fn opinion(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "opinion") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = opinion::file(
        state.store.as_ref(),
        &form.viewer,
        &plan,
        number,
        &form.get("text"),
    )
    .await
    .map(|_| form.done("opinion"));
    form.answer(&state, &parts, result).await
}

async fn opinion_answer(
    State(state): State<AppState>,
    Path((plan, id)): Path<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let back = item_page_or(&parts, &plan, "opinions");
    let form = match PageForm::parse(&parts, &body, back, format!("opinion-{id}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = opinion::answer(state.store.as_ref(), &form.viewer, id, &form.get("answer"))
        .await
        .map(|_| form.done("opinion-answered"));
    form.answer(&state, &parts, result).await
}
