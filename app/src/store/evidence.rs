//! Evidence in storage: uploads in progress and the photo parts stored whole. The bytes
//! themselves live in the object store (`server::store::blobs`); these rows say what is
//! there, since when, and for which report.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

use crate::domain::audit::Actor;
use crate::domain::evidence::PhotoPart;
use crate::domain::evidence::public::{PublicPhoto, PublicStage};

use super::StoreError;

/// An upload of one part of one declared photo.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    pub id: Uuid,
    pub photo_id: Uuid,
    pub part: PhotoPart,
    pub report_id: Uuid,
    pub unit_id: i64,
    pub length: u64,
    /// Bytes confirmed so far; equal to `length` once the part is stored.
    pub received: u64,
    pub sha256: String,
    pub updated_at: DateTime<Utc>,
}

/// A part stored whole, its hash checked.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredPart {
    pub photo_id: Uuid,
    pub part: PhotoPart,
    pub report_id: Uuid,
    pub unit_id: i64,
    pub sha256: String,
    pub bytes: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Read by the server from the photo's own EXIF.
    pub exif_taken_at: Option<NaiveDateTime>,
    pub received_at: DateTime<Utc>,
}

/// Another report that carries the same bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct HashUse {
    pub sha256: String,
    pub report_id: Uuid,
    pub item: u32,
    pub captured_on: NaiveDate,
}

/// What evidence takes, as the tables record it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvidenceUsage {
    pub photos: u64,
    pub photo_bytes: u64,
    pub thumbs: u64,
    pub thumb_bytes: u64,
    /// Uploads not finished yet, and the bytes they hold so far.
    pub open_uploads: u64,
    pub open_bytes: u64,
}

#[async_trait]
pub trait EvidenceStore: Send + Sync + 'static {
    /// Starts an upload, or returns the one already started for the same part (a creation
    /// retried after a lost answer must not start over).
    async fn start_upload(&self, new: &Upload) -> Result<Upload, StoreError>;
    async fn upload(&self, id: Uuid) -> Result<Option<Upload>, StoreError>;
    /// Moves the confirmed offset from `from` to `to`; false when another request moved it
    /// first (then nothing changed).
    async fn advance_upload(
        &self,
        id: Uuid,
        from: u64,
        to: u64,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Records the part stored whole and marks the upload done, in one transaction. A part
    /// stored already stays as it was: it is never stored twice.
    async fn finish_upload(&self, id: Uuid, part: &StoredPart) -> Result<(), StoreError>;
    /// Sets an upload back to nothing received (its bytes were refused and discarded).
    async fn reset_upload(&self, id: Uuid, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Unfinished uploads not touched since `before`; deleted from the table by
    /// `forget_uploads` once their chunks are gone.
    async fn stale_uploads(&self, before: DateTime<Utc>) -> Result<Vec<Uuid>, StoreError>;
    async fn forget_uploads(&self, ids: &[Uuid]) -> Result<(), StoreError>;
    async fn stored_part(
        &self,
        photo: Uuid,
        part: PhotoPart,
    ) -> Result<Option<StoredPart>, StoreError>;
    /// Every stored part of these reports.
    async fn report_parts(&self, reports: &[Uuid]) -> Result<Vec<StoredPart>, StoreError>;
    /// Photos stored per item for a plan's accepted reports captured between the days.
    async fn evidence_counts(
        &self,
        plan: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(u32, u64)>, StoreError>;
    /// Counts and bytes of stored parts and of unfinished uploads.
    async fn evidence_usage(&self) -> Result<EvidenceUsage, StoreError>;
    /// Every report whose stored photos have one of these hashes.
    async fn hash_uses(&self, sha256s: &[String]) -> Result<Vec<HashUse>, StoreError>;
    /// Makes a photo of a report public as showing `stage`, or (None) takes it back, with
    /// its audit row, in one transaction. The service has checked that it may.
    async fn set_stage(
        &self,
        photo: Uuid,
        report: Uuid,
        stage: Option<PublicStage>,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// The public stage of each photo of these reports that has one.
    async fn stages(&self, reports: &[Uuid]) -> Result<Vec<(Uuid, PublicStage)>, StoreError>;
    /// An item's public photos, oldest work first. Checked again here, whatever was marked:
    /// only accepted reports, never an item with an indicator about people.
    async fn public_photos(&self, plan: &str, item: u32) -> Result<Vec<PublicPhoto>, StoreError>;
    /// Whether the public may see this photo now (the same checks as `public_photos`).
    async fn is_public(&self, photo: Uuid) -> Result<bool, StoreError>;
}
