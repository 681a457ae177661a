//! The weekly ledger: arrivals per item and week, and statements.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::weekly::Arrival;
use app::store::{StoreError, WeeklyStore};

use async_trait::async_trait;

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

/// One week's first update, or statement, for one item and unit.
#[derive(sqlx::FromRow)]
struct ArrivalRow {
    number: i32,
    week_start: NaiveDate,
    unit_id: i64,
    at: DateTime<Utc>,
    statement: i32,
}

#[async_trait]
impl WeeklyStore for Store {
    async fn arrivals(
        &self,
        plan: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Arrival>, StoreError> {
        let rows: Vec<ArrivalRow> = sqlx::query_as(
            "SELECT i.number, w.week_start, w.unit_id, w.first_at AS at, 0 AS statement \
               FROM weekly_updates w JOIN items i ON i.id = w.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND w.week_start BETWEEN $2 AND $3 \
             UNION ALL \
             SELECT i.number, s.week_start, s.unit_id, s.created_at AS at, 1 AS statement \
               FROM weekly_statements s JOIN items i ON i.id = s.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND s.week_start BETWEEN $2 AND $3",
        )
        .bind(plan)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| Arrival {
                item: r.number as u32,
                week: r.week_start,
                unit_id: r.unit_id,
                at: r.at,
                statement: r.statement == 1,
            })
            .collect())
    }

    async fn add_statement(
        &self,
        plan: &str,
        item: u32,
        unit_id: i64,
        week: NaiveDate,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let item_id: i64 = sqlx::query_scalar(
            "SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id \
             WHERE p.code = $1 AND i.number = $2",
        )
        .bind(plan)
        .bind(item as i32)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("没有这个项目".to_string()))?;
        let done = sqlx::query(
            "INSERT INTO weekly_statements (item_id, week_start, unit_id, reason, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(item_id)
        .bind(week)
        .bind(unit_id)
        .bind(reason)
        .bind(actor.user_id)
        .bind(Utc::now())
        .execute(&mut *conn)
        .await
        ?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "本单位该周已说明过这个项目，不能重复说明".to_string(),
            ));
        }
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::WeeklyStatement,
                entity: AuditEntity::Item,
                entity_id: Some(format!("{plan}/{item}")),
                before: None,
                after: Some(json!({ "week": week, "unit_id": unit_id, "reason": reason })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }
}
