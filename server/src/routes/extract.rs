//! Request extractors: the signed-in user (401 when there is none) and the client.

use axum::extract::FromRequestParts;
use http::request::Parts;

use app::account::Viewer;

use super::{ApiError, AppState};
use crate::auth::{ClientInfo, Session};

/// The signed-in user; refuses with 401 when the request has no live session.
pub struct SignedInUser(pub Viewer);

impl FromRequestParts<AppState> for SignedInUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Session>()
            .and_then(|s| s.viewer.clone())
            .map(SignedInUser)
            .ok_or_else(ApiError::sign_in_required)
    }
}

/// The request's session (possibly signed out).
pub struct CurrentSession(pub Session);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        Ok(CurrentSession(
            parts
                .extensions
                .get::<Session>()
                .cloned()
                .unwrap_or_default(),
        ))
    }
}

pub struct Client(pub ClientInfo);

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Client(ClientInfo::from_parts(
            parts,
            state.auth.trust_proxy,
        )))
    }
}
