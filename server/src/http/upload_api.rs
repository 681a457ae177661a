//! `/api/v1/uploads`: photo bytes by tus 1.0 (core, creation, checksum; https://tus.io),
//! and `/api/v1/photos/{id}/{part}` to look at them. The tus headers are parsed here into
//! typed values; `service::evidence` decides.
//!
//! - `OPTIONS /uploads`: what this server speaks.
//! - `POST /uploads` with `Upload-Length` and `Upload-Metadata` (`report_id`, `photo_id`,
//!   `part`, `sha256`, each base64): 201 with `Location`. Asking again for the same part
//!   answers the same upload, with how much it already holds in `Upload-Offset`.
//! - `HEAD /uploads/{id}`: `Upload-Offset`, the bytes confirmed.
//! - `PATCH /uploads/{id}` with `Upload-Offset` and `application/offset+octet-stream`, at
//!   most `MAX_CHUNK_BYTES`, optionally `Upload-Checksum: sha1|sha256 <base64>`: 204 with
//!   the new offset; 409 with the right one in `Upload-Offset`; 460 on a checksum
//!   mismatch (of the chunk, or of the whole photo against the report's SHA-256).

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use http::{HeaderMap, HeaderValue, StatusCode};
use uuid::Uuid;

use app::domain::evidence::{MAX_PHOTO_BYTES, PhotoPart, is_sha256_hex};
use app::sync::upload::{MAX_CHUNK_BYTES, TUS_VERSION};

use super::extract::{Path, SignedInUser};
use super::{ApiError, AppState};
use crate::service::evidence::{self, Chunk, ChunkChecksum, Creation};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/uploads", post(create).options(options))
        .route(
            "/uploads/{id}",
            axum::routing::head(offset)
                .patch(patch)
                .layer(DefaultBodyLimit::max(MAX_CHUNK_BYTES as usize)),
        )
        .route("/photos/{photo}/{part}", get(photo))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn tus_headers(offset: Option<u64>) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("tus-resumable", HeaderValue::from_static(TUS_VERSION));
    if let Some(offset) = offset {
        h.insert("upload-offset", HeaderValue::from(offset));
    }
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h
}

/// Every tus request but OPTIONS names the version; a client speaking another is told
/// which one this is (412, as tus asks).
fn tus_refusal(headers: &HeaderMap) -> Option<Response> {
    if header(headers, "tus-resumable") == Some(TUS_VERSION) {
        return None;
    }
    let mut h = tus_headers(None);
    h.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    Some((StatusCode::PRECONDITION_FAILED, h, "").into_response())
}

fn number(headers: &HeaderMap, name: &str) -> Result<u64, ApiError> {
    header(headers, name)
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| ApiError::BadRequest(format!("缺少或无法读取 {name} 请求头")))
}

#[utoipa::path(options, path = "/uploads", tag = "evidence",
    responses((status = 204, description = "tus 1.0.0: Tus-Version, Tus-Extension (creation, checksum), Tus-Max-Size, Tus-Checksum-Algorithm (sha1, sha256)")))]
pub(super) async fn options() -> impl IntoResponse {
    let mut h = tus_headers(None);
    h.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    h.insert(
        "tus-extension",
        HeaderValue::from_static("creation,checksum"),
    );
    h.insert("tus-max-size", HeaderValue::from(MAX_PHOTO_BYTES));
    h.insert(
        "tus-checksum-algorithm",
        HeaderValue::from_static("sha1,sha256"),
    );
    (StatusCode::NO_CONTENT, h)
}

/// `Upload-Metadata`: comma-separated `key base64value` pairs.
fn creation(headers: &HeaderMap) -> Result<Creation, ApiError> {
    let bad = |what: &str| ApiError::BadRequest(format!("Upload-Metadata 中缺少或无法读取 {what}"));
    let meta = header(headers, "upload-metadata").ok_or_else(|| bad("内容"))?;
    let value = |key: &str| -> Result<String, ApiError> {
        meta.split(',')
            .filter_map(|pair| pair.trim().split_once(' '))
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| STANDARD.decode(v.trim()).ok())
            .and_then(|v| String::from_utf8(v).ok())
            .ok_or_else(|| bad(key))
    };
    let sha256 = value("sha256")?;
    if !is_sha256_hex(&sha256) {
        return Err(bad("sha256"));
    }
    Ok(Creation {
        report_id: Uuid::parse_str(&value("report_id")?).map_err(|_| bad("report_id"))?,
        photo_id: Uuid::parse_str(&value("photo_id")?).map_err(|_| bad("photo_id"))?,
        part: PhotoPart::parse(&value("part")?).ok_or_else(|| bad("part"))?,
        length: number(headers, "upload-length")?,
        sha256,
    })
}

#[utoipa::path(post, path = "/uploads", tag = "evidence",
    params(
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Length" = u64, Header, description = "Bytes of the part, as the report declares them"),
        ("Upload-Metadata" = String, Header, description = "report_id, photo_id, part (photo or thumb) and sha256, each base64, comma-separated"),
    ),
    responses(
        (status = 201, description = "Started, or found again for the same part: Location, and Upload-Offset (what the server holds)"),
        (status = 400, description = "请求头无法读取", body = super::openapi::ApiErrorBody),
        super::openapi::Unauthenticated,
        (status = 403, description = "不能为其他单位的填报上传照片", body = super::openapi::ApiErrorBody),
        (status = 404, description = "没有这条填报，或填报中没有这张照片", body = super::openapi::ApiErrorBody),
        (status = 412, description = "Tus-Resumable is missing or names another version (Tus-Version says which)"),
        (status = 422, description = "大小或校验码与填报中登记的不一致", body = super::openapi::ApiErrorBody)))]
