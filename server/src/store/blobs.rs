//! Photo bytes, through the `object_store` crate: a local directory by default, any
//! S3-compatible store when several servers share one PostgreSQL.
//!
//! An upload's chunks are objects of their own (`uploads/<id>/<offset>`) until the last one
//! arrives; then they are read back in order, hashed and written as one object
//! (`photos/<photo>/<part>.jpg`), and deleted. Chunks as objects, not a local spool file,
//! so that the next chunk may reach another server. S3 cannot append, and its multipart
//! parts must be 5 MB, far above a phone's 256 KB chunk. Memory per request is one chunk.

use std::sync::Arc;

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use app::domain::evidence::PhotoPart;

/// Where photo bytes live.
#[derive(Clone)]
pub struct Blobs {
    inner: Arc<dyn ObjectStore>,
    /// For logs and the operations report: the directory or bucket, no secrets.
    pub describe: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("照片存储不可用：{0}")]
    Store(#[from] object_store::Error),
    /// The chunks on record do not add up to the upload (a chunk lost from the store).
    #[error("照片分块不完整：{0}")]
    Incomplete(String),
    #[error("无法创建照片目录 {path}：{source}")]
    Dir {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// A whole part, read back from its chunks.
pub struct Assembled {
    /// SHA-256 of every byte, lower-case hex.
    pub sha256: String,
    pub bytes: u64,
    /// The first chunk: enough for the JPEG header, its size and the camera's EXIF time.
    pub head: Bytes,
}

fn chunk_prefix(upload: Uuid) -> Path {
    Path::from(format!("uploads/{upload}"))
}

fn chunk_path(upload: Uuid, offset: u64) -> Path {
    // Zero-padded so that listing order is offset order.
    Path::from(format!("uploads/{upload}/{offset:012}"))
}

/// Where a stored part lives.
pub fn photo_path(photo: Uuid, part: PhotoPart) -> Path {
    Path::from(format!("photos/{photo}/{}.jpg", part.as_str()))
}

/// Where a 一线督导 visit's photo lives.
pub fn visit_photo_path(photo: Uuid) -> Path {
    Path::from(format!("visits/{photo}.jpg"))
}

impl Blobs {
    /// `spec` is a directory (created if missing) or `s3://bucket[/prefix]`, configured by the
    /// standard `AWS_*` variables (`AWS_ENDPOINT` for an S3-compatible server,
    /// `AWS_ALLOW_HTTP=true` for one without TLS on a private network).
    pub fn open(spec: &str) -> Result<Self, BlobError> {
        if let Some(rest) = spec.strip_prefix("s3://") {
            install_tls_provider();
            // `s3://bucket/some/prefix` keeps this deployment's photos under a prefix.
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let s3 = object_store::aws::AmazonS3Builder::from_env()
                .with_url(format!("s3://{bucket}"))
                .build()?;
            let inner: Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(
                    s3,
                    prefix.trim_matches('/'),
                ))
            };
            return Ok(Self {
                inner,
                describe: spec.to_string(),
            });
        }
        std::fs::create_dir_all(spec).map_err(|source| BlobError::Dir {
            path: spec.to_string(),
            source,
        })?;
        let local = object_store::local::LocalFileSystem::new_with_prefix(spec)?
            // Deleting the last chunk of an upload also removes its empty directory.
            .with_automatic_cleanup(true);
        Ok(Self {
            inner: Arc::new(local),
            describe: spec.to_string(),
        })
    }

    /// Keeps one chunk at its offset. Sending the same chunk again overwrites it with the
    /// same bytes: harmless.
    pub async fn put_chunk(
        &self,
        upload: Uuid,
        offset: u64,
        bytes: Bytes,
    ) -> Result<(), BlobError> {
        self.inner
            .put(&chunk_path(upload, offset), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    /// Reads the chunks of `upload` in order, checks they add up to `length`, and writes
    /// them as one object at `dest`, hashing as it goes. The chunks stay until
    /// `discard_upload`: if the caller fails to record the result, it can run again.
    pub async fn assemble(
        &self,
        upload: Uuid,
        length: u64,
        dest: &Path,
    ) -> Result<Assembled, BlobError> {
        let mut chunks: Vec<_> = self
            .inner
            .list(Some(&chunk_prefix(upload)))
            .try_collect()
            .await?;
        chunks.sort_by(|a, b| a.location.cmp(&b.location));
        let mut hasher = Sha256::new();
        let mut writer = WriteMultipart::new(self.inner.put_multipart(dest).await?);
        let mut head = Bytes::new();
        let mut at: u64 = 0;
        for meta in &chunks {
            let offset: Option<u64> = meta.location.filename().and_then(|f| f.parse().ok());
            if offset != Some(at) {
                writer.abort().await?;
                return Err(BlobError::Incomplete(format!(
                    "{upload}: expected a chunk at {at}, found {}",
                    meta.location
                )));
            }
            let bytes = self.inner.get(&meta.location).await?.bytes().await?;
            hasher.update(&bytes);
            at += bytes.len() as u64;
            if head.is_empty() {
                head = bytes.clone();
            }
            writer.put(bytes);
        }
        if at != length {
            writer.abort().await?;
            return Err(BlobError::Incomplete(format!(
                "{upload}: {at} of {length} bytes"
            )));
        }
        writer.finish().await?;
        Ok(Assembled {
            sha256: hex(&hasher.finalize()),
            bytes: at,
            head,
        })
    }

    /// Deletes every chunk of an upload (after it was stored whole, refused, or abandoned).
    pub async fn discard_upload(&self, upload: Uuid) -> Result<(), BlobError> {
        let chunks: Vec<_> = self
            .inner
            .list(Some(&chunk_prefix(upload)))
            .try_collect()
            .await?;
        for meta in chunks {
            match self.inner.delete(&meta.location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// A stored object, whole (parts are at most `MAX_PHOTO_BYTES`), or `None`.
    pub async fn get(&self, path: &Path) -> Result<Option<Bytes>, BlobError> {
        match self.inner.get(path).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes a whole object (copies between stores; uploads go through `put_chunk`).
    pub async fn put(&self, path: &Path, bytes: Bytes) -> Result<(), BlobError> {
        self.inner.put(path, PutPayload::from_bytes(bytes)).await?;
        Ok(())
    }

    pub async fn delete(&self, path: &Path) -> Result<(), BlobError> {
        match self.inner.delete(path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Objects under `prefix` (`photos` or `uploads`): how many, and their bytes.
    pub async fn usage(&self, prefix: &str) -> Result<(u64, u64), BlobError> {
        let all: Vec<_> = self
            .inner
            .list(Some(&Path::from(prefix)))
            .try_collect()
            .await?;
        Ok((all.len() as u64, all.iter().map(|m| m.size).sum()))
    }
}

/// Gives rustls its process-wide crypto provider, ring. reqwest (object_store's HTTP
/// client) is built without one of its own (server/Cargo.toml says why), so anything in
/// this workspace that makes a reqwest client calls this first; calling it again is harmless.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Lower-case hex, as the phone writes hashes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
