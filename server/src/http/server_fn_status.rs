//! Status codes for the pages' server functions. Leptos answers every server-function
//! error with 500 and the encoded `AppError`; this reads that error and gives the answer
//! the status it means (401 sign in, 403 forbidden, 404 not found, 422 invalid), so
//! monitoring and clients see refusals as refusals and real failures as 500.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::StatusCode;

use app::error::AppError;

/// The header server_fn puts on its error answers.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// Encoded `AppError`s are short; anything longer is not one.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::SignInRequired => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unavailable => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub async fn refusal_status(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_ERROR_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "server function error body unreadable");
            return Response::from_parts(parts, Body::empty());
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}
