//! `/api/v1/sync`: the stable endpoints phones call (push, pull, catalogue), and report
//! review. Old phone builds keep working across deploys: these paths and shapes do not
//! change within v1.

use super::extract::{Json, Path, Query};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use app::sync::{Catalogue, PullResponse, PushResponse};

use crate::sync_decode::RawPush;

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
    Json(request): Json<RawPush>,
) -> Result<Json<PushResponse>, ApiError> {
    state
        .push_limit
        .admit(viewer.id, std::time::Instant::now())?;
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
    crate::ledger::review_reports(
        state.store.as_ref(),
        &viewer,
        &stored.report.plan,
        stored.report.item,
        &[id],
        &request.decision,
        request.comment.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
