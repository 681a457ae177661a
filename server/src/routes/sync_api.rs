//! `/api/v1/sync`: the stable endpoints phones call (push, pull, catalogue), and report
//! review. Old phone builds keep working across deploys: these paths and shapes do not
//! change within v1.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use app::audit::Actor;
use app::authz::may_manage_item;
use app::sync::{Catalogue, PullResponse, PushRequest, PushResponse, ReviewStatus};

use super::extract::SignedInUser;
use super::{ApiError, AppState};
use crate::sync;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
        .route("/sync/catalogue", get(catalogue))
        .route("/reports/{id}/review", post(review))
}

async fn push(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Json(request): Json<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    Ok(Json(
        sync::push(state.store.as_ref(), &viewer, request, Utc::now()).await?,
    ))
}

#[derive(Deserialize)]
struct PullQuery {
    #[serde(default)]
    cursor: i64,
}

async fn pull(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    Ok(Json(
        sync::pull(state.store.as_ref(), &viewer, query.cursor).await?,
    ))
}

async fn catalogue(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
) -> Result<Json<Catalogue>, ApiError> {
    Ok(Json(
        sync::catalogue(state.store.as_ref(), &viewer, Utc::now()).await?,
    ))
}

#[derive(Deserialize)]
struct ReviewRequest {
    decision: String,
    #[serde(default)]
    comment: Option<String>,
}

/// Accept or return a report: the manager of the item's lead unit.
async fn review(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<Uuid>,
    Json(request): Json<ReviewRequest>,
) -> Result<StatusCode, ApiError> {
    let stored = state
        .store
        .report(id)
        .await?
        .ok_or_else(|| ApiError::NotFound("没有这条填报记录".to_string()))?;
    let plan = state
        .store
        .plan(&stored.report.plan)
        .await?
        .ok_or_else(|| ApiError::NotFound("没有这个年度计划".to_string()))?;
    let item = plan
        .item(stored.report.item)
        .ok_or_else(|| ApiError::NotFound("没有这个项目".to_string()))?;
    may_manage_item(&viewer, &stored.report.plan, item)?;
    let comment = request
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let status = match request.decision.as_str() {
        "accept" => ReviewStatus::Accepted,
        "return" if comment.is_some() => ReviewStatus::Returned,
        "return" => return Err(ApiError::Invalid("退回时请写明原因".to_string())),
        _ => {
            return Err(ApiError::Invalid(
                "审核结果只能是 accept 或 return".to_string(),
            ));
        }
    };
    let actor = Actor::user(viewer.id, &viewer.username);
    state.store.review(id, status, comment, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}
