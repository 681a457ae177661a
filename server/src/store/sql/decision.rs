//! Decisions changing a plan's targets, or suspending, resuming or ending its items:
//! appended, never edited (a later decision replaces an earlier one from its own date on).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::decision::{
    ItemDecision, ItemDecisionKind, NewItemDecision, NewTargetDecision, TargetDecision,
};
use app::store::{DecisionStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: i64,
    number: i32,
    code: String,
    body: String,
    doc_number: String,
    decided_on: NaiveDate,
    reason: String,
    old_target: f64,
    new_target: f64,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ItemDecisionRow {
    id: i64,
    number: i32,
    kind: String,
    body: String,
    doc_number: String,
    decided_on: NaiveDate,
    reason: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

#[async_trait]
impl DecisionStore for Store {
    async fn record_target_decision(
        &self,
        plan: &str,
        new: &NewTargetDecision,
        old_target: f64,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let indicator: Option<i64> = sqlx::query_scalar(
            "SELECT n.id FROM indicators n JOIN items i ON i.id = n.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 AND n.code = $3",
        )
        .bind(plan)
        .bind(new.item as i32)
        .bind(&new.indicator)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(indicator) = indicator else {
            return Err(StoreError::NotFound("没有这个指标".to_string()));
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO target_decisions (indicator_id, body, doc_number, decided_on, reason, \
                                           old_target, new_target, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(indicator)
        .bind(new.body.trim())
        .bind(new.doc_number.trim())
        .bind(new.decided_on)
        .bind(new.reason.trim())
        .bind(old_target)
        .bind(new.new_target)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::TargetDecision,
                entity: AuditEntity::Indicator,
                entity_id: Some(format!("{plan}/{}/{}", new.item, new.indicator)),
                before: Some(json!({ "target": old_target })),
                after: Some(json!({
                    "target": new.new_target,
                    "body": new.body.trim(),
                    "doc_number": new.doc_number.trim(),
                    "decided_on": new.decided_on,
                    "reason": new.reason.trim(),
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn target_decisions(&self, plan: &str) -> Result<Vec<TargetDecision>, StoreError> {
        let rows: Vec<DecisionRow> = sqlx::query_as(
            "SELECT d.id, i.number, n.code, d.body, d.doc_number, d.decided_on, d.reason, \
                    d.old_target, d.new_target, u.username AS recorded_by, d.recorded_at \
               FROM target_decisions d JOIN indicators n ON n.id = d.indicator_id \
               JOIN items i ON i.id = n.item_id JOIN plans p ON p.id = i.plan_id \
               JOIN users u ON u.id = d.recorded_by \
              WHERE p.code = $1 ORDER BY d.decided_on, d.id",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| TargetDecision {
                id: r.id,
                item: r.number as u32,
                indicator: r.code,
                body: r.body,
                doc_number: r.doc_number,
                decided_on: r.decided_on,
                reason: r.reason,
                old_target: r.old_target,
                new_target: r.new_target,
                recorded_by: r.recorded_by,
                recorded_at: r.recorded_at,
            })
            .collect())
    }

    async fn record_item_decision(
        &self,
        plan: &str,
        new: &NewItemDecision,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO item_decisions (item_id, kind, body, doc_number, decided_on, reason, \
                                         recorded_by, recorded_at) \
             SELECT i.id, $3, $4, $5, $6, $7, $8, $9 FROM items i JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 RETURNING id",
        )
        .bind(plan)
        .bind(new.item as i32)
        .bind(new.kind.as_str())
        .bind(new.body.trim())
        .bind(new.doc_number.trim())
        .bind(new.decided_on)
        .bind(new.reason.trim())
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
                action: AuditAction::ItemDecision,
                entity: AuditEntity::Item,
                entity_id: Some(format!("{plan}/{}", new.item)),
                before: None,
                after: Some(json!({
                    "kind": new.kind.as_str(),
                    "body": new.body.trim(),
                    "doc_number": new.doc_number.trim(),
                    "decided_on": new.decided_on,
                    "reason": new.reason.trim(),
                })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn item_decisions(&self, plan: &str) -> Result<Vec<ItemDecision>, StoreError> {
        let rows: Vec<ItemDecisionRow> = sqlx::query_as(
            "SELECT d.id, i.number, d.kind, d.body, d.doc_number, d.decided_on, d.reason, \
                    u.username AS recorded_by, d.recorded_at \
               FROM item_decisions d JOIN items i ON i.id = d.item_id \
               JOIN plans p ON p.id = i.plan_id JOIN users u ON u.id = d.recorded_by \
              WHERE p.code = $1 ORDER BY d.decided_on, d.id",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(ItemDecision {
                    id: r.id,
                    item: r.number as u32,
                    kind: ItemDecisionKind::parse(&r.kind)
                        .ok_or_else(|| StoreError::Corrupt(format!("item decision {}", r.kind)))?,
                    body: r.body,
                    doc_number: r.doc_number,
                    decided_on: r.decided_on,
                    reason: r.reason,
                    recorded_by: r.recorded_by,
                    recorded_at: r.recorded_at,
                })
            })
            .collect()
    }
}
