//! Forms of 督查督办 on the item and difficulty pages: raise and coordinate difficulties,
//! issue and answer 督办单, record 一线督导. Refusals show the page again with the message.

use super::extract::Path;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::NaiveDate;
use http::request::Parts;

use app::domain::evidence::visit::MAX_VISIT_FORM_BYTES;
use app::domain::supervision::{DifficultyChange, DifficultyStatus, DirectiveColour};

use super::forms::{FormFields, refused, see_other, session_of};
use super::{ApiError, AppState, multipart_form};
use crate::service::supervision;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/items/{number}/difficulties", post(raise))
        .route("/plans/{plan}/items/{number}/notices", post(issue))
        .route(
            "/plans/{plan}/items/{number}/visits",
            post(visit).layer(DefaultBodyLimit::max(MAX_VISIT_FORM_BYTES)),
        )
        .route("/plans/{plan}/difficulties/{id}/{action}", post(change))
        .route("/plans/{plan}/notices/{id}/respond", post(respond))
}

fn to_login(page: &str) -> Response {
    see_other(&format!("/login?next={page}")).into_response()
}

async fn finish(
    state: &AppState,
    parts: &Parts,
    page: &str,
    form_name: &str,
    form: &FormFields,
    result: Result<String, ApiError>,
) -> Response {
    match result {
        Ok(to) => see_other(&to).into_response(),
        Err(e) => refused(state, parts, page, form_name, form, e).await,
    }
}

/// A day typed in a form (`2024-07-15`), or the field's own message.
fn day(typed: &str, message: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::Invalid(message.to_string()))
}

async fn raise(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let page = format!("/plans/{plan}/items/{number}");
    let Some(viewer) = session_of(&parts).viewer else {
        return to_login(&page);
    };
    // From a report's row (its 困难问题 text becomes the difficulty) or the item's form.
    let report = form.get("from_report");
    let result = supervision::raise_difficulty(
        state.store.as_ref(),
        &viewer,
        &plan,
        number,
        Some(report.as_str()),
        &form.get("title"),
        &form.get("detail"),
    )
    .await
    .map(|id| format!("/plans/{plan}/difficulties/{id}?done=difficulty"))
    .map_err(ApiError::from);
    finish(&state, &parts, &page, "difficulty", &form, result).await
}

async fn change(
    State(state): State<AppState>,
    Path((plan, id, action)): Path<(String, i64, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let page = format!("/plans/{plan}/difficulties/{id}");
    let Some(viewer) = session_of(&parts).viewer else {
        return to_login(&page);
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
            supervision::change_difficulty(state.store.as_ref(), &viewer, id, change).await?;
        Ok(format!(
            "/plans/{plan}/difficulties/{id}?done=difficulty-{action}"
        ))
    }
    .await;
    finish(
        &state,
        &parts,
        &page,
        &format!("difficulty-{action}"),
        &form,
        result,
    )
    .await
}

async fn issue(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let page = format!("/plans/{plan}/items/{number}");
    let Some(viewer) = session_of(&parts).viewer else {
        return to_login(&page);
    };
    let result = async {
        let unit_id = form
            .get("unit_id")
            .parse()
            .map_err(|_| ApiError::Invalid("请选择被督办单位".to_string()))?;
        let colour = DirectiveColour::parse(&form.get("colour"))
            .ok_or_else(|| ApiError::Invalid("请选择督办单颜色".to_string()))?;
        let deadline = day(&form.get("deadline"), "请填写办结期限（如 2024-07-15）")?;
        supervision::issue_directive(
            state.store.as_ref(),
            &viewer,
            &plan,
            number,
            unit_id,
            colour,
            &form.get("requirement"),
            deadline,
        )
        .await?;
        Ok(format!("{page}?done=notice"))
    }
    .await;
    finish(&state, &parts, &page, "notice", &form, result).await
}

async fn respond(
    State(state): State<AppState>,
    Path((plan, id)): Path<(String, i64)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let form = FormFields::parse(&body);
    let page = format!("/plans/{plan}/supervision");
    let Some(viewer) = session_of(&parts).viewer else {
        return to_login(&page);
    };
    let result =
        supervision::respond_directive(state.store.as_ref(), &viewer, id, &form.get("response"))
            .await
            .map(|(plan, item)| format!("/plans/{plan}/items/{item}?done=responded"))
            .map_err(ApiError::from);
    finish(&state, &parts, &page, "respond", &form, result).await
}

/// 一线督导: a multipart form, since it may carry photos (field `photo`, several).
async fn visit(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let Some(viewer) = session_of(&parts).viewer else {
        return to_login(&page);
    };
    let (form, photos) = match multipart_form::read(&parts, body, "photo").await {
        Ok(read) => read,
        Err(e) => {
            let form = FormFields::from_pairs(Vec::new());
            return finish(&state, &parts, &page, "visit", &form, Err(e)).await;
        }
    };
    let result = async {
        let visited_on = day(&form.get("visited_on"), "请填写督导日期（如 2024-07-15）")?;
        supervision::record_visit(
            state.store.as_ref(),
            &state.blobs,
            &viewer,
            &plan,
            number,
            visited_on,
            &form.get("place"),
            &form.get("findings"),
            photos,
        )
        .await?;
        Ok(format!("{page}?done=visit"))
    }
    .await;
    finish(&state, &parts, &page, "visit", &form, result).await
}
