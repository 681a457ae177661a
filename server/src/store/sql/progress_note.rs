//! Monthly public progress notes: one row per item and month, a draft until published.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::monthly::Month;
use app::domain::progress_note::{NoteStatus, ProgressNote};
use app::store::{ProgressNoteStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};
use super::supervision::item_id;

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: i64,
    number: i32,
    month: String,
    text: String,
    status: String,
    written_by: String,
    written_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
}

/// Writes the note for (item, month) with its status, and its audit row, in one transaction.
async fn save(
    store: &Store,
    plan: &str,
    item: u32,
    month: Month,
    text: &str,
    status: NoteStatus,
    actor: &Actor,
) -> Result<(), StoreError> {
    let mut tx = store.write_tx().await?;
    let conn: &mut Conn = &mut tx;
    let item_id = item_id(conn, plan, item).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT text FROM progress_notes WHERE item_id = $1 AND month = $2")
            .bind(item_id)
            .bind(month.key())
            .fetch_optional(&mut *conn)
            .await?;
    let now = Utc::now();
    let published = status == NoteStatus::Published;
    sqlx::query(
        "INSERT INTO progress_notes (item_id, month, text, status, written_by, written_at, \
                                     published_by, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (item_id, month) DO UPDATE SET text = excluded.text, \
             status = excluded.status, published_by = excluded.published_by, \
             published_at = excluded.published_at, \
             written_by = CASE WHEN excluded.status = 'draft' \
                               THEN excluded.written_by ELSE progress_notes.written_by END, \
             written_at = CASE WHEN excluded.status = 'draft' \
                               THEN excluded.written_at ELSE progress_notes.written_at END",
    )
    .bind(item_id)
    .bind(month.key())
    .bind(text)
    .bind(status.as_str())
    .bind(actor.user_id)
    .bind(now)
    .bind(published.then_some(actor.user_id).flatten())
    .bind(published.then_some(now))
    .execute(&mut *conn)
    .await?;
    write_audit(
        conn,
        actor,
        AuditRow {
            action: if published {
                AuditAction::NotePublish
            } else {
                AuditAction::NoteWrite
            },
            entity: AuditEntity::Item,
            entity_id: Some(format!("{plan}/{item}/{}", month.key())),
            before: before.map(|t| json!({ "text": t })),
            after: Some(json!({ "text": text, "status": status.as_str() })),
        },
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)
}

#[async_trait]
impl ProgressNoteStore for Store {
    async fn write_note(
        &self,
        plan: &str,
        item: u32,
        month: Month,
        text: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        save(self, plan, item, month, text, NoteStatus::Draft, actor).await
    }

    async fn publish_note(
        &self,
        plan: &str,
        item: u32,
        month: Month,
        text: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        save(self, plan, item, month, text, NoteStatus::Published, actor).await
    }

    async fn notes(
        &self,
        plan: &str,
        item: u32,
        published_only: bool,
    ) -> Result<Vec<ProgressNote>, StoreError> {
        let rows: Vec<NoteRow> = sqlx::query_as(
            "SELECT n.id, i.number, n.month, n.text, n.status, u.username AS written_by, \
                    n.written_at, n.published_at \
               FROM progress_notes n JOIN items i ON i.id = n.item_id \
               JOIN plans p ON p.id = i.plan_id JOIN users u ON u.id = n.written_by \
              WHERE p.code = $1 AND i.number = $2 AND ($3 = 0 OR n.status = 'published') \
              ORDER BY n.month DESC",
        )
        .bind(plan)
        .bind(item as i32)
        .bind(i32::from(published_only))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ProgressNote {
                    id: r.id,
                    item: r.number as u32,
                    month: Month::parse(&r.month)
                        .ok_or_else(|| StoreError::Corrupt(format!("note month {}", r.month)))?,
                    text: r.text,
                    status: NoteStatus::parse(&r.status)
                        .ok_or_else(|| StoreError::Corrupt(format!("note status {}", r.status)))?,
                    written_by: r.written_by,
                    written_at: r.written_at,
                    published_at: r.published_at,
                })
            })
            .collect()
    }
}
