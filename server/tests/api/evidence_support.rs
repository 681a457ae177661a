//! Photos and tus requests, for the evidence tests.

use app::domain::evidence::{PhotoMeta, PhotoPart, PhotoSource};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use http::Method;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::helpers::{Reply, Req, TestApp};

/// A real JPEG (320×240, EXIF DateTimeOriginal 2024-06-03 10:15:00), made once with Pillow.
pub const PHOTO: &[u8] = include_bytes!("../fixtures/photo.jpg");
pub const THUMB: &[u8] = include_bytes!("../fixtures/thumb.jpg");

/// `PHOTO` grown to `len` bytes with comment segments before its scan, still a valid JPEG
/// whose header (size, EXIF) sits in the first chunk: a photo as large as a phone's.
pub fn photo_of(len: usize) -> Vec<u8> {
    let sos = PHOTO
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("a scan");
    let mut out = PHOTO[..sos].to_vec();
    let mut n: u32 = 0;
    while out.len() + (PHOTO.len() - sos) < len {
        let room = len - out.len() - (PHOTO.len() - sos);
        let body = room.saturating_sub(4).clamp(1, 65_000);
        out.extend_from_slice(&[0xFF, 0xFE]);
        out.extend_from_slice(&((body + 2) as u16).to_be_bytes());
        out.extend((0..body).map(|i| (i as u32 * 7 + n) as u8));
        n += 1;
    }
    out.extend_from_slice(&PHOTO[sos..]);
    out
}

pub fn sha_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How the report declares a photo with these bytes.
pub fn declared(photo: &[u8], thumb: &[u8]) -> PhotoMeta {
    PhotoMeta {
        id: Uuid::now_v7(),
        sha256: sha_hex(photo),
        bytes: photo.len() as u64,
        width: 320,
        height: 240,
        thumb_sha256: sha_hex(thumb),
        thumb_bytes: thumb.len() as u64,
        attached_at: Utc::now(),
        exif_taken_at: None,
        source: PhotoSource::Camera,
        location: None,
    }
}

fn b64(s: &str) -> String {
    STANDARD.encode(s)
}

/// `POST /api/v1/uploads` for one part of a declared photo.
pub async fn create(
    app: &TestApp,
    cookie: &str,
    report: Uuid,
    photo: &PhotoMeta,
    part: PhotoPart,
) -> Reply {
    let (sha, len) = photo.part(part);
    let meta = format!(
        "report_id {},photo_id {},part {},sha256 {}",
        b64(&report.to_string()),
        b64(&photo.id.to_string()),
        b64(part.as_str()),
        b64(sha)
    );
    app.send(
        Req::new(Method::POST, "/api/v1/uploads")
            .cookie(cookie)
            .header("tus-resumable", "1.0.0")
            .header("upload-length", &len.to_string())
            .header("upload-metadata", &meta),
    )
    .await
}

pub async fn patch(app: &TestApp, cookie: &str, at: &str, offset: u64, bytes: &[u8]) -> Reply {
    app.send(
        Req::new(Method::PATCH, at)
            .cookie(cookie)
            .header("tus-resumable", "1.0.0")
            .header("content-type", "application/offset+octet-stream")
            .header("upload-offset", &offset.to_string())
            .body_bytes(bytes.to_vec()),
    )
    .await
}

pub async fn head(app: &TestApp, cookie: &str, at: &str) -> Reply {
    app.send(
        Req::new(Method::HEAD, at)
            .cookie(cookie)
            .header("tus-resumable", "1.0.0"),
    )
    .await
}

/// The `Upload-Offset` an answer carries.
pub fn offset_of(reply: &Reply) -> Option<u64> {
    reply
        .headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

/// Sends all of `bytes` in chunks of `chunk`, from the server's offset; the final offset.
pub async fn send_all(app: &TestApp, cookie: &str, at: &str, bytes: &[u8], chunk: usize) -> u64 {
    let mut offset = offset_of(&head(app, cookie, at).await).expect("an offset") as usize;
    while offset < bytes.len() {
        let end = bytes.len().min(offset + chunk);
        let reply = patch(app, cookie, at, offset as u64, &bytes[offset..end]).await;
        assert_eq!(reply.status, 204, "{}", reply.body);
        offset = offset_of(&reply).expect("an offset") as usize;
    }
    offset as u64
}
