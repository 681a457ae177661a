//! Loads the signed-in user of each request from the session cookie. The result goes into
//! the request's extensions: `Session` for handlers, `app::account::CurrentUser` for the
//! pages (Leptos hands pages the request parts).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use sha2::{Digest, Sha256};

use app::account::{CurrentUser, Viewer};

use super::cookie::session_token;
use crate::routes::AppState;

/// The request's session, if its cookie names a live one.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub viewer: Option<Viewer>,
    /// SHA-256 of the cookie's token, when the request carried one (live or not).
    pub token_hash: Option<String>,
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token_hash = session_token(req.headers()).map(|t| token_hash(&t));
    let viewer = match &token_hash {
        Some(hash) => match state.store.session_viewer(hash, Utc::now()).await {
            Ok(found) => found.map(|(viewer, _)| viewer),
            Err(e) => {
                // Treat as signed out; the page or API answers accordingly.
                tracing::error!(error = %e, "session lookup failed");
                None
            }
        },
        None => None,
    };
    req.extensions_mut().insert(CurrentUser(viewer.clone()));
    req.extensions_mut().insert(Session { viewer, token_hash });
    next.run(req).await
}
