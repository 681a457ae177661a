//! Evidence uploads: who may send a photo's bytes, whether what arrived is the photo the
//! report declared, and storing it once. The rules of offsets are `app::sync::upload`'s;
//! the bytes go to `store::blobs`, the bookkeeping to `EvidenceStore`.

use std::io::Cursor;

use bytes::Bytes;
use chrono::{DateTime, NaiveDateTime, Utc};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use app::domain::account::Viewer;
use app::domain::evidence::PhotoPart;
use app::store::{Store, StoredPart, Upload};
use app::sync::upload::{ChunkAnswer, Received, take_chunk};

use super::ServiceError;
use crate::store::blobs::{Blobs, photo_path};

/// What the phone asks to start: one part of one photo its report declared.
#[derive(Clone, Debug)]
pub struct Creation {
    pub report_id: Uuid,
    pub photo_id: Uuid,
    pub part: PhotoPart,
    pub length: u64,
    pub sha256: String,
}

/// A chunk's own checksum (tus checksum extension), checked before it is kept.
#[derive(Clone, Debug)]
pub enum ChunkChecksum {
    Sha1(Vec<u8>),
    Sha256(Vec<u8>),
}

/// One chunk as sent.
#[derive(Clone, Debug)]
pub struct Chunk {
    pub offset: u64,
    pub bytes: Bytes,
    pub checksum: Option<ChunkChecksum>,
}

fn blob_failed(e: crate::store::BlobError) -> ServiceError {
    ServiceError::Internal(format!("photo store: {e}"))
}

fn not_yours() -> ServiceError {
    ServiceError::Forbidden("不能为其他单位的填报上传照片".to_string())
}

/// Starts (or finds again) the upload of one part of a declared photo.
pub async fn start(
    store: &dyn Store,
    viewer: &Viewer,
    c: Creation,
    now: DateTime<Utc>,
) -> Result<Upload, ServiceError> {
    let report = store
        .report(c.report_id)
        .await
        .map_err(ServiceError::Store)?
        .ok_or_else(|| {
            ServiceError::NotFound("没有这条填报记录：请先同步填报内容，再上传照片".to_string())
        })?;
    if report.report.unit_id != viewer.unit.id {
        return Err(not_yours());
    }
    let photo = report
        .report
        .photos
        .iter()
        .find(|p| p.id == c.photo_id)
        .ok_or_else(|| ServiceError::NotFound("这条填报没有这张照片".to_string()))?;
    let (sha256, bytes) = photo.part(c.part);
    if c.length != bytes || c.sha256 != sha256 {
        return Err(ServiceError::Invalid(
            "照片的大小或校验码与填报中登记的不一致".to_string(),
        ));
    }
    store
        .start_upload(&Upload {
            id: Uuid::now_v7(),
            photo_id: c.photo_id,
            part: c.part,
            report_id: c.report_id,
            unit_id: viewer.unit.id,
            length: c.length,
            received: 0,
            sha256: c.sha256,
            updated_at: now,
        })
        .await
        .map_err(ServiceError::Store)
}

/// An upload of the viewer's unit.
pub async fn upload(store: &dyn Store, viewer: &Viewer, id: Uuid) -> Result<Upload, ServiceError> {
    let up = store
        .upload(id)
        .await
        .map_err(ServiceError::Store)?
        .ok_or_else(|| {
            ServiceError::NotFound("没有这个上传，或已过期：请重新开始上传".to_string())
        })?;
    if up.unit_id != viewer.unit.id {
        return Err(not_yours());
    }
    Ok(up)
}

/// Whether `bytes` begins like a JPEG (SOI marker, then a marker).
fn looks_like_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

fn checksum_ok(sum: &ChunkChecksum, bytes: &[u8]) -> bool {
    match sum {
        ChunkChecksum::Sha1(d) => Sha1::digest(bytes).as_slice() == d.as_slice(),
        ChunkChecksum::Sha256(d) => Sha256::digest(bytes).as_slice() == d.as_slice(),
    }
}

