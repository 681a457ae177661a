//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers' annotations and the
//! shared types (`utoipa`), served at `/api/v1/openapi.json`. Nothing here is written by
//! hand but the list of paths; the hostile suite checks that every documented operation is
//! routed, and CI's schemathesis run that every answer matches its schema.

use axum::Router;
use axum::routing::get;
use serde::Serialize;
use utoipa::{IntoResponses, OpenApi, ToSchema};

use super::AppState;
use super::extract::Json;

/// The shape of every refusal and error (`ApiError`).
#[derive(Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// Stable, for programs: `invalid`, `unauthenticated`, `forbidden`, `not_found`, …
    pub code: String,
    /// For people, in Chinese.
    pub message: String,
}

// The refusals most operations share, each described once; an operation lists those it
// can answer (`responses((status = 200, …), NotFound, Unprocessable)`) and spells out only
// the ones particular to it.

/// 400 in the error shape.
#[derive(IntoResponses)]
#[response(status = 400, description = "不是有效的请求")]
pub struct BadRequest(pub ApiErrorBody);

/// 401 in the error shape.
#[derive(IntoResponses)]
#[response(status = 401, description = "未登录或登录已过期")]
pub struct Unauthenticated(pub ApiErrorBody);

/// 403 in the error shape.
#[derive(IntoResponses)]
#[response(status = 403, description = "无权操作")]
pub struct Forbidden(pub ApiErrorBody);

/// 404 in the error shape.
#[derive(IntoResponses)]
#[response(status = 404, description = "没有这个对象")]
pub struct NotFound(pub ApiErrorBody);

/// 409 in the error shape.
#[derive(IntoResponses)]
#[response(status = 409, description = "与已保存的内容冲突")]
pub struct Conflict(pub ApiErrorBody);

/// 413 in the error shape.
#[derive(IntoResponses)]
#[response(status = 413, description = "请求内容过大")]
pub struct TooLarge(pub ApiErrorBody);

/// 415 in the error shape.
#[derive(IntoResponses)]
#[response(status = 415, description = "请求内容须为 JSON")]
pub struct NotJson(pub ApiErrorBody);

/// 422 in the error shape.
#[derive(IntoResponses)]
#[response(status = 422, description = "内容不符合要求")]
pub struct Unprocessable(pub ApiErrorBody);

/// 429 in the error shape.
#[derive(IntoResponses)]
#[response(status = 429, description = "过于频繁，稍后再试")]
pub struct TooMany(pub ApiErrorBody);

/// `POST /api/v1/session`: who signed in, and for how long (seconds).
#[derive(Serialize, ToSchema)]
pub struct SignedInBody {
    pub user: app::domain::account::Viewer,
    pub expires_in: u64,
}

/// `POST /api/v1/users`: the new account's id.
#[derive(Serialize, ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "民生实事台账 API",
        version = "1",
        description = "Stable JSON for phones and other systems. Every refusal is \
            `{\"error\":{\"code\",\"message\"}}` with a Chinese message. Writes need the \
            session cookie of `POST /session` and come from the same site (or from a client \
            that sends no Origin header)."
    ),
    servers((url = "/api/v1")),
    paths(
        super::api_v1::list_plans,
        super::api_v1::plan,
        super::api_v1::progress,
        super::session_api::create,
        super::session_api::current,
        super::session_api::delete,
        super::session_api::change_password,
        super::account_api::list,
        super::account_api::create,
        super::account_api::disable,
        super::account_api::enable,
        super::account_api::reset_password,
        super::account_api::set_role,
        super::account_api::audit,
        super::sync_api::push,
        super::sync_api::pull,
        super::sync_api::catalogue,
        super::sync_api::review,
        super::upload_api::options,
        super::upload_api::create,
        super::upload_api::offset,
        super::upload_api::patch,
        super::upload_api::photo,
        openapi_json,
    ),
    components(schemas(ApiErrorBody, ApiErrorDetail, SignedInBody, CreatedId))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/openapi.json", get(openapi_json))
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
