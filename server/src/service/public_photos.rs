//! Public photos: a lead unit makes an accepted report's photo public as 施工前 / 施工中 /
//! 完工, and anyone may then fetch it, without its metadata. The rule of what may be public
//! is `app::domain::evidence::public`; the store checks it again when the public asks.

use bytes::Bytes;
use uuid::Uuid;

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_manage_item;
use app::domain::evidence::PhotoPart;
use app::domain::evidence::jpeg::strip_metadata;
use app::domain::evidence::public::{PublicStage, may_publish};
use app::store::Store;

use super::{ServiceError, plan_item};
use crate::store::blobs::Blobs;

/// Sets (or, with None, clears) the public stage of a photo on one of the item's reports.
pub async fn set_stage(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    photo: Uuid,
    stage: Option<PublicStage>,
) -> Result<(), ServiceError> {
    let (_, found) = plan_item(store, plan, item).await?;
    may_manage_item(viewer, plan, &found)?;
    let missing = || ServiceError::NotFound("没有这张照片，或照片尚未上传完成".to_string());
    let part = store
        .stored_part(photo, PhotoPart::Photo)
        .await?
        .ok_or_else(missing)?;
    let report = store.report(part.report_id).await?.ok_or_else(missing)?;
    if report.report.plan != plan || report.report.item != item {
        return Err(missing());
    }
    if stage.is_some() {
        may_publish(&found, report.status).map_err(|e| ServiceError::Invalid(e.to_string()))?;
    }
    let actor = Actor::user(viewer.id, &viewer.username);
    store
        .set_stage(photo, part.report_id, stage, &actor)
        .await?;
    Ok(())
}

/// The public copy of a public photo's part: its JPEG without metadata. Anything not
/// public now is "not found", so nobody learns that it exists.
pub async fn public_bytes(
    store: &dyn Store,
    blobs: &Blobs,
    photo: Uuid,
    part: PhotoPart,
) -> Result<Bytes, ServiceError> {
    if !store.is_public(photo).await? {
        return Err(ServiceError::NotFound("没有这张公开照片".to_string()));
    }
    let bytes = super::evidence::part_bytes(store, blobs, photo, part).await?;
    strip_metadata(&bytes)
        .map(Bytes::from)
        .map_err(|e| ServiceError::Internal(format!("public photo {photo}: {e}")))
}
