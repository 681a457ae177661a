//! The 每月报送 form of the submissions page: save the draft (`action=save`) or submit it
//! (`action=submit`). Refusals show the page again with the message beside that item.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use http::request::Parts;

use app::domain::monthly::Month;
use app::domain::submission::SubmissionText;

use super::extract::Path;
use super::page_form::{PageForm, ToSignIn};
use super::{ApiError, AppState};
use crate::service::submission;

pub fn routes() -> Router<AppState> {
    Router::new().route("/plans/{plan}/submissions/{number}", post(save))
}

async fn save(
    State(state): State<AppState>,
    Path((plan, number)): Path<(String, u32)>,
    parts: Parts,
    body: Bytes,
) -> Result<Response, ToSignIn> {
    let fields = super::page_form::FormFields::parse(&body);
    let month_typed = fields.get("month");
    // Back to the same month's page, whichever way it goes.
    let page = match Month::parse(&month_typed) {
        Some(m) => format!("/plans/{plan}/submissions?month={}", m.key()),
        None => format!("/plans/{plan}/submissions"),
    };
    let form = PageForm::read(&parts, fields, page, format!("submission-{number}"))?;
    let result = async {
        let month = Month::parse(&month_typed)
            .ok_or_else(|| ApiError::Invalid("月份格式应为 2024-09".to_string()))?;
        let text = SubmissionText {
            figures: form.get("figures"),
            narrative: form.get("narrative"),
            next_steps: form.get("next_steps"),
        };
        let submit = match form.get("action").as_str() {
            "submit" => true,
            "save" => false,
            _ => return Err(ApiError::Invalid("请选择保存草稿或报送".to_string())),
        };
        submission::save(
            state.store.as_ref(),
            &form.viewer,
            &plan,
            number,
            month,
            &text,
            submit,
        )
        .await?;
        let done = if submit { "submitted" } else { "saved" };
        Ok(format!(
            "/plans/{plan}/submissions?month={}&done=submission-{done}#submission-{number}",
            month.key()
        ))
    }
    .await;
    Ok(form.answer(&state, &parts, result).await)
}
