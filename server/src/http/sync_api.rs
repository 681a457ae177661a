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

use app::sync::{Catalogue, PullResponse, PushResponse, ReviewDecision};

use crate::service::sync_decode::RawPush;

use super::extract::SignedInUser;
use super::{ApiError, AppState};
use crate::service::sync;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
        .route("/sync/catalogue", get(catalogue))
        .route("/reports/{id}/review", post(review))
}

#[utoipa::path(post, path = "/sync/push", tag = "sync", request_body = app::sync::PushRequest,
    responses((status = 200, description = "Every op answered; an unreadable or invalid op is answered `rejected`", body = app::sync::PushResponse),
        super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable,
        (status = 426, description = "应用版本过旧", body = super::openapi::ApiErrorBody),
        super::openapi::TooMany))]
pub(super) async fn push(
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
pub(super) struct PullQuery {
    #[serde(default)]
    cursor: i64,
}

#[utoipa::path(get, path = "/sync/pull", tag = "sync", params(("cursor" = Option<i64>, Query, description = "From the previous pull; 0 at first")),
    responses((status = 200, description = "Review changes of the unit's reports after the cursor", body = app::sync::PullResponse), super::openapi::BadRequest,
        super::openapi::Unauthenticated))]
pub(super) async fn pull(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    Ok(Json(
        sync::pull(state.store.as_ref(), &viewer, query.cursor).await?,
    ))
}

#[utoipa::path(get, path = "/sync/catalogue", tag = "sync",
    responses((status = 200, description = "The items the user may report on", body = app::sync::Catalogue), super::openapi::Unauthenticated))]
pub(super) async fn catalogue(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
) -> Result<Json<Catalogue>, ApiError> {
    Ok(Json(
        sync::catalogue(state.store.as_ref(), &viewer, Utc::now()).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub(super) struct ReviewRequest {
    /// accept | return
    decision: String,
    #[serde(default)]
    comment: Option<String>,
}

/// Accept or return a report: the manager of the item's lead unit.
#[utoipa::path(post, path = "/reports/{id}/review", tag = "sync", params(("id" = uuid::Uuid, Path)), request_body = ReviewRequest,
    responses((status = 204, description = "Reviewed"), super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::NotFound,
        super::openapi::Conflict,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable))]
pub(super) async fn review(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<Uuid>,
    Json(request): Json<ReviewRequest>,
) -> Result<StatusCode, ApiError> {
    let decision = ReviewDecision::parse(&request.decision)
        .ok_or_else(|| ApiError::Invalid(ReviewDecision::INVALID.to_string()))?;
    crate::service::review::review_one(
        state.store.as_ref(),
        &viewer,
        id,
        decision,
        request.comment.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