/// Takes one chunk; answers the new confirmed offset. The last chunk stores the part,
/// after checking the whole file's SHA-256 against the declared one.
pub async fn take(
    store: &dyn Store,
    blobs: &Blobs,
    viewer: &Viewer,
    id: Uuid,
    chunk: Chunk,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let up = upload(store, viewer, id).await?;
    let len = chunk.bytes.len() as u64;
    let state = Received {
        length: up.length,
        offset: up.received,
    };
    let answer = take_chunk(state, chunk.offset, len);
    match answer {
        ChunkAnswer::OffsetMismatch { expected } => {
            return Err(ServiceError::UploadOffset(expected));
        }
        ChunkAnswer::Overflow => {
            return Err(ServiceError::Invalid(format!(
                "超出这张照片登记的大小（{} 字节）",
                up.length
            )));
        }
        ChunkAnswer::Appended { .. } | ChunkAnswer::Complete => {}
    }
    if len == 0 {
        return Ok(up.received);
    }
    if let Some(sum) = &chunk.checksum
        && !checksum_ok(sum, &chunk.bytes)
    {
        return Err(ServiceError::ChecksumMismatch(
            "这一段数据在传输中损坏，请重新发送".to_string(),
        ));
    }
    if chunk.offset == 0 && !looks_like_jpeg(&chunk.bytes) {
        return Err(ServiceError::NotAnImage("上传的不是 JPEG 图片".to_string()));
    }
    blobs
        .put_chunk(id, chunk.offset, chunk.bytes)
        .await
        .map_err(blob_failed)?;
    let end = chunk.offset + len;
    if answer != ChunkAnswer::Complete {
        if store
            .advance_upload(id, chunk.offset, end, now)
            .await
            .map_err(ServiceError::Store)?
        {
            return Ok(end);
        }
        // Another request moved the offset first: tell the phone where it stands.
        let current = upload(store, viewer, id).await?;
        return Err(ServiceError::UploadOffset(current.received));
    }
    finish(store, blobs, &up, now).await?;
    Ok(up.length)
}

/// Reads the part back whole, checks its hash, and records it; refuses and discards it
/// when the hash differs (nothing half-stored: the phone starts this part again).
async fn finish(
    store: &dyn Store,
    blobs: &Blobs,
    up: &Upload,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let dest = photo_path(up.photo_id, up.part);
    let whole = blobs
        .assemble(up.id, up.length, &dest)
        .await
        .map_err(blob_failed)?;
    if whole.sha256 != up.sha256 {
        blobs.delete(&dest).await.map_err(blob_failed)?;
        blobs.discard_upload(up.id).await.map_err(blob_failed)?;
        store
            .reset_upload(up.id, now)
            .await
            .map_err(ServiceError::Store)?;
        return Err(ServiceError::ChecksumMismatch(
            "照片内容与登记的校验码不符，已丢弃，请重新上传".to_string(),
        ));
    }
    let size = imagesize::blob_size(&whole.head).ok();
    store
        .finish_upload(
            up.id,
            &StoredPart {
                photo_id: up.photo_id,
                part: up.part,
                report_id: up.report_id,
                unit_id: up.unit_id,
                sha256: whole.sha256,
                bytes: whole.bytes,
                width: size.map(|s| s.width as u32),
                height: size.map(|s| s.height as u32),
                exif_taken_at: exif_taken_at(&whole.head),
                received_at: now,
            },
        )
        .await
        .map_err(ServiceError::Store)?;
    // Stored and recorded: the chunks are no longer needed. A failure here leaves garbage
    // for the expiry sweep, never a missing photo.
    if let Err(e) = blobs.discard_upload(up.id).await {
        tracing::warn!(upload = %up.id, error = %e, "chunks of a stored photo not deleted");
    }
    Ok(())
}

/// The camera's own time (EXIF DateTimeOriginal), read from the file's first bytes.
pub fn exif_taken_at(head: &[u8]) -> Option<NaiveDateTime> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(head))
        .ok()?;
    let field = exif.get_field(exif::Tag::DateTimeOriginal, exif::In::PRIMARY)?;
    let exif::Value::Ascii(ref parts) = field.value else {
        return None;
    };
    let text = std::str::from_utf8(parts.first()?).ok()?;
    NaiveDateTime::parse_from_str(text.trim_end_matches('\0'), "%Y:%m:%d %H:%M:%S").ok()
}

/// Deletes uploads not finished and untouched for `ABANDONED_AFTER_HOURS`, chunks first.
/// A stored photo is never touched. Returns how many were deleted.
pub async fn expire_abandoned(
    store: &dyn Store,
    blobs: &Blobs,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let before = now - chrono::Duration::hours(app::sync::upload::ABANDONED_AFTER_HOURS);
    let stale = store
        .stale_uploads(before)
        .await
        .map_err(ServiceError::Store)?;
    for id in &stale {
        blobs.discard_upload(*id).await.map_err(blob_failed)?;
    }
    store
        .forget_uploads(&stale)
        .await
        .map_err(ServiceError::Store)?;
    Ok(stale.len())
}

/// A stored part's bytes, for a signed-in viewer (reports, and so their photos, are shown to
/// signed-in users; the public sees only photos marked public, issue 14).
pub async fn part_bytes(
    store: &dyn Store,
    blobs: &Blobs,
    photo: Uuid,
    part: PhotoPart,
) -> Result<Bytes, ServiceError> {
    let missing = || ServiceError::NotFound("照片尚未上传完成".to_string());
    store
        .stored_part(photo, part)
        .await
        .map_err(ServiceError::Store)?
        .ok_or_else(missing)?;
    blobs
        .get(&photo_path(photo, part))
        .await
        .map_err(blob_failed)?
        .ok_or_else(missing)
}
