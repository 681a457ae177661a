//! The photos of a 一线督导 visit: checked (`app::domain::evidence::visit`), put in the
//! photo store before the visit is recorded, and taken out again if recording fails, so
//! a refused visit leaves nothing behind. Signed-in users may look at them.

use bytes::Bytes;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use app::domain::evidence::visit::check_visit_photos;
use app::store::{Store, VisitPhoto};

use super::ServiceError;
use crate::store::blobs::{Blobs, hex, visit_photo_path};

fn blob_failed(e: crate::store::BlobError) -> ServiceError {
    ServiceError::Internal(format!("photo store: {e}"))
}

/// Checks the photos and stores their bytes; what to record with the visit.
pub async fn keep(blobs: &Blobs, photos: Vec<Bytes>) -> Result<Vec<VisitPhoto>, ServiceError> {
    let views: Vec<&[u8]> = photos.iter().map(|b| b.as_ref()).collect();
    check_visit_photos(&views).map_err(ServiceError::Invalid)?;
    let mut kept = Vec::with_capacity(photos.len());
    for bytes in photos {
        let photo = VisitPhoto {
            id: Uuid::now_v7(),
            sha256: hex(&Sha256::digest(&bytes)),
            bytes: bytes.len() as u64,
        };
        if let Err(e) = blobs.put(&visit_photo_path(photo.id), bytes).await {
            forget(blobs, &kept).await;
            return Err(blob_failed(e));
        }
        kept.push(photo);
    }
    Ok(kept)
}

/// Takes stored photos out again (their visit was not recorded); best effort, logged.
pub async fn forget(blobs: &Blobs, photos: &[VisitPhoto]) {
    for photo in photos {
        if let Err(e) = blobs.delete(&visit_photo_path(photo.id)).await {
            tracing::warn!(photo = %photo.id, error = %e, "could not remove a visit photo");
        }
    }
}

/// A visit photo's bytes.
pub async fn bytes(store: &dyn Store, blobs: &Blobs, photo: Uuid) -> Result<Bytes, ServiceError> {
    let missing = || ServiceError::NotFound("没有这张督导照片".to_string());
    if !store.has_visit_photo(photo).await? {
        return Err(missing());
    }
    blobs
        .get(&visit_photo_path(photo))
        .await
        .map_err(blob_failed)?
        .ok_or_else(missing)
}
