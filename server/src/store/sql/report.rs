//! Reports: each pushed op applied at most once (DESIGN.md sync invariants 3, 7 and 8), the
//! change sequence pulls follow, reviews. The batch's writes are in `report_writes`.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::FromRow;
use uuid::Uuid;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::store::{ChangePage, QuarantinedOp, ReportStore, StoreError, StoredReport};
use app::sync::CheckedOp;
use app::sync::{OpResult, ReportChange, ReviewStatus};
use async_trait::async_trait;

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, DbRow, Store};
use super::progress::credit_progress;
use super::report_writes::{
    ItemIds, NewOp, NewReport, Writes, load_currents, load_seen, update_report,
};
use crate::store::plan_hash::sha256_hex;
use app::sync::push::batch::{Step, plan_batch, push_audit};

#[async_trait]
impl ReportStore for Store {
    async fn apply_ops(
        &self,
        ops: &[CheckedOp],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<OpResult>, StoreError> {
        if ops.is_empty() {
            // An empty batch would build `IN ()`, which PostgreSQL refuses.
            return Ok(Vec::new());
        }
        // Outside the write lock: each op's content as stored, and its hash.
        let contents: Vec<String> = ops
            .iter()
            .map(|op| serde_json::to_string(&op.op.report).unwrap_or_default())
            .collect();
        let hashes: Vec<String> = contents.iter().map(|c| sha256_hex(c.as_bytes())).collect();
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        // What the database holds about this batch, in two queries; then the whole batch
        // decided at once (`app::sync::push::batch`), and its steps written here.
        let op_ids: Vec<String> = ops.iter().map(|o| o.op.op_id.to_string()).collect();
        let report_ids: Vec<String> = ops.iter().map(|o| o.op.report.id.to_string()).collect();
        let seen = load_seen(conn, &op_ids).await?;
        let current = load_currents(conn, &report_ids).await?;
        let plan = plan_batch(ops, &hashes, seen, current, actor.user_id);
        let mut ids = ItemIds::default();
        let mut writes = Writes::default();
        for step in plan.steps {
            match step {
                Step::Create { index } => {
                    let (op, report) = (&ops[index], &ops[index].op.report);
                    let (plan_id, item_id) = ids.get(conn, report).await?;
                    writes.reports.push(NewReport {
                        op,
                        plan_id,
                        item_id,
                        content: contents[index].clone(),
                        hash: hashes[index].clone(),
                    });
                    writes.touch(report_ids[index].clone(), item_id, report);
                }
                Step::Update { index, revision } => {
                    let report = &ops[index].op.report;
                    // Rare (edits): written at once, after anything buffered before it.
                    writes.flush(conn, actor, now).await?;
                    let (op_id, content, hash) = (&op_ids[index], &contents[index], &hashes[index]);
                    update_report(conn, report, op_id, content, hash, revision, now).await?;
                    let (_, item_id) = ids.get(conn, report).await?;
                    writes.touch(report_ids[index].clone(), item_id, report);
                }
                Step::Record {
                    index,
                    outcome,
                    revision,
                    reason,
                    keep_content,
                } => writes.ops.push(NewOp {
                    op: &ops[index],
                    hash: hashes[index].clone(),
                    content: keep_content.then(|| contents[index].clone()),
                    outcome,
                    revision,
                    reason,
                }),
            }
        }
        writes.flush(conn, actor, now).await?;
        // One audit row per push: who sent it and what became of each report.
        if let Some(after) = push_audit(&plan.results) {
            write_audit(
                conn,
                actor,
                AuditRow {
                    action: AuditAction::ReportPush,
                    entity: AuditEntity::Report,
                    entity_id: None,
                    before: None,
                    after: Some(after),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(plan.results)
    }

    async fn changes_since(
        &self,
        unit_id: i64,
        cursor: i64,
        limit: u32,
    ) -> Result<ChangePage, StoreError> {
        // One snapshot for the rows and the cursor: a change committed between the two
        // reads must not be skipped by the cursor.
        let mut tx = self.read_tx().await?;
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "SELECT c.seq, r.id, r.revision, r.status, r.review_comment \
             FROM changes c JOIN reports r ON r.id = c.report_id \
             WHERE c.seq > $1 AND c.unit_id = $2 ORDER BY c.seq LIMIT $3",
        )
        .bind(cursor)
        .bind(unit_id)
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *tx)
        .await?;
        let more = rows.len() > limit as usize;
        let mut changes: Vec<ReportChange> = Vec::new();
        let mut last = cursor;
        for row in rows.into_iter().take(limit as usize) {
            last = row.seq;
            let change = ReportChange {
                report_id: parse_uuid(&row.id)?,
                revision: row.revision as u32,
                status: ReviewStatus::parse(&row.status).ok_or_else(|| {
                    StoreError::Corrupt(format!("unexpected status {}", row.status))
                })?,
                comment: row.review_comment,
            };
            // The current state is what matters: one entry per report.
            changes.retain(|c| c.report_id != change.report_id);
            changes.push(change);
        }
        if !more {
            // Skip past other units' changes too, so the next pull starts later.
            let max: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes")
                .fetch_one(&mut *tx)
                .await?;
            last = last.max(max.unwrap_or(0));
        }
        Ok(ChangePage {
            changes,
            cursor: last,
            more,
        })
    }

    async fn catalogue_seq(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM changes WHERE kind = 'catalogue'")
                .fetch_one(&self.pool)
                .await?;
        Ok(seq.unwrap_or(0))
    }

    async fn report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError> {
        // Constant text only: REPORT_SELECT holds no input.
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REPORT_SELECT} WHERE r.id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(stored_from_row).transpose()
    }

    async fn item_reports(&self, plan: &str, item: u32) -> Result<Vec<StoredReport>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REPORT_SELECT} JOIN items i ON i.id = r.item_id JOIN plans p ON p.id = r.plan_id \
             WHERE p.code = $1 AND i.number = $2 ORDER BY r.captured_on, r.captured_at, r.id"
        )))
        .bind(plan)
        .bind(item as i32)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored_from_row).collect()
    }

    async fn plan_reports_page(
        &self,
        plan: &str,
        after: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REPORT_SELECT} WHERE r.plan_id = (SELECT id FROM plans WHERE code = $1) AND r.id > $2 \
             ORDER BY r.id LIMIT $3"
        )))
        .bind(plan)
        .bind(after.map(|a| a.to_string()).unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        ?;
        rows.iter().map(stored_from_row).collect()
    }

    async fn review(
        &self,
        id: Uuid,
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.review_many(&[id], status, comment, actor).await
    }

    /// Reviews reports in one transaction: all of them or, on any refusal, none.
    async fn review_many(
        &self,
        ids: &[Uuid],
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let now = Utc::now();
        for id in ids {
            review_one(&mut tx, *id, status, comment, actor, now).await?;
        }
        Ok(tx.commit().await?)
    }

    async fn quarantine(&self, limit: u32) -> Result<Vec<QuarantinedOp>, StoreError> {
        let rows: Vec<QuarantineRow> = sqlx::query_as(
            "SELECT o.op_id, o.report_id, o.outcome, o.reason, o.received_at, o.content, \
                    u.username, u.display_name, \
                    EXISTS (SELECT 1 FROM reports r WHERE r.id = o.report_id \
                             AND r.updated_at > o.received_at) AS fixed \
             FROM report_ops o JOIN users u ON u.id = o.pushed_by \
             WHERE o.outcome <> 'applied' ORDER BY o.received_at DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(QuarantinedOp {
                    op_id: parse_uuid(&row.op_id)?,
                    report_id: parse_uuid(&row.report_id)?,
                    content: serde_json::from_str(&row.content)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    outcome: row.outcome,
                    reason: row.reason,
                    pushed_by: row.username,
                    pushed_by_name: row.display_name,
                    fixed: row.fixed,
                    received_at: row.received_at,
                })
            })
            .collect()
    }
}

