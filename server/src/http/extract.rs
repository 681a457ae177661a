//! Request extractors: the signed-in user (401 when there is none) and the client.

use axum::extract::FromRequestParts;
use http::request::Parts;

use app::domain::account::Viewer;

use super::Session;
use super::{ApiError, AppState};
use crate::auth::ClientInfo;

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

/// Who sent the request (`ClientInfo`).
pub struct Client(pub ClientInfo);

impl FromRequestParts<AppState> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Client(client_info(parts, state.auth.trust_proxy)))
    }
}

/// The peer address, or with `trust_proxy` the last hop of `X-Forwarded-For` (set by our
/// reverse proxy; never trusted otherwise, clients can forge it), and the user agent.
fn client_info(parts: &Parts, trust_proxy: bool) -> ClientInfo {
    let forwarded = trust_proxy
        .then(|| parts.headers.get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|axum::extract::ConnectInfo(addr)| addr.ip().to_string());
    let user_agent = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    ClientInfo {
        address: forwarded.or(peer).unwrap_or_else(|| "unknown".to_string()),
        user_agent,
    }
}

// The project's own body, query and path extractors: axum's answer a rejection with plain
// English text; these answer with the documented JSON error and a Chinese message.
// `clippy.toml` forbids axum's own outside this file.

/// A JSON body; a rejection is 400 (not JSON), 413 (too large), 415 (not declared as
/// JSON) or 422 (JSON of the wrong shape).
pub struct Json<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        // Read as a JSON value first: every string in it is checked for control characters
        // (no client text may carry them) before the value becomes `T`.
        #[allow(clippy::disallowed_types)]
        let value = match axum::Json::<serde_json::Value>::from_request(req, state).await {
            Ok(axum::Json(value)) => value,
            Err(rejection) => return Err(json_rejection(rejection)),
        };
        if holds_control(&value) {
            return Err(ApiError::Invalid(format!(
                "{}。",
                app::domain::limits::CONTROL_MESSAGE
            )));
        }
        serde_json::from_value(value).map(Json).map_err(|e| {
            tracing::debug!(error = %e, "request body refused");
            ApiError::Invalid(format!(
                "请求内容的字段不符合接口要求（{}）。",
                field_hint(&e.to_string())
            ))
        })
    }
}

/// Whether any string (or key) in a JSON value holds a control character.
fn holds_control(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => app::domain::limits::has_control(s),
        Value::Array(items) => items.iter().any(holds_control),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| app::domain::limits::has_control(k) || holds_control(v)),
        _ => false,
    }
}

/// Whether the percent-decoded text of a path or query holds a control character.
pub(crate) fn uri_holds_control(raw: &str) -> bool {
    form_urlencoded::parse(raw.as_bytes())
        .any(|(k, v)| app::domain::limits::has_control(&k) || app::domain::limits::has_control(&v))
}

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        #[allow(clippy::disallowed_types)]
        axum::Json(self.0).into_response()
    }
}

fn json_rejection(rejection: axum::extract::rejection::JsonRejection) -> ApiError {
    use axum::extract::rejection::JsonRejection as R;
    tracing::debug!(%rejection, "request body refused");
    match rejection {
        R::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
            "请求内容须为 JSON（Content-Type: application/json）。".into(),
        ),
        R::JsonSyntaxError(_) => ApiError::BadRequest("请求内容不是有效的 JSON。".into()),
        R::JsonDataError(e) => ApiError::Invalid(format!(
            "请求内容的字段不符合接口要求（{}）。",
            field_hint(&e.body_text())
        )),
        R::BytesRejection(e) if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::TooLarge
        }
        other => {
            // Usually the network cut the body off mid-way; an operator should see it.
            tracing::warn!(rejection = %other, "request body could not be read");
            ApiError::BadRequest("请求内容无法读取。".into())
        }
    }
}

/// The field serde named in its message (`missing field `x``, `... at line 1`), so the
/// message says where without passing serde's English through.
fn field_hint(serde_message: &str) -> String {
    let field = serde_message
        .split('`')
        .nth(1)
        .filter(|f| f.len() <= 40 && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    match field {
        Some(f) => format!("字段 {f}"),
        None => "字段缺失或类型错误".to_string(),
    }
}

/// A query string; a rejection is 400.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if parts.uri.query().is_some_and(uri_holds_control) {
            return Err(ApiError::BadRequest(format!(
                "查询参数{}。",
                app::domain::limits::CONTROL_MESSAGE
            )));
        }
        #[allow(clippy::disallowed_types)]
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "query refused");
                Err(ApiError::BadRequest(
                    "查询参数无效，请检查日期、月份等的格式。".into(),
                ))
            }
        }
    }
}

/// Path parameters; a rejection is 404 (no such thing can be at that address).
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if uri_holds_control(parts.uri.path()) {
            return Err(ApiError::NotFound("没有这个地址。".into()));
        }
        #[allow(clippy::disallowed_types)]
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "path refused");
                Err(ApiError::NotFound("没有这个地址。".into()))
            }
        }
    }
}
