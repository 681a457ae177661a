//! `/api/v1/users` and `/api/v1/audit`: account administration for the supervisor.

use super::extract::{Json, Path, Query};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde_json::{Value, json};

use app::account::{CreateUserRequest, PasswordReset, PlanRole, UserSummary};
use app::audit::{AuditEntry, AuditFilter};
use app::authz::may_administer_users;

use super::extract::SignedInUser;
use super::{ApiError, AppState};
use crate::accounts;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
        .route("/users/{id}/password", put(reset_password))
        .route("/users/{id}/role", put(set_role))
        .route("/audit", get(audit))
}

async fn list(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    may_administer_users(&viewer)?;
    Ok(Json(state.store.list_users().await?))
}

async fn create(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Json(request): Json<CreateUserRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = accounts::create_user(state.store.as_ref(), &viewer, &request).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

async fn disable(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    accounts::set_disabled(state.store.as_ref(), &viewer, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn enable(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    accounts::set_disabled(state.store.as_ref(), &viewer, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reset_password(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
    Json(request): Json<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    accounts::reset_password(state.store.as_ref(), &viewer, id, &request.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_role(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<i64>,
    Json(role): Json<PlanRole>,
) -> Result<StatusCode, ApiError> {
    accounts::set_role(state.store.as_ref(), &viewer, id, &role).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn audit(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Query(filter): Query<AuditFilter>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    may_administer_users(&viewer)?;
    filter.check().map_err(ApiError::Invalid)?;
    Ok(Json(state.store.audit(&filter).await?))
}
