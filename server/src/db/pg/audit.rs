//! The audit trail on PostgreSQL: the row each write appends in its own transaction, and
//! the supervisor's filtered view.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgConnection, Row};

use app::audit::{Actor, AuditEntry, AuditFilter};
use app::store::{AuditStore, StoreError};

use super::{PgStore, db_err};
pub(super) use crate::db::sqlite_audit::AuditRow;

pub(super) async fn write_audit(
    conn: &mut PgConnection,
    actor: &Actor,
    row: AuditRow<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Utc::now())
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(row.action)
    .bind(row.entity)
    .bind(row.entity_id)
    .bind(row.before.map(|v| v.to_string()))
    .bind(row.after.map(|v| v.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl AuditStore for PgStore {
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        // Dates filter by the day in UTC+8 (China), which is what users mean by a date.
        let day_start = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc() - chrono::Duration::hours(8))
        };
        let from = filter.from.and_then(day_start);
        let to = filter.to.and_then(|d| d.succ_opt()).and_then(day_start);
        let rows = sqlx::query(
            "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log \
             WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2) \
               AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4) \
               AND ($5::bigint IS NULL OR id < $5) \
             ORDER BY id DESC LIMIT $6",
        )
        .bind(filter.actor.as_deref().filter(|s| !s.is_empty()))
        .bind(filter.action.as_deref().filter(|s| !s.is_empty()))
        .bind(from)
        .bind(to)
        .bind(filter.before_id)
        .bind(i64::from(filter.limit()))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter()
            .map(|row| {
                let json = |col: &str| -> Result<Option<Value>, sqlx::Error> {
                    let text: Option<String> = row.try_get(col)?;
                    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
                };
                Ok(AuditEntry {
                    id: row.try_get("id")?,
                    at: row.try_get::<DateTime<Utc>, _>("at")?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    entity: row.try_get("entity")?,
                    entity_id: row.try_get("entity_id")?,
                    before: json("before")?,
                    after: json("after")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_err)
    }
}
