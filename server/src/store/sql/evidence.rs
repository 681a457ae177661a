//! Evidence: uploads in progress and the photo parts stored whole.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;
use uuid::Uuid;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::evidence::PhotoPart;
use app::domain::evidence::public::{PublicPhoto, PublicStage};
use app::store::{EvidenceStore, EvidenceUsage, HashUse, StoreError, StoredPart, Upload};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Db, Store};

fn uuid(s: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(format!("bad uuid {s}: {e}")))
}

fn stage(s: &str) -> Result<PublicStage, StoreError> {
    PublicStage::parse(s).ok_or_else(|| StoreError::Corrupt(format!("bad photo stage {s}")))
}

/// What makes a staged photo public now, whatever was marked: its report is accepted and
/// no indicator of its item is about people. `ps` is `photo_stages`, `r` its report.
const PUBLIC_NOW: &str = "r.status = 'accepted' AND NOT EXISTS \
     (SELECT 1 FROM indicators ind WHERE ind.item_id = r.item_id AND ind.sensitive)";

fn part(s: &str) -> Result<PhotoPart, StoreError> {
    PhotoPart::parse(s).ok_or_else(|| StoreError::Corrupt(format!("bad photo part {s}")))
}

const UPLOAD_COLUMNS: &str =
    "id, photo_id, part, report_id, unit_id, length, received, sha256, updated_at";

/// An `uploads` row, as stored.
#[derive(sqlx::FromRow)]
struct UploadRow {
    id: String,
    photo_id: String,
    part: String,
    report_id: String,
    unit_id: i64,
    length: i64,
    received: i64,
    sha256: String,
    updated_at: DateTime<Utc>,
}

impl TryFrom<UploadRow> for Upload {
    type Error = StoreError;
    fn try_from(r: UploadRow) -> Result<Self, StoreError> {
        Ok(Upload {
            id: uuid(&r.id)?,
            photo_id: uuid(&r.photo_id)?,
            part: part(&r.part)?,
            report_id: uuid(&r.report_id)?,
            unit_id: r.unit_id,
            length: r.length as u64,
            received: r.received as u64,
            sha256: r.sha256,
            updated_at: r.updated_at,
        })
    }
}

const PART_COLUMNS: &str = "photo_id, part, report_id, unit_id, sha256, bytes, width, height, \
     exif_taken_at, received_at";

/// A `photos` row, as stored.
#[derive(sqlx::FromRow)]
struct PartRow {
    photo_id: String,
    part: String,
    report_id: String,
    unit_id: i64,
    sha256: String,
    bytes: i64,
    width: Option<i32>,
    height: Option<i32>,
    exif_taken_at: Option<String>,
    received_at: DateTime<Utc>,
}

impl TryFrom<PartRow> for StoredPart {
    type Error = StoreError;
    fn try_from(r: PartRow) -> Result<Self, StoreError> {
        Ok(StoredPart {
            photo_id: uuid(&r.photo_id)?,
            part: part(&r.part)?,
            report_id: uuid(&r.report_id)?,
            unit_id: r.unit_id,
            sha256: r.sha256,
            bytes: r.bytes as u64,
            width: r.width.map(|w| w as u32),
            height: r.height.map(|h| h as u32),
            exif_taken_at: r.exif_taken_at.as_deref().and_then(|t| t.parse().ok()),
            received_at: r.received_at,
        })
    }
}

/// A report whose photos carry a given hash.
#[derive(sqlx::FromRow)]
struct HashUseRow {
    sha256: String,
    report_id: String,
    item: i32,
    captured_on: NaiveDate,
}

