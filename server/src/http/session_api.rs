//! `/api/v1/session`: sign in and out from scripts and other clients, with the same
//! throttling and cookie as the sign-in page.

use super::extract::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use serde_json::json;

use app::domain::account::{PasswordChange, SignInRequest, Viewer};

use super::extract::{Client, CurrentSession, SignedInUser};
use super::{ApiError, AppState};
use crate::auth::{clear_session_cookie, session_cookie, sign_in, sign_out};
use crate::service::account;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session", post(create).get(current).delete(delete))
        .route("/session/password", put(change_password))
}

#[utoipa::path(post, path = "/session", tag = "session", request_body = app::domain::account::SignInRequest,
    responses((status = 200, description = "Signed in; the session cookie is set", body = super::openapi::SignedInBody),
        super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable,
        super::openapi::TooMany))]
pub(super) async fn create(
    State(state): State<AppState>,
    Client(client): Client,
    CurrentSession(session): CurrentSession,
    headers: HeaderMap,
    Json(request): Json<SignInRequest>,
) -> Result<Response, ApiError> {
    let signed_in = sign_in(
        state.store.as_ref(),
        &state.auth,
        &request.username,
        &request.password,
        &client,
        session.token_hash.as_deref(),
    )
    .await?;
    let cookie = session_cookie(
        &signed_in.token,
        signed_in.lifetime.as_secs(),
        state.auth.secure_cookie_for(&headers),
    );
    let body =
        Json(json!({ "user": signed_in.viewer, "expires_in": signed_in.lifetime.as_secs() }));
    Ok(with_cookie(body.into_response(), &cookie))
}

#[utoipa::path(get, path = "/session", tag = "session",
    responses((status = 200, description = "The signed-in user", body = app::domain::account::Viewer), super::openapi::Unauthenticated))]
pub(super) async fn current(SignedInUser(viewer): SignedInUser) -> Json<Viewer> {
    Json(viewer)
}

#[utoipa::path(delete, path = "/session", tag = "session",
    responses((status = 204, description = "Signed out"), super::openapi::Unauthenticated))]
pub(super) async fn delete(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ended = match &session.token_hash {
        Some(hash) => sign_out(state.store.as_ref(), hash, session.viewer.as_ref()).await?,
        None => false,
    };
    // The cookie is cleared either way; "no session to end" is still said plainly.
    let cookie = clear_session_cookie(state.auth.secure_cookie_for(&headers));
    let response = if ended {
        StatusCode::NO_CONTENT.into_response()
    } else {
        ApiError::sign_in_required().into_response()
    };
    Ok(with_cookie(response, &cookie))
}

#[utoipa::path(put, path = "/session/password", tag = "session", request_body = app::domain::account::PasswordChange,
    responses((status = 204, description = "Changed; other sessions ended"), super::openapi::BadRequest,
        super::openapi::Unauthenticated,
        super::openapi::TooLarge,
        super::openapi::NotJson,
        super::openapi::Unprocessable,
        super::openapi::TooMany))]
pub(super) async fn change_password(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    SignedInUser(viewer): SignedInUser,
    Json(request): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    account::change_own_password(
        state.store.as_ref(),
        &viewer,
        session.token_hash.as_deref(),
        &request.current_password,
        &request.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}
