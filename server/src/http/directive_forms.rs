//! Forms of the 督办单: the 督查室 issues one from the item page; the unit answers, and
//! the 督查室 closes (办结) or sends back, from the item page or the 督办 page — each goes
//! back to the page it was sent from (`?item=N` for the item page). Refusals show that page
//! again with the message beside the 督办单's own form.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use http::request::Parts;

use app::domain::directive::DirectiveColour;

use super::extract::Path;
use super::page_form::{PageForm, ToSignIn, item_page_or};
use super::{ApiError, AppState};
use crate::service::directive;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{plan}/items/{number}/notices", post(issue))
        .route("/plans/{plan}/notices/{id}/{action}", post(act))
}

async fn issue(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ToSignIn> {
    let page = format!("/plans/{plan}/items/{number}");
    let form = PageForm::parse(&parts, &body, page, "notice")?;
    let result = async {
        let unit_id = form
            .get("unit_id")
            .parse()
            .map_err(|_| ApiError::Invalid("请选择被督办单位".to_string()))?;
        let colour = DirectiveColour::parse(&form.get("colour"))
            .ok_or_else(|| ApiError::Invalid("请选择督办单颜色".to_string()))?;
        let deadline = form.day("deadline", "请填写办结期限（如 2024-07-15）")?;
        directive::issue(
            state.store.as_ref(),
            &form.viewer,
            &plan,
            number,
            unit_id,
            colour,
            &form.get("requirement"),
            deadline,
        )
        .await?;
        Ok::<_, ApiError>(form.done("notice"))
    }
    .await;
    Ok(form.answer(&state, &parts, result).await)
}

/// `respond` (the unit), `close` and `send_back` (the 督查室).
async fn act(
    State(state): State<AppState>,
    Path((plan, id, action)): Path<(String, i64, String)>,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ToSignIn> {
    let page = item_page_or(&parts, &plan, "supervision");
    let form = PageForm::parse(&parts, &body, page, format!("notice-{id}"))?;
    let store = state.store.as_ref();
    let result = async {
        match action.as_str() {
            "respond" => {
                directive::respond(store, &form.viewer, id, &form.get("response")).await?;
                Ok(form.done("responded"))
            }
            "close" => {
                directive::close(store, &form.viewer, id).await?;
                Ok(form.done("notice-closed"))
            }
            "send_back" => {
                let deadline = form.day("deadline", "请填写重新答复的期限（如 2024-07-15）")?;
                directive::send_back(store, &form.viewer, id, &form.get("reason"), deadline)
                    .await?;
                Ok(form.done("notice-sent-back"))
            }
            _ => Err(ApiError::NotFound("没有这个操作".to_string())),
        }
    }
    .await;
    Ok(form.answer(&state, &parts, result).await)
}
