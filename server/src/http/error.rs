//! Errors of the JSON API: an explicit status per case, a Chinese message for people and a
//! stable code for programs. Internal causes are logged, never sent.

use std::time::Duration;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header::RETRY_AFTER};
use serde::Serialize;

use app::domain::authz::Denied;
use app::store::StoreError;

use crate::auth::SignInError;
use crate::service::ServiceError;

#[derive(Debug)]
pub enum ApiError {
    /// Not signed in, or the session expired: sign in again.
    Unauthenticated(String),
    /// Signed in but not allowed.
    Forbidden(String),
    NotFound(String),
    /// The request's content is invalid; nothing was changed.
    Invalid(String),
    /// The request cannot be read at all (not JSON, a malformed query).
    BadRequest(String),
    /// The body is over the size limit.
    TooLarge,
    /// The body is not of the declared kind this route takes.
    UnsupportedMediaType(String),
    /// No such route under `/api/v1`.
    NoRoute,
    /// The route exists, but not for this method.
    MethodNotAllowed,
    /// The change conflicts with what is stored (e.g. a taken username).
    Conflict(String),
    TooManyAttempts(String, Duration),
    /// A chunk at the wrong offset (409, with the offset to go on from in `Upload-Offset`).
    UploadOffset(u64),
    /// Bytes that differ from their checksum (tus answers 460).
    ChecksumMismatch(String),
    /// The phone's report format is older than the server accepts: update the app.
    ClientTooOld,
    Internal(String),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn sign_in_required() -> Self {
        ApiError::Unauthenticated("请先登录。".to_string())
    }
}

impl ApiError {
    /// Status, stable code and the message a person may read (internal causes are logged
    /// here and replaced by a generic text).
    pub fn parts(&self) -> (StatusCode, &'static str, String) {
        let (status, code, message) = match self {
            ApiError::Unauthenticated(m) => {
                (StatusCode::UNAUTHORIZED, "unauthenticated", m.as_str())
            }
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", m.as_str()),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", m.as_str()),
            ApiError::Invalid(m) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", m.as_str()),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.as_str()),
            ApiError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "too_large", "请求内容过大。"),
            ApiError::UnsupportedMediaType(m) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                m.as_str(),
            ),
            ApiError::NoRoute => (StatusCode::NOT_FOUND, "no_route", "没有这个接口。"),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "该接口不支持这种请求方法。",
            ),
            ApiError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.as_str()),
            ApiError::ClientTooOld => (
                StatusCode::UPGRADE_REQUIRED,
                app::sync::codes::CLIENT_TOO_OLD,
                "应用版本过旧，请刷新页面更新后再同步（数据仍保存在本机）",
            ),
            ApiError::TooManyAttempts(m, _) => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                m.as_str(),
            ),
            ApiError::UploadOffset(_) => (
                StatusCode::CONFLICT,
                "upload_offset",
                "上传位置不一致，请按服务器确认的位置继续。",
            ),
            ApiError::ChecksumMismatch(m) => (
                StatusCode::from_u16(460).unwrap_or(StatusCode::BAD_REQUEST),
                "checksum_mismatch",
                m.as_str(),
            ),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "服务器内部错误，请稍后重试。",
                )
            }
        };
        (status, code, message.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        let message = message.as_str();
        #[allow(clippy::disallowed_types)]
        let mut response = (
            status,
            axum::Json(ErrorBody {
                error: ErrorDetail { code, message },
            }),
        )
            .into_response();
        if let ApiError::UploadOffset(offset) = &self {
            response
                .headers_mut()
                .insert("upload-offset", HeaderValue::from(*offset));
            response.headers_mut().insert(
                "tus-resumable",
                HeaderValue::from_static(app::sync::upload::TUS_VERSION),
            );
        }
        if let ApiError::TooManyAttempts(_, wait) = &self
            && let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string())
        {
            response.headers_mut().insert(RETRY_AFTER, v);
        }
        response
    }
}

/// The one place a service's refusal becomes a status code.
impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Unauthenticated(m) => ApiError::Unauthenticated(m),
            ServiceError::Forbidden(m) => ApiError::Forbidden(m),
            ServiceError::NotFound(m) => ApiError::NotFound(m),
            ServiceError::Invalid(m) => ApiError::Invalid(m),
            ServiceError::Conflict(m) => ApiError::Conflict(m),
            ServiceError::TooManyAttempts(m, wait) => ApiError::TooManyAttempts(m, wait),
            ServiceError::ClientTooOld => ApiError::ClientTooOld,
            ServiceError::UploadOffset(offset) => ApiError::UploadOffset(offset),
            ServiceError::ChecksumMismatch(m) => ApiError::ChecksumMismatch(m),
            ServiceError::NotAnImage(m) => ApiError::UnsupportedMediaType(m),
            // The whole chain of causes goes to the log; the client sees a generic text.
            e @ (ServiceError::Store(_) | ServiceError::Internal(_)) => {
                ApiError::Internal(error_chain(&e))
            }
        }
    }
}

/// An error and its sources, one after another, for the log.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::NotFound(m) => ApiError::NotFound(m),
            other => ApiError::Internal(error_chain(&other)),
        }
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        ApiError::Forbidden(d.0)
    }
}

impl From<SignInError> for ApiError {
    fn from(e: SignInError) -> Self {
        match e {
            SignInError::Invalid | SignInError::Disabled => {
                ApiError::Unauthenticated(e.to_string())
            }
            SignInError::Throttled(wait) => ApiError::TooManyAttempts(e.to_string(), wait),
            SignInError::Store(s) => s.into(),
        }
    }
}
