//! Loads the signed-in user of each request from the session cookie. The result goes into
//! the request's extensions: `Session` for handlers, `app::domain::account::CurrentUser` for the
//! pages (Leptos hands pages the request parts).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;

use app::domain::account::{CurrentUser, Viewer};

use crate::auth::{session_token, token_hash};
use crate::state::AppState;

/// The request's session, if its cookie names a live one.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub viewer: Option<Viewer>,
    /// SHA-256 of the cookie's token, when the request carried one (live or not).
    pub token_hash: Option<String>,
}

pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token_hash = session_token(req.headers()).map(|t| token_hash(&t));
    let viewer = match &token_hash {
        Some(hash) => {
            match crate::service::account::session_viewer(state.store.as_ref(), hash, Utc::now())
                .await
            {
                Ok(found) => found,
                Err(e) => {
                    // Treat as signed out; the page or API answers accordingly.
                    tracing::error!(error = %e, "session lookup failed");
                    None
                }
            }
        }
        None => None,
    };
    let signed_in = viewer.is_some();
    req.extensions_mut().insert(CurrentUser(viewer.clone()));
    req.extensions_mut().insert(Session { viewer, token_hash });
    let mut response = next.run(req).await;
    // Answers for a signed-in user, and answers that set a session, are personal: no
    // browser or proxy may keep them (a shared office computer, a caching proxy).
    if signed_in || response.headers().contains_key(http::header::SET_COOKIE) {
        response.headers_mut().insert(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    response
}
