//! The audit trail: the row each write appends inside its own transaction, and the
//! supervisor's filtered view of it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

use app::domain::audit::{Actor, AuditAction, AuditEntity, AuditEntry, AuditFilter};
use app::domain::china_time;
use app::store::{AuditStore, StoreError};

use super::dialect::{Conn, Store};

/// One audit row; written inside the transaction of the write it records.
pub(super) struct AuditRow {
    pub action: AuditAction,
    pub entity: AuditEntity,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub(super) async fn write_audit(
    conn: &mut Conn,
    actor: &Actor,
    row: AuditRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, before, after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Utc::now())
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(row.action.as_str())
    .bind(row.entity.as_str())
    .bind(row.entity_id)
    .bind(row.before.map(|v| v.to_string()))
    .bind(row.after.map(|v| v.to_string()))
    .execute(conn)
    .await?;
    Ok(())
}

/// An audit row as stored: before and after are JSON text.
#[derive(sqlx::FromRow)]
struct AuditDbRow {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    entity: String,
    entity_id: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

#[async_trait]
impl AuditStore for Store {
    async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        // Dates filter by the day in China, which is what users mean by a date.
        let from = filter.from.map(china_time::day_start);
        let to = filter.to.and_then(china_time::day_end);
        let rows: Vec<AuditDbRow> = sqlx::query_as(
            "SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log \
             WHERE (CAST($1 AS TEXT) IS NULL OR actor = $1) AND (CAST($2 AS TEXT) IS NULL OR action = $2) \
               AND (CAST($3 AS TIMESTAMPTZ) IS NULL OR at >= $3) AND (CAST($4 AS TIMESTAMPTZ) IS NULL OR at < $4) \
               AND (CAST($5 AS BIGINT) IS NULL OR id < $5) \
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
        ?;
        // Text that is not JSON was never written by `write_audit`; show the entry without it.
        let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor: r.actor,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: json(r.before),
                after: json(r.after),
            })
            .collect())
    }
}
