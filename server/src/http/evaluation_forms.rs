//! 满意度测评 forms on `/plans/{plan}/evaluation`: the 督查室 opens and closes the window
//! and enters paper ballots; a 测评代表 sends its own ballot. A ballot form carries one
//! `item-{n}` field per item (满意 / 基本满意 / 不满意).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::request::Parts;

use app::domain::feedback::Rating;

use super::extract::Path;
use super::page_form::{FormFields, PageForm};
use super::{ApiError, AppState};
use crate::service::evaluation;

pub fn routes() -> Router<AppState> {
    Router::new().route("/plans/{plan}/evaluation/{action}", post(act))
}

/// The ratings a ballot form carries, item by item; a value that is not a rating is
/// refused (a missing one is found by the ballot check, which names it).
fn ratings(form: &FormFields) -> Result<Vec<(u32, Rating)>, ApiError> {
    form.pairs()
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("item-").map(|n| (n, v)))
        .map(|(n, v)| {
            let n = n
                .parse::<u32>()
                .map_err(|_| ApiError::Invalid("项目序号无效".to_string()))?;
            let r = Rating::parse(v)
                .ok_or_else(|| ApiError::Invalid(format!("第 {n} 项的评价无效")))?;
            Ok((n, r))
        })
        .collect()
}

async fn act(
    State(state): State<AppState>,
    Path((plan, action)): Path<(String, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/evaluation");
    let form = match PageForm::parse(&parts, &body, page, format!("evaluation-{action}")) {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let store = state.store.as_ref();
    let result = async {
        match action.as_str() {
            "open" => {
                evaluation::open(store, &form.viewer, &plan, state.evaluation_rule).await?;
            }
            "close" => evaluation::close(store, &form.viewer, &plan).await?,
            "ballot" => {
                evaluation::cast(store, &form.viewer, &plan, &ratings(&form.fields)?).await?;
            }
            "paper" => {
                let number = form.get("ballot_number");
                evaluation::enter_paper(
                    store,
                    &form.viewer,
                    &plan,
                    &number,
                    &ratings(&form.fields)?,
                )
                .await?;
            }
            _ => return Err(ApiError::NotFound("没有这个操作".to_string())),
        }
        Ok(form.done(&format!("evaluation-{action}")))
    }
    .await;
    form.answer(&state, &parts, result).await
}
