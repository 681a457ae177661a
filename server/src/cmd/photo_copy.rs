//! Copying stored photos from one photo store to another, each file checked against the
//! SHA-256 recorded when it arrived: `backup` copies them beside the backup file,
//! `migrate-data` into the store of the PostgreSQL deployment (S3). Running it again skips
//! what is already there and correct.

use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use uuid::Uuid;

use app::domain::evidence::PhotoPart;

use crate::store::Blobs;
use crate::store::blobs::{hex, photo_path, visit_photo_path};
use object_store::path::Path;

/// One stored file, as the `photos` or `visit_photos` table records it.
pub struct PartRecord {
    pub path: Path,
    /// How messages name it: "<photo>/photo", "visit/<photo>".
    pub name: String,
    pub sha256: String,
}

/// What a copy did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Copied {
    pub files: u64,
    pub bytes: u64,
    /// Already in the target with the right hash.
    pub skipped: u64,
}

fn photo_id(s: &str) -> Result<Uuid, String> {
    Uuid::parse_str(s).map_err(|e| format!("照片编号无效 {s}：{e}"))
}

/// Every stored file recorded in a SQLite database (the backup copy, or the source): the
/// reports' evidence and the visits' photos.
pub async fn recorded_parts(db: &SqlitePool) -> Result<Vec<PartRecord>, String> {
    let failed = |e: sqlx::Error| format!("无法读取照片记录：{e}");
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT photo_id, part, sha256 FROM photos ORDER BY photo_id, part")
            .fetch_all(db)
            .await
            .map_err(failed)?;
    let mut out = rows
        .into_iter()
        .map(|(photo, part, sha256)| {
            let part = PhotoPart::parse(&part).ok_or_else(|| format!("照片类型无效 {part}"))?;
            Ok(PartRecord {
                path: photo_path(photo_id(&photo)?, part),
                name: format!("{photo}/{}", part.as_str()),
                sha256,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let visits: Vec<(String, String)> =
        sqlx::query_as("SELECT photo_id, sha256 FROM visit_photos ORDER BY photo_id")
            .fetch_all(db)
            .await
            .map_err(failed)?;
    for (photo, sha256) in visits {
        out.push(PartRecord {
            path: visit_photo_path(photo_id(&photo)?),
            name: format!("visit/{photo}"),
            sha256,
        });
    }
    Ok(out)
}

fn sha_of(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Copies each part from `from` to `to`, verifying it on both sides; fails on the first
/// file that is missing or does not match its record (nothing wrong is ever copied).
pub async fn copy_photos(parts: &[PartRecord], from: &Blobs, to: &Blobs) -> Result<Copied, String> {
    let mut done = Copied::default();
    for p in parts {
        let (path, name) = (&p.path, &p.name);
        if let Some(there) = to.get(path).await.map_err(|e| e.to_string())?
            && sha_of(&there) == p.sha256
        {
            done.skipped += 1;
            continue;
        }
        let bytes = from
            .get(path)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("照片 {name} 在 {} 中找不到", from.describe))?;
        if sha_of(&bytes) != p.sha256 {
            return Err(format!("照片 {name} 与记录的校验码不符，未复制"));
        }
        let len = bytes.len() as u64;
        to.put(path, bytes).await.map_err(|e| e.to_string())?;
        let back = to.get(path).await.map_err(|e| e.to_string())?;
        if back.as_deref().map(sha_of).as_deref() != Some(p.sha256.as_str()) {
            return Err(format!("照片 {name} 写入 {} 后校验不符", to.describe));
        }
        done.files += 1;
        done.bytes += len;
    }
    Ok(done)
}
