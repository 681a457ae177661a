//! 督办单: issued, answered, sent back, closed. Each write names the phase it expects in
//! its WHERE clause, so of two racing clicks one wins and the other gets a conflict.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::directive::{Closing, Directive, DirectiveColour, SentBack};
use app::store::{DirectiveStore, NewDirective, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};
use super::plan::corrupt;
use super::supervision::item_id;

const DIRECTIVE_SELECT: &str = "SELECT o.id, i.number AS item, i.title AS item_title, o.unit_id, \
       n.name AS unit, o.colour, o.requirement, o.deadline, u.display_name AS issued_by, \
       o.issued_at, o.response, o.responded_at, c.display_name AS closed_by, o.closed_at, \
       p.code AS plan \
     FROM notices o JOIN items i ON i.id = o.item_id JOIN plans p ON p.id = i.plan_id \
     JOIN units n ON n.id = o.unit_id JOIN users u ON u.id = o.issued_by \
     LEFT JOIN users c ON c.id = o.closed_by";

/// A row of `DIRECTIVE_SELECT`, as stored.
#[derive(sqlx::FromRow)]
struct DirectiveRow {
    id: i64,
    item: i32,
    item_title: String,
    unit_id: i64,
    unit: String,
    colour: String,
    requirement: String,
    deadline: NaiveDate,
    issued_by: String,
    issued_at: DateTime<Utc>,
    response: Option<String>,
    responded_at: Option<DateTime<Utc>>,
    closed_by: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    plan: String,
}

/// An answer sent back, with the 督办单 it belongs to.
#[derive(sqlx::FromRow)]
struct ReturnRow {
    notice_id: i64,
    answer: String,
    answered_at: DateTime<Utc>,
    reason: String,
    deadline: NaiveDate,
    returned_by: String,
    returned_at: DateTime<Utc>,
}

const RETURN_SELECT: &str = "SELECT r.notice_id, r.answer, r.answered_at, r.reason, r.deadline, \
       u.display_name AS returned_by, r.returned_at \
     FROM notice_returns r JOIN users u ON u.id = r.returned_by \
     JOIN notices o ON o.id = r.notice_id JOIN items i ON i.id = o.item_id \
     JOIN plans p ON p.id = i.plan_id";

fn directive_from(r: DirectiveRow, returns: &[ReturnRow]) -> Result<Directive, StoreError> {
    Ok(Directive {
        id: r.id,
        item: r.item as u32,
        item_title: r.item_title,
        unit_id: r.unit_id,
        unit: r.unit,
        colour: DirectiveColour::parse(&r.colour).ok_or_else(|| corrupt("colour", &r.colour))?,
        requirement: r.requirement,
        deadline: r.deadline,
        issued_by: r.issued_by,
        issued_at: r.issued_at,
        response: r.response,
        responded_at: r.responded_at,
        returns: returns
            .iter()
            .filter(|b| b.notice_id == r.id)
            .map(|b| SentBack {
                answer: b.answer.clone(),
                answered_at: b.answered_at,
                reason: b.reason.clone(),
                deadline: b.deadline,
                by: b.returned_by.clone(),
                at: b.returned_at,
            })
            .collect(),
        closed: match (r.closed_by, r.closed_at) {
            (Some(by), Some(at)) => Some(Closing { by, at }),
            _ => None,
        },
    })
}