/// One entry of the change feed with the report's current review state.
#[derive(sqlx::FromRow)]
struct ChangeRow {
    seq: i64,
    id: String,
    revision: i32,
    status: String,
    review_comment: Option<String>,
}

/// A quarantined op with who pushed it.
#[derive(sqlx::FromRow)]
struct QuarantineRow {
    op_id: String,
    report_id: String,
    outcome: String,
    reason: Option<String>,
    received_at: DateTime<Utc>,
    content: String,
    username: String,
    display_name: String,
    fixed: bool,
}

async fn review_one(
    conn: &mut Conn,
    id: Uuid,
    status: ReviewStatus,
    comment: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (before, unit_id, revision): (String, i64, i32) =
        sqlx::query_as("SELECT status, unit_id, revision FROM reports WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::NotFound("没有这条填报记录".to_string()))?;
    if before == ReviewStatus::Accepted.as_str() {
        return Err(StoreError::Conflict(
            "该记录已审核通过，不能再更改".to_string(),
        ));
    }
    sqlx::query(
        "UPDATE reports SET status = $1, review_comment = $2, reviewed_by = $3, reviewed_at = $4, \
         updated_at = $5 WHERE id = $6",
    )
    .bind(status.as_str())
    .bind(comment)
    .bind(actor.user_id)
    .bind(now)
    .bind(now)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    // Only accepted reports count toward progress: credited once, at acceptance.
    if status == ReviewStatus::Accepted {
        credit_progress(conn, &id.to_string()).await?;
    }
    record_change(conn, "review", &id.to_string(), unit_id, now).await?;
    write_audit(
        conn,
        actor,
        AuditRow {
            action: AuditAction::ReportReview,
            entity: AuditEntity::Report,
            entity_id: Some(id.to_string()),
            before: Some(json!({ "status": before, "revision": revision })),
            after: Some(json!({ "status": status.as_str(), "comment": comment })),
        },
    )
    .await
    .map_err(StoreError::from)
}

// The author's name comes from the account, never from the pushed content: a phone could
// send any name (DESIGN.md security baseline).
const REPORT_SELECT: &str = "SELECT r.content, r.revision, r.status, r.review_comment, \
     r.received_at, n.name AS unit_name, au.display_name AS author_name \
     FROM reports r JOIN units n ON n.id = r.unit_id JOIN users au ON au.id = r.author_id";

/// A row of `REPORT_SELECT`, as stored.
#[derive(sqlx::FromRow)]
struct ReportRow {
    content: String,
    revision: i32,
    status: String,
    review_comment: Option<String>,
    received_at: DateTime<Utc>,
    unit_name: String,
    author_name: String,
}

fn stored_from_row(row: &DbRow) -> Result<StoredReport, StoreError> {
    let r = ReportRow::from_row(row)?;
    let mut report: app::domain::report::Report =
        serde_json::from_str(&r.content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    report.author = r.author_name;
    Ok(StoredReport {
        report,
        revision: r.revision as u32,
        status: ReviewStatus::parse(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("unexpected status {}", r.status)))?,
        review_comment: r.review_comment,
        unit_name: r.unit_name,
        received_at: r.received_at,
    })
}

fn parse_uuid(s: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(format!("bad uuid {s}: {e}")))
}

async fn record_change(
    conn: &mut Conn,
    kind: &str,
    report_id: &str,
    unit_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO changes (kind, report_id, unit_id, at) VALUES ($1, $2, $3, $4)")
        .bind(kind)
        .bind(report_id)
        .bind(unit_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}
