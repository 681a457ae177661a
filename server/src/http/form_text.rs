//! Form posts (the pages' forms and the server functions) carry no control characters: a
//! NUL typed into a form by a script would otherwise reach PostgreSQL, which refuses it
//! with an error (a 500), and the others hide text on screen. Checked once here for every
//! urlencoded body, the way the JSON extractor checks every JSON string.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;

use super::ApiError;

/// The same limit as axum's default for bodies.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

pub async fn refuse_control_characters(req: Request, next: Next) -> Response {
    let is_form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return ApiError::TooLarge.into_response(),
    };
    if super::extract::uri_holds_control(&String::from_utf8_lossy(&bytes)) {
        return ApiError::Invalid(format!("{}。", app::domain::limits::CONTROL_MESSAGE))
            .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
