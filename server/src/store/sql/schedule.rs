//! 分阶段目标 proposals and the 督查室's decisions on them. A proposal's nodes are kept as
//! one JSON text: it is always written and read whole, never searched by node. Nothing
//! here is ever deleted: a new proposal supersedes the pending one, and a decision only
//! moves a pending proposal on.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::plan::ScheduleNode;
use app::domain::schedule::approval::{ProposalState, ScheduleDecision, ScheduleProposal};
use app::store::{ScheduleStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

#[derive(sqlx::FromRow)]
struct ProposalRow {
    id: i64,
    number: i32,
    code: String,
    nodes: String,
    proposed_by: String,
    proposed_at: DateTime<Utc>,
    state: String,
    decided_by: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    effective_from: Option<NaiveDate>,
    reason: Option<String>,
}

impl TryFrom<ProposalRow> for ScheduleProposal {
    type Error = StoreError;

    fn try_from(r: ProposalRow) -> Result<Self, StoreError> {
        let nodes: Vec<ScheduleNode> = serde_json::from_str(&r.nodes)
            .map_err(|e| StoreError::Corrupt(format!("分阶段目标 {}：{e}", r.id)))?;
        let state = ProposalState::parse(&r.state)
            .ok_or_else(|| StoreError::Corrupt(format!("分阶段目标状态“{}”", r.state)))?;
        Ok(ScheduleProposal {
            id: r.id,
            item: r.number as u32,
            indicator: r.code,
            nodes,
            proposed_by: r.proposed_by,
            proposed_at: r.proposed_at,
            state,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            effective_from: r.effective_from,
            reason: r.reason,
        })
    }
}

fn nodes_json(nodes: &[ScheduleNode]) -> serde_json::Value {
    json!(
        nodes
            .iter()
            .map(|n| json!({ "due_on": n.due_on, "planned": n.planned }))
            .collect::<Vec<_>>()
    )
}

async fn audit(
    conn: &mut Conn,
    actor: &Actor,
    action: AuditAction,
    target: String,
    after: serde_json::Value,
) -> Result<(), StoreError> {
    write_audit(
        conn,
        actor,
        AuditRow {
            action,
            entity: AuditEntity::Indicator,
            entity_id: Some(target),
            before: None,
            after: Some(after),
        },
    )
    .await?;
    Ok(())
}

#[async_trait]
impl ScheduleStore for Store {
    async fn propose_schedule(
        &self,
        plan: &str,
        item: u32,
        code: &str,
        nodes: &[ScheduleNode],
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let indicator: i64 = sqlx::query_scalar(
            "SELECT ind.id FROM indicators ind JOIN items i ON i.id = ind.item_id \
             JOIN plans p ON p.id = i.plan_id WHERE p.code = $1 AND i.number = $2 AND ind.code = $3",
        )
        .bind(plan)
        .bind(item as i32)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("没有这个指标".to_string()))?;
        let superseded = sqlx::query(
            "UPDATE schedule_proposals SET state = 'superseded' \
             WHERE indicator_id = $1 AND state = 'pending'",
        )
        .bind(indicator)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        let text = serde_json::to_string(nodes)
            .map_err(|e| StoreError::Corrupt(format!("分阶段目标：{e}")))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO schedule_proposals (indicator_id, nodes, proposed_by, proposed_at, state) \
             VALUES ($1, $2, $3, $4, 'pending') RETURNING id",
        )
        .bind(indicator)
        .bind(text)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await?;
        audit(
            conn,
            actor,
            AuditAction::ScheduleProposal,
            format!("{plan}/{item}/{code}"),
            json!({ "proposal": id, "nodes": nodes_json(nodes), "superseded": superseded }),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn decide_schedule(
        &self,
        plan: &str,
        id: i64,
        decision: &ScheduleDecision,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        // The proposal must belong to the plan named in the address.
        let target: Option<(i32, String)> = sqlx::query_as(
            "SELECT i.number, ind.code FROM schedule_proposals s \
             JOIN indicators ind ON ind.id = s.indicator_id JOIN items i ON i.id = ind.item_id \
             JOIN plans p ON p.id = i.plan_id WHERE s.id = $1 AND p.code = $2",
        )
        .bind(id)
        .bind(plan)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((item, code)) = target else {
            return Err(StoreError::NotFound("没有这个分阶段目标方案".to_string()));
        };
        let (state, from, reason, action) = match decision {
            ScheduleDecision::Approve { from } => (
                ProposalState::Approved,
                Some(*from),
                None,
                AuditAction::ScheduleApproval,
            ),
            ScheduleDecision::Reject { reason } => (
                ProposalState::Rejected,
                None,
                Some(reason.as_str()),
                AuditAction::ScheduleRejection,
            ),
        };
        let done = sqlx::query(
            "UPDATE schedule_proposals SET state = $1, decided_by = $2, decided_at = $3, \
                    effective_from = $4, reason = $5 \
             WHERE id = $6 AND state = 'pending'",
        )
        .bind(state.as_str())
        .bind(actor.user_id)
        .bind(Utc::now())
        .bind(from)
        .bind(reason)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "该方案已审批或已被新方案取代，请刷新后查看".to_string(),
            ));
        }
        audit(
            conn,
            actor,
            action,
            format!("{plan}/{item}/{code}"),
            json!({ "proposal": id, "effective_from": from, "reason": reason }),
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn schedule_proposals(&self, plan: &str) -> Result<Vec<ScheduleProposal>, StoreError> {
        let rows: Vec<ProposalRow> = sqlx::query_as(
            "SELECT s.id, i.number, ind.code, s.nodes, u.username AS proposed_by, s.proposed_at, \
                    s.state, d.username AS decided_by, s.decided_at, s.effective_from, s.reason \
               FROM schedule_proposals s JOIN indicators ind ON ind.id = s.indicator_id \
               JOIN items i ON i.id = ind.item_id JOIN plans p ON p.id = i.plan_id \
               JOIN users u ON u.id = s.proposed_by LEFT JOIN users d ON d.id = s.decided_by \
              WHERE p.code = $1 ORDER BY s.id",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ScheduleProposal::try_from).collect()
    }
}