#[async_trait]
impl EvidenceStore for Store {
    async fn start_upload(&self, new: &Upload) -> Result<Upload, StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO uploads (id, photo_id, part, report_id, unit_id, length, received, sha256, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $8) \
             ON CONFLICT (photo_id, part) DO NOTHING",
        )
        .bind(new.id.to_string())
        .bind(new.photo_id.to_string())
        .bind(new.part.as_str())
        .bind(new.report_id.to_string())
        .bind(new.unit_id)
        .bind(new.length as i64)
        .bind(&new.sha256)
        .bind(new.updated_at)
        .execute(&mut *tx)
        .await?;
        let row: UploadRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE photo_id = $1 AND part = $2"
        )))
        .bind(new.photo_id.to_string())
        .bind(new.part.as_str())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        row.try_into()
    }

    async fn upload(&self, id: Uuid) -> Result<Option<Upload>, StoreError> {
        let row: Option<UploadRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {UPLOAD_COLUMNS} FROM uploads WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(Upload::try_from).transpose()
    }

    async fn advance_upload(
        &self,
        id: Uuid,
        from: u64,
        to: u64,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE uploads SET received = $1, updated_at = $2 WHERE id = $3 AND received = $4",
        )
        .bind(to as i64)
        .bind(at)
        .bind(id.to_string())
        .bind(from as i64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn finish_upload(&self, id: Uuid, p: &StoredPart) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO photos (photo_id, part, report_id, unit_id, sha256, bytes, width, height, \
               exif_taken_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (photo_id, part) DO NOTHING",
        )
        .bind(p.photo_id.to_string())
        .bind(p.part.as_str())
        .bind(p.report_id.to_string())
        .bind(p.unit_id)
        .bind(&p.sha256)
        .bind(p.bytes as i64)
        .bind(p.width.map(|w| w as i32))
        .bind(p.height.map(|h| h as i32))
        // ISO text, the same in both databases: a camera's time has no zone.
        .bind(
            p.exif_taken_at
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        )
        .bind(p.received_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE uploads SET received = length, updated_at = $1 WHERE id = $2")
            .bind(p.received_at)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_upload(&self, id: Uuid, at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE uploads SET received = 0, updated_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn stale_uploads(&self, before: DateTime<Utc>) -> Result<Vec<Uuid>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM uploads WHERE received < length AND updated_at < $1",
        )
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        ids.iter().map(|s| uuid(s)).collect()
    }

    async fn forget_uploads(&self, ids: &[Uuid]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        // Only unfinished ones: a part stored meanwhile keeps its upload row.
        let mut q =
            QueryBuilder::<Db>::new("DELETE FROM uploads WHERE received < length AND id IN ");
        q.push_tuples(ids, |mut b, id| {
            b.push_bind(id.to_string());
        });
        q.build().execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn stored_part(
        &self,
        photo: Uuid,
        p: PhotoPart,
    ) -> Result<Option<StoredPart>, StoreError> {
        let row: Option<PartRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {PART_COLUMNS} FROM photos WHERE photo_id = $1 AND part = $2"
        )))
        .bind(photo.to_string())
        .bind(p.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredPart::try_from).transpose()
    }

    async fn report_parts(&self, reports: &[Uuid]) -> Result<Vec<StoredPart>, StoreError> {
        if reports.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Db>::new(format!(
            "SELECT {PART_COLUMNS} FROM photos WHERE report_id IN "
        ));
        q.push_tuples(reports, |mut b, id| {
            b.push_bind(id.to_string());
        });
        let rows: Vec<PartRow> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(StoredPart::try_from).collect()
    }

    async fn evidence_counts(
        &self,
        plan: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(u32, u64)>, StoreError> {
        let rows: Vec<(i32, i64)> = sqlx::query_as(
            "SELECT i.number, COUNT(*) FROM photos ph JOIN reports r ON r.id = ph.report_id \
             JOIN items i ON i.id = r.item_id JOIN plans p ON p.id = r.plan_id \
             WHERE p.code = $1 AND ph.part = 'photo' AND r.status = 'accepted' \
               AND r.captured_on BETWEEN $2 AND $3 \
             GROUP BY i.id ORDER BY i.number",
        )
        .bind(plan)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(i, n)| (i as u32, n as u64))
            .collect())
    }

    async fn evidence_usage(&self) -> Result<EvidenceUsage, StoreError> {
        let parts: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT part, COUNT(*), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM photos GROUP BY part",
        )
        .fetch_all(&self.pool)
        .await?;
        let (open, held): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(received), 0) AS BIGINT) FROM uploads \
             WHERE received < length",
        )
        .fetch_one(&self.pool)
        .await?;
        let mut usage = EvidenceUsage {
            open_uploads: open as u64,
            open_bytes: held as u64,
            ..EvidenceUsage::default()
        };
        for (p, n, bytes) in parts {
            match part(&p)? {
                PhotoPart::Photo => (usage.photos, usage.photo_bytes) = (n as u64, bytes as u64),
                PhotoPart::Thumb => (usage.thumbs, usage.thumb_bytes) = (n as u64, bytes as u64),
            }
        }
        Ok(usage)
    }

    async fn hash_uses(&self, sha256s: &[String]) -> Result<Vec<HashUse>, StoreError> {
        if sha256s.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Db>::new(
            "SELECT DISTINCT ph.sha256, r.id AS report_id, i.number AS item, r.captured_on \
             FROM photos ph JOIN reports r ON r.id = ph.report_id JOIN items i ON i.id = r.item_id \
             WHERE ph.part = 'photo' AND ph.sha256 IN ",
        );
        q.push_tuples(sha256s, |mut b, s| {
            b.push_bind(s.clone());
        });
        q.push(" ORDER BY r.captured_on");
        let rows: Vec<HashUseRow> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|r| {
                Ok(HashUse {
                    report_id: uuid(&r.report_id)?,
                    sha256: r.sha256,
                    item: r.item as u32,
                    captured_on: r.captured_on,
                })
            })
            .collect()
    }

    async fn set_stage(
        &self,
        photo: Uuid,
        report: Uuid,
        stage: Option<PublicStage>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT stage FROM photo_stages WHERE photo_id = $1")
                .bind(photo.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM photo_stages WHERE photo_id = $1")
            .bind(photo.to_string())
            .execute(&mut *tx)
            .await?;
        if let Some(stage) = stage {
            sqlx::query(
                "INSERT INTO photo_stages (photo_id, report_id, stage, marked_by, marked_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(photo.to_string())
            .bind(report.to_string())
            .bind(stage.as_str())
            .bind(actor.user_id)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
        }
        write_audit(
            &mut tx,
            actor,
            AuditRow {
                action: AuditAction::PhotoStage,
                entity: AuditEntity::Photo,
                entity_id: Some(photo.to_string()),
                before: Some(serde_json::json!({ "stage": before })),
                after: Some(serde_json::json!({
                    "report": report.to_string(),
                    "stage": stage.map(PublicStage::as_str),
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn stages(&self, reports: &[Uuid]) -> Result<Vec<(Uuid, PublicStage)>, StoreError> {
        if reports.is_empty() {
            return Ok(Vec::new());
        }
        let mut q =
            QueryBuilder::<Db>::new("SELECT photo_id, stage FROM photo_stages WHERE report_id IN ");
        q.push_tuples(reports, |mut b, id| {
            b.push_bind(id.to_string());
        });
        let rows: Vec<(String, String)> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|(p, s)| Ok((uuid(p)?, stage(s)?)))
            .collect()
    }

    async fn public_photos(&self, plan: &str, item: u32) -> Result<Vec<PublicPhoto>, StoreError> {
        let rows: Vec<(String, String, NaiveDate)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT ps.photo_id, ps.stage, r.captured_on FROM photo_stages ps \
             JOIN reports r ON r.id = ps.report_id JOIN items i ON i.id = r.item_id \
             JOIN plans p ON p.id = r.plan_id \
             WHERE p.code = $1 AND i.number = $2 AND {PUBLIC_NOW} \
             ORDER BY r.captured_on, ps.photo_id"
        )))
        .bind(plan)
        .bind(item as i32)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(p, s, captured_on)| {
                Ok(PublicPhoto {
                    photo_id: uuid(&p)?,
                    stage: stage(&s)?,
                    captured_on,
                })
            })
            .collect()
    }

    async fn is_public(&self, photo: Uuid) -> Result<bool, StoreError> {
        let found: Option<i32> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT 1 FROM photo_stages ps JOIN reports r ON r.id = ps.report_id \
             WHERE ps.photo_id = $1 AND {PUBLIC_NOW}"
        )))
        .bind(photo.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }
}
