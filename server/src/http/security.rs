//! Headers every answer carries, and the last line of defence against a bug: a panic in a
//! handler answers a 500 in the documented shape instead of dropping the connection.
//!
//! The Content-Security-Policy allows scripts only from our own origin and the inline
//! scripts of this very response (Leptos's hydration scripts carry the nonce made here), so
//! even a payload that slipped past escaping could not run. Styles allow inline
//! attributes: the progress bars set their width that way and the item filter writes a
//! `<style>` element at run time, and CSS cannot run code.

use std::any::Any;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::HeaderValue;
use http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

use super::{ApiError, AppState};

/// The nonce of one response's inline scripts; the page render reads it from the request.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// A fresh nonce: 128 random bits, URL-safe text.
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The policy of an HTML page rendered with `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy of everything that is neither a page nor a script (JSON, downloads, styles).
pub const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The policy of scripts. A script's own policy applies when it runs as a worker: the
/// service worker (`/sw.js`) fetches and caches the site's files, so it may reach 'self'
/// and nothing else. (Under `default-src 'none'` it could not install and the field page
/// never worked offline.)
pub const SCRIPT_POLICY: &str = "default-src 'self'; frame-ancestors 'none'";

/// HSTS for a year, sent only when the site is served over HTTPS (Secure cookies).
const HSTS: &str = "max-age=31536000";

pub async fn headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(req).await;
    // A page kept in memory (`page_cache`) carries the nonce it was made with.
    let nonce = response
        .extensions()
        .get::<CspNonce>()
        .map_or(nonce, |kept| kept.0.clone());
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let policy = if content_type.starts_with("text/html") {
        page_policy(&nonce)
    } else if content_type.contains("javascript") {
        SCRIPT_POLICY.to_string()
    } else {
        RESOURCE_POLICY.to_string()
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if state.auth.secure_cookies {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// What a panicking handler answers (tower-http's `CatchPanicLayer`): the message logged,
/// a 500 in the JSON shape for the client.
pub fn panic_answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    // ApiError::Internal logs the cause and sends only the generic text.
    ApiError::Internal(format!("a request handler panicked: {message}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_answers_500_in_the_json_shape_without_its_message() {
        let response = panic_answer(Box::new("index out of bounds: secret detail"));
        assert_eq!(response.status(), http::StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/json")
        );
    }

    #[test]
    fn page_policies_allow_only_our_scripts_and_the_nonce() {
        let policy = page_policy("abc");
        assert!(policy.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("script-src 'unsafe-inline'"));
    }
}
