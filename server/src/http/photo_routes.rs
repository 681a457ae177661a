//! Photo routes outside the API: the lead unit's form that makes a photo public as
//! 施工前 / 施工中 / 完工 (or takes it back); `GET /public/photos/{photo}/{part}`, the copy
//! anyone may see, without its metadata (what may be public is decided by
//! `service::public_photos`); and `GET /visit-photos/{photo}`, a 一线督导 visit's photo,
//! for signed-in users.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::request::Parts;
use http::{HeaderMap, HeaderValue, StatusCode};
use uuid::Uuid;

use app::domain::evidence::PhotoPart;
use app::domain::evidence::public::PublicStage;

use super::extract::Path;
use super::extract::SignedInUser;
use super::page_form::PageForm;
use super::{ApiError, AppState};
use crate::service::{public_photos, visit_photos};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/plans/{plan}/items/{number}/photos/{photo}/stage",
            post(set_stage),
        )
        .route("/public/photos/{photo}/{part}", get(public_photo))
        .route("/visit-photos/{photo}", get(visit_photo))
}

async fn set_stage(
    State(state): State<AppState>,
    Path((plan, number, photo)): Path<(String, u32, Uuid)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let page = format!("/plans/{plan}/items/{number}");
    let form = match PageForm::parse(&parts, &body, page, "photo-stage") {
        Ok(form) => form,
        Err(to_sign_in) => return to_sign_in.into_response(),
    };
    let result = async {
        // Empty: not public.
        let stage = match form.get("stage").as_str() {
            "" => None,
            s => Some(
                PublicStage::parse(s)
                    .ok_or_else(|| ApiError::Invalid("请选择施工前、施工中或完工".to_string()))?,
            ),
        };
        public_photos::set_stage(
            state.store.as_ref(),
            &form.viewer,
            &plan,
            number,
            photo,
            stage,
        )
        .await?;
        Ok::<_, ApiError>(form.done("photo-stage"))
    }
    .await;
    form.answer(&state, &parts, result).await
}

async fn public_photo(
    State(state): State<AppState>,
    Path((photo, part)): Path<(Uuid, String)>,
) -> Result<Response, ApiError> {
    let part =
        PhotoPart::parse(&part).ok_or_else(|| ApiError::NotFound("没有这个地址。".into()))?;
    let bytes =
        public_photos::public_bytes(state.store.as_ref(), &state.blobs, photo, part).await?;
    // Short: a photo taken out of public view must stop showing soon, also in caches.
    Ok(jpeg(bytes, "public, max-age=300"))
}

/// Cache policy of a photo only signed-in users see, whose bytes never change once stored.
pub(super) const PRIVATE_FOREVER: &str = "private, max-age=31536000, immutable";

/// A JPEG answer with its cache policy.
pub(super) fn jpeg(bytes: axum::body::Bytes, cache: &'static str) -> Response {
    let mut h = HeaderMap::new();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    (StatusCode::OK, h, bytes).into_response()
}

async fn visit_photo(
    State(state): State<AppState>,
    SignedInUser(_viewer): SignedInUser,
    Path(photo): Path<Uuid>,
) -> Result<Response, ApiError> {
    let bytes = visit_photos::bytes(state.store.as_ref(), &state.blobs, photo).await?;
    Ok(jpeg(bytes, PRIVATE_FOREVER))
}
