//! 代表意见: filed by 测评代表, answered by the lead unit.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::opinion::Opinion;
use app::store::{OpinionStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

#[derive(sqlx::FromRow)]
struct OpinionRow {
    id: i64,
    code: String,
    number: i32,
    text: String,
    filed_by: String,
    filed_at: DateTime<Utc>,
    answer: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<DateTime<Utc>>,
}

const OPINION_SELECT: &str = "SELECT o.id, p.code, i.number, o.text, f.display_name AS filed_by, \
     o.filed_at, o.answer, a.display_name AS answered_by, o.answered_at \
     FROM opinions o JOIN items i ON i.id = o.item_id JOIN plans p ON p.id = i.plan_id \
     JOIN users f ON f.id = o.filed_by LEFT JOIN users a ON a.id = o.answered_by";

fn opinion_from(r: OpinionRow) -> (String, Opinion) {
    (
        r.code,
        Opinion {
            id: r.id,
            item: r.number as u32,
            text: r.text,
            filed_by: r.filed_by,
            filed_at: r.filed_at,
            answer: r.answer,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
        },
    )
}

#[async_trait]
impl OpinionStore for Store {
    async fn file_opinion(
        &self,
        plan: &str,
        item: u32,
        text: &str,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO opinions (item_id, text, filed_by, filed_at) \
             SELECT i.id, $3, $4, $5 FROM items i JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 RETURNING id",
        )
        .bind(plan)
        .bind(item as i32)
        .bind(text)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_optional(&mut *conn)
        .await?;
        let Some(id) = id else {
            return Err(StoreError::NotFound("没有这个项目".to_string()));
        };
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::OpinionFile,
                entity: AuditEntity::Opinion,
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({ "plan": plan, "item": item, "text": text })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn answer_opinion(&self, id: i64, answer: &str, actor: &Actor) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let before: Option<Option<String>> =
            sqlx::query_scalar("SELECT answer FROM opinions WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound("没有这条代表意见".to_string()));
        };
        sqlx::query(
            "UPDATE opinions SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4",
        )
        .bind(answer)
        .bind(actor.user_id)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::OpinionAnswer,
                entity: AuditEntity::Opinion,
                entity_id: Some(id.to_string()),
                before: before.map(|a| json!({ "answer": a })),
                after: Some(json!({ "answer": answer })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn opinions(&self, plan: &str, item: Option<u32>) -> Result<Vec<Opinion>, StoreError> {
        let rows: Vec<OpinionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{OPINION_SELECT} WHERE p.code = $1 AND (CAST($2 AS INTEGER) IS NULL OR i.number = $2) \
             ORDER BY CASE WHEN o.answer IS NULL THEN 0 ELSE 1 END, o.filed_at, o.id"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| opinion_from(r).1).collect())
    }

    async fn opinion(&self, id: i64) -> Result<Option<(String, Opinion)>, StoreError> {
        let row: Option<OpinionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{OPINION_SELECT} WHERE o.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(opinion_from))
    }
}
