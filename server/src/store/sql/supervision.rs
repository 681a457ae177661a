//! 督查督办: difficulties with their timeline, and visits (督办单: `directive`).

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::supervision::{
    Difficulty, DifficultyChange, DifficultyEvent, DifficultyStatus, Visit,
};
use app::store::{NewDifficulty, NewVisit, StoreError, SupervisionStore};

use async_trait::async_trait;

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};
use super::visits;

use super::plan::corrupt;

pub(super) async fn item_id(conn: &mut Conn, plan: &str, item: u32) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id WHERE p.code = $1 AND i.number = $2",
    )
    .bind(plan)
    .bind(item as i32)
    .fetch_optional(conn)
    .await
    ?
    .ok_or_else(|| StoreError::NotFound("没有这个项目".to_string()))
}

async fn event(
    conn: &mut Conn,
    id: i64,
    actor: &Actor,
    kind: &str,
    status: Option<DifficultyStatus>,
    text: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO difficulty_events (difficulty_id, at, by_user, kind, status, text) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(Utc::now())
    .bind(actor.user_id)
    .bind(kind)
    .bind(status.map(DifficultyStatus::as_str))
    .bind(text)
    .execute(conn)
    .await?;
    Ok(())
}

const DIFFICULTY_SELECT: &str = "SELECT d.id, i.number AS item, i.title AS item_title, d.report_id, \
       n.name AS unit, d.title, d.detail, d.status, d.owner, u.display_name AS raised_by, \
       d.raised_at, d.resolved_at, p.code AS plan \
     FROM difficulties d JOIN items i ON i.id = d.item_id JOIN plans p ON p.id = i.plan_id \
     JOIN units n ON n.id = d.unit_id JOIN users u ON u.id = d.raised_by";

/// A row of `DIFFICULTY_SELECT`, as stored.
#[derive(sqlx::FromRow)]
struct DifficultyRow {
    id: i64,
    item: i32,
    item_title: String,
    report_id: Option<String>,
    unit: String,
    title: String,
    detail: String,
    status: String,
    owner: String,
    raised_by: String,
    raised_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    plan: String,
}

fn difficulty_from(r: DifficultyRow) -> Result<Difficulty, StoreError> {
    Ok(Difficulty {
        id: r.id,
        item: r.item as u32,
        item_title: r.item_title,
        report_id: r.report_id,
        unit: r.unit,
        title: r.title,
        detail: r.detail,
        status: DifficultyStatus::parse(&r.status).ok_or_else(|| corrupt("status", &r.status))?,
        owner: r.owner,
        raised_by: r.raised_by,
        raised_at: r.raised_at,
        resolved_at: r.resolved_at,
    })
}

/// One step of a difficulty's timeline, with who took it.
#[derive(sqlx::FromRow)]
struct EventRow {
    at: DateTime<Utc>,
    by_name: String,
    kind: String,
    status: Option<String>,
    text: String,
}

#[async_trait]
impl SupervisionStore for Store {
    async fn raise_difficulty(
        &self,
        new: &NewDifficulty,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let item = item_id(conn, &new.plan, new.item).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO difficulties (item_id, report_id, unit_id, title, detail, raised_by, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(item)
        .bind(&new.report_id)
        .bind(new.unit_id)
        .bind(&new.title)
        .bind(&new.detail)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await
        ?;
        event(
            conn,
            id,
            actor,
            "raised",
            Some(DifficultyStatus::Open),
            &new.detail,
        )
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::DifficultyRaise,
                entity: AuditEntity::Difficulty,
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(
                    json!({ "item": new.item, "title": new.title, "report": new.report_id }),
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn change_difficulty(
        &self,
        id: i64,
        change: &DifficultyChange,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let (status, owner): (String, String) =
            sqlx::query_as("SELECT status, owner FROM difficulties WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::NotFound("没有这个困难问题".to_string()))?;
        let (action, after) = match change {
            DifficultyChange::Comment(text) => {
                event(conn, id, actor, "comment", None, text).await?;
                (AuditAction::DifficultyComment, json!({ "comment": text }))
            }
            DifficultyChange::Status(next, text) => {
                if next.as_str() == status {
                    return Err(StoreError::Conflict(format!(
                        "该问题已是“{}”状态",
                        next.label()
                    )));
                }
                let resolved = (*next == DifficultyStatus::Resolved).then(Utc::now);
                sqlx::query("UPDATE difficulties SET status = $1, resolved_at = $2 WHERE id = $3")
                    .bind(next.as_str())
                    .bind(resolved)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                event(conn, id, actor, "status", Some(*next), text).await?;
                (
                    AuditAction::DifficultyStatus,
                    json!({ "status": next.as_str(), "note": text }),
                )
            }
            DifficultyChange::Owner(next) => {
                sqlx::query("UPDATE difficulties SET owner = $1 WHERE id = $2")
                    .bind(next)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                event(conn, id, actor, "owner", None, next).await?;
                (AuditAction::DifficultyOwner, json!({ "owner": next }))
            }
        };
        write_audit(
            conn,
            actor,
            AuditRow {
                action,
                entity: AuditEntity::Difficulty,
                entity_id: Some(id.to_string()),
                before: Some(json!({ "status": status, "owner": owner })),
                after: Some(after),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn difficulties(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Difficulty>, StoreError> {
        let rows: Vec<DifficultyRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{DIFFICULTY_SELECT} WHERE p.code = $1 AND (CAST($2 AS INTEGER) IS NULL OR i.number = $2) \
             ORDER BY d.raised_at, d.id"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&self.pool)
        .await
        ?;
        rows.into_iter().map(difficulty_from).collect()
    }

    async fn difficulty(
        &self,
        id: i64,
    ) -> Result<Option<(String, Difficulty, Vec<DifficultyEvent>)>, StoreError> {
        let Some(row) = sqlx::query_as::<_, DifficultyRow>(sqlx::AssertSqlSafe(format!(
            "{DIFFICULTY_SELECT} WHERE d.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let plan = row.plan.clone();
        let difficulty = difficulty_from(row)?;
        let events: Vec<EventRow> = sqlx::query_as(
            "SELECT e.at, u.display_name AS by_name, e.kind, e.status, e.text \
             FROM difficulty_events e JOIN users u ON u.id = e.by_user \
             WHERE e.difficulty_id = $1 ORDER BY e.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let events = events
            .into_iter()
            .map(|r| DifficultyEvent {
                status: r.status.as_deref().and_then(DifficultyStatus::parse),
                at: r.at,
                by: r.by_name,
                kind: r.kind,
                text: r.text,
            })
            .collect();
        Ok(Some((plan, difficulty, events)))
    }

    async fn record_visit(&self, new: &NewVisit, actor: &Actor) -> Result<i64, StoreError> {
        visits::record(self, new, actor).await
    }

    async fn visits(&self, plan: &str, item: Option<u32>) -> Result<Vec<Visit>, StoreError> {
        visits::list(self, plan, item).await
    }

    async fn has_visit_photo(&self, photo: Uuid) -> Result<bool, StoreError> {
        visits::has_photo(self, photo).await
    }
}
