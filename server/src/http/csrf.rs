//! Cross-site request forgery protection for every state-changing request, Leptos server
//! functions included (they have none of their own). A browser names where a request comes
//! from (`Sec-Fetch-Site`, or at least `Origin`); anything not from our own origin is
//! refused. Requests with neither header do not come from a browser page (scripts, curl,
//! other clients) and cannot carry a victim's cookies cross-site, so they pass.

use super::extract::Json;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode};
use serde_json::json;

pub async fn same_origin_only(req: Request, next: Next) -> Response {
    if is_safe(req.method()) || from_same_origin(req.headers()) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), uri = %req.uri(), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        Json(json!({ "error": {
            "code": "cross_site",
            "message": "已拒绝来自其他网站的请求。请在本系统的页面中操作。"
        }})),
    )
        .into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn from_same_origin(headers: &HeaderMap) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        // "none": typed or bookmarked by the user, not triggered by another site.
        return matches!(site, "same-origin" | "none");
    }
    match (header("origin"), header("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host)),
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(from_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(from_same_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(!from_same_origin(&headers(&[(
            "sec-fetch-site",
            "cross-site"
        )])));
        assert!(!from_same_origin(&headers(&[
            ("sec-fetch-site", "same-site"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ])));
    }

    #[test]
    fn otherwise_the_origin_must_match_the_host() {
        let ok = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(from_same_origin(&ok));
        let evil = headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!from_same_origin(&evil));
        assert!(!from_same_origin(&headers(&[
            ("origin", "null"),
            ("host", "a")
        ])));
    }

    #[test]
    fn requests_without_browser_headers_pass() {
        assert!(from_same_origin(&headers(&[("host", "127.0.0.1:3000")])));
    }
}
