//! `/api/v1/users` and `/api/v1/audit`: account administration for the supervisor.

use super::extract::{Json, Path, Query};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use app::domain::account::{CreateUserRequest, PasswordReset, PlanRole, UserSummary};
use app::domain::audit::{AuditEntry, AuditFilter};

use super::extract::SignedInUser;
use super::{ApiError, AppState};
use crate::service::{account, audit};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
        .route("/users/{id}/password", put(reset_password))
        .route("/users/{id}/role", put(set_role))
        .route("/audit", get(audit))
}

#[utoipa::path(get, path = "/users", tag = "users",
    responses((status = 200, description = "Every account", body = Vec<app::domain::account::UserSummary>), super::openapi::Unauthenticated,
        super::openapi::Forbidden))]
pub(super) async fn list(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    Ok(Json(
        account::list_users(state.store.as_ref(), &viewer).await?,
    ))
}

#[utoipa::path(post, path = "/users", tag = "users", request_body = app::domain::account::CreateUserRequest,
    responses((status = 201, description = "Created", body = super::openapi::CreatedId), super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::NotFound,
        super::openapi::Conflict,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable))]
pub(super) async fn create(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Json(request): Json<CreateUserRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = account::create_user(state.store.as_ref(), &viewer, &request).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

#[utoipa::path(post, path = "/users/{id}/disable", tag = "users", params(("id" = i64, Path)),
    responses((status = 204, description = "Disabled"), super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::NotFound,
        super::openapi::Conflict,
        super::openapi::Unprocessable))]
pub(super) async fn disable(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    account::set_disabled(state.store.as_ref(), &viewer, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/users/{id}/enable", tag = "users", params(("id" = i64, Path)),
    responses((status = 204, description = "Enabled"), super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::NotFound,
        super::openapi::Conflict,
        super::openapi::Unprocessable))]
pub(super) async fn enable(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    account::set_disabled(state.store.as_ref(), &viewer, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/users/{id}/password", tag = "users", params(("id" = i64, Path)), request_body = app::domain::account::PasswordReset,
    responses((status = 204, description = "Reset"), super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::NotFound,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable))]
pub(super) async fn reset_password(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
    Json(request): Json<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    account::reset_password(state.store.as_ref(), &viewer, id, &request.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/users/{id}/role", tag = "users", params(("id" = i64, Path)), request_body = app::domain::account::PlanRole,
    responses((status = 204, description = "Set"), super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::NotFound,
        super::openapi::Conflict,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable))]
pub(super) async fn set_role(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
    Json(role): Json<PlanRole>,
) -> Result<StatusCode, ApiError> {
    account::set_role(state.store.as_ref(), &viewer, id, &role).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/audit", tag = "users", params(app::domain::audit::AuditFilter),
    responses((status = 200, description = "Audit rows, newest first", body = Vec<app::domain::audit::AuditEntry>), super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::Forbidden,
        super::openapi::Unprocessable))]
pub(super) async fn audit(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Query(filter): Query<AuditFilter>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    Ok(Json(
        audit::trail(state.store.as_ref(), &viewer, &filter).await?,
    ))
}