pub(super) async fn create(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Ok(refusal);
    }
    let up = evidence::start(
        state.store.as_ref(),
        &viewer,
        creation(&headers)?,
        Utc::now(),
    )
    .await?;
    let mut h = tus_headers(Some(up.received));
    let location = format!("/api/v1/uploads/{}", up.id);
    h.insert(
        LOCATION,
        HeaderValue::from_str(&location).map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok((StatusCode::CREATED, h).into_response())
}

#[utoipa::path(head, path = "/uploads/{id}", tag = "evidence",
    params(("id" = Uuid, Path), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses(
        (status = 200, description = "Upload-Offset (bytes the server confirmed) and Upload-Length"),
        (status = 401, description = "未登录或登录已过期"),
        (status = 403, description = "不能为其他单位的填报上传照片"),
        (status = 404, description = "没有这个上传，或已过期"),
        (status = 412, description = "Tus-Resumable is missing or names another version")))]
pub(super) async fn offset(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Ok(refusal);
    }
    let up = evidence::upload(state.store.as_ref(), &viewer, id).await?;
    let mut h = tus_headers(Some(up.received));
    h.insert("upload-length", HeaderValue::from(up.length));
    Ok((StatusCode::OK, h).into_response())
}

/// `Upload-Checksum: <algorithm> <base64 digest>`.
fn checksum(headers: &HeaderMap) -> Result<Option<ChunkChecksum>, ApiError> {
    let Some(text) = header(headers, "upload-checksum") else {
        return Ok(None);
    };
    let bad = || ApiError::BadRequest("无法读取 Upload-Checksum 请求头".to_string());
    let (algorithm, digest) = text.trim().split_once(' ').ok_or_else(bad)?;
    let digest = STANDARD.decode(digest.trim()).map_err(|_| bad())?;
    match algorithm {
        "sha1" => Ok(Some(ChunkChecksum::Sha1(digest))),
        "sha256" => Ok(Some(ChunkChecksum::Sha256(digest))),
        // tus: an algorithm the server does not support is a 400.
        _ => Err(ApiError::BadRequest(format!(
            "不支持的校验算法 {algorithm}"
        ))),
    }
}

#[utoipa::path(patch, path = "/uploads/{id}", tag = "evidence",
    params(
        ("id" = Uuid, Path),
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Offset" = u64, Header, description = "Where these bytes start: the offset the server confirmed"),
        ("Upload-Checksum" = Option<String>, Header, description = "sha1 or sha256, a space, the base64 digest of this chunk"),
    ),
    responses(
        (status = 204, description = "Kept: Upload-Offset is where the next chunk starts (the part's length once it is stored)"),
        (status = 400, description = "请求头无法读取", body = super::openapi::ApiErrorBody),
        super::openapi::Unauthenticated,
        (status = 403, description = "不能为其他单位的填报上传照片", body = super::openapi::ApiErrorBody),
        (status = 404, description = "没有这个上传，或已过期", body = super::openapi::ApiErrorBody),
        (status = 409, description = "Not at the confirmed offset: nothing kept; Upload-Offset says where to go on", body = super::openapi::ApiErrorBody),
        (status = 412, description = "Tus-Resumable is missing or names another version"),
        (status = 413, description = "请求内容过大（每次最多 1 MB）", body = super::openapi::ApiErrorBody),
        (status = 415, description = "须为 application/offset+octet-stream；首段须为 JPEG", body = super::openapi::ApiErrorBody),
        (status = 422, description = "超出这张照片登记的大小", body = super::openapi::ApiErrorBody),
        (status = 460, description = "校验不符（这一段，或整张照片与登记的 SHA-256）：未保存", body = super::openapi::ApiErrorBody)))]
pub(super) async fn patch(
    State(state): State<AppState>,
    SignedInUser(viewer): SignedInUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Ok(refusal);
    }
    if header(&headers, CONTENT_TYPE.as_str()) != Some("application/offset+octet-stream") {
        return Err(ApiError::UnsupportedMediaType(
            "上传内容的类型须为 application/offset+octet-stream".to_string(),
        ));
    }
    let chunk = Chunk {
        offset: number(&headers, "upload-offset")?,
        checksum: checksum(&headers)?,
        bytes: body.map_err(|_| ApiError::TooLarge)?,
    };
    let at = evidence::take(
        state.store.as_ref(),
        &state.blobs,
        &viewer,
        id,
        chunk,
        Utc::now(),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, tus_headers(Some(at))).into_response())
}

#[utoipa::path(get, path = "/photos/{photo}/{part}", tag = "evidence",
    params(("photo" = Uuid, Path), ("part" = String, Path, description = "photo or thumb")),
    responses(
        (status = 200, description = "The JPEG as stored", content_type = "image/jpeg"),
        super::openapi::Unauthenticated,
        (status = 404, description = "没有这张照片，或尚未上传完成", body = super::openapi::ApiErrorBody)))]
pub(super) async fn photo(
    State(state): State<AppState>,
    SignedInUser(_viewer): SignedInUser,
    Path((photo, part)): Path<(Uuid, String)>,
) -> Result<Response, ApiError> {
    let part =
        PhotoPart::parse(&part).ok_or_else(|| ApiError::NotFound("没有这个地址。".into()))?;
    let bytes = evidence::part_bytes(state.store.as_ref(), &state.blobs, photo, part).await?;
    Ok(super::photo_routes::jpeg(
        bytes,
        super::photo_routes::PRIVATE_FOREVER,
    ))
}