/// Why a phase-guarded write changed nothing: the 督办单 is gone, or moved on.
async fn refused(conn: &mut Conn, id: i64, moved_on: &str) -> StoreError {
    let exists: Result<Option<i64>, _> = sqlx::query_scalar("SELECT id FROM notices WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await;
    match exists {
        Ok(Some(_)) => StoreError::Conflict(moved_on.to_string()),
        Ok(None) => StoreError::NotFound("没有这个督办单".to_string()),
        Err(e) => e.into(),
    }
}

async fn audit(
    conn: &mut Conn,
    actor: &Actor,
    action: AuditAction,
    id: i64,
    after: serde_json::Value,
) -> Result<(), StoreError> {
    write_audit(
        conn,
        actor,
        AuditRow {
            action,
            entity: AuditEntity::Directive,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
        },
    )
    .await
    .map_err(StoreError::from)
}

#[async_trait]
impl DirectiveStore for Store {
    async fn issue_directive(&self, new: &NewDirective, actor: &Actor) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let item = item_id(conn, &new.plan, new.item).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (item_id, unit_id, colour, requirement, deadline, issued_by, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(item)
        .bind(new.unit_id)
        .bind(new.colour.as_str())
        .bind(&new.requirement)
        .bind(new.deadline)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await?;
        let after = json!({
            "item": new.item, "unit_id": new.unit_id, "colour": new.colour.as_str(),
            "deadline": new.deadline, "requirement": new.requirement
        });
        audit(conn, actor, AuditAction::DirectiveIssue, id, after).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn respond_directive(
        &self,
        id: i64,
        response: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let done = sqlx::query(
            "UPDATE notices SET response = $1, responded_by = $2, responded_at = $3 \
             WHERE id = $4 AND response IS NULL AND closed_at IS NULL",
        )
        .bind(response)
        .bind(actor.user_id)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            return Err(refused(conn, id, "该督办单已回复").await);
        }
        let after = json!({ "response": response });
        audit(conn, actor, AuditAction::DirectiveRespond, id, after).await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn send_back_directive(
        &self,
        id: i64,
        reason: &str,
        deadline: NaiveDate,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        // The answer moves into the history with the reason; the 督办单 waits again.
        let kept = sqlx::query(
            "INSERT INTO notice_returns (notice_id, answer, answered_by, answered_at, reason, \
               deadline, returned_by, returned_at) \
             SELECT id, response, responded_by, responded_at, $2, $3, $4, $5 FROM notices \
              WHERE id = $1 AND response IS NOT NULL AND closed_at IS NULL",
        )
        .bind(id)
        .bind(reason)
        .bind(deadline)
        .bind(actor.user_id)
        .bind(Utc::now())
        .execute(&mut *conn)
        .await?;
        if kept.rows_affected() == 0 {
            return Err(refused(conn, id, "该督办单不在待办结状态，不能退回").await);
        }
        sqlx::query(
            "UPDATE notices SET response = NULL, responded_by = NULL, responded_at = NULL \
             WHERE id = $1",
        )
        .bind(id)
        .execute(&mut *conn)
        .await?;
        let after = json!({ "reason": reason, "deadline": deadline });
        audit(conn, actor, AuditAction::DirectiveSendBack, id, after).await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn close_directive(&self, id: i64, actor: &Actor) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let done = sqlx::query(
            "UPDATE notices SET closed_by = $1, closed_at = $2 \
             WHERE id = $3 AND response IS NOT NULL AND closed_at IS NULL",
        )
        .bind(actor.user_id)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            return Err(refused(conn, id, "该督办单不在待办结状态，不能办结").await);
        }
        audit(
            conn,
            actor,
            AuditAction::DirectiveClose,
            id,
            json!({ "closed": true }),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn directives(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Directive>, StoreError> {
        // One snapshot: a send-back between the two reads would show its answer twice.
        let mut tx = self.read_tx().await?;
        let rows: Vec<DirectiveRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{DIRECTIVE_SELECT} WHERE p.code = $1 AND (CAST($2 AS INTEGER) IS NULL OR i.number = $2) \
             ORDER BY o.deadline, o.id"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&mut *tx)
        .await?;
        let returns: Vec<ReturnRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{RETURN_SELECT} WHERE p.code = $1 AND (CAST($2 AS INTEGER) IS NULL OR i.number = $2) \
             ORDER BY r.id"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|r| directive_from(r, &returns))
            .collect()
    }

    async fn directive(&self, id: i64) -> Result<Option<(String, Directive)>, StoreError> {
        let mut tx = self.read_tx().await?;
        let row = sqlx::query_as::<_, DirectiveRow>(sqlx::AssertSqlSafe(format!(
            "{DIRECTIVE_SELECT} WHERE o.id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let returns: Vec<ReturnRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{RETURN_SELECT} WHERE r.notice_id = $1 ORDER BY r.id"
        )))
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let plan = row.plan.clone();
        Ok(Some((plan, directive_from(row, &returns)?)))
    }
}
