//! Reports in SQLite: each pushed op applied at most once (DESIGN.md sync invariants 3, 7
//! and 8), the change sequence pulls follow, reviews, and the ledger's queries.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

use app::audit::Actor;
use app::report::Report;
use app::store::{ChangePage, CheckedOp, QuarantinedOp, StoreError, StoredReport};
use app::sync::{OpResult, Outcome, ReportChange, ReviewStatus};

use super::plan_hash::sha256_hex;
use super::sqlite::{SqliteStore, db_err};
use super::sqlite_audit::{AuditRow, write_audit};

/// The row of a report as the op rules need it.
struct Current {
    revision: u32,
    status: String,
    author_id: i64,
    content_hash: String,
}

fn result(
    op: &CheckedOp,
    outcome: Outcome,
    revision: Option<u32>,
    message: Option<String>,
) -> OpResult {
    OpResult {
        op_id: op.op.op_id,
        report_id: op.op.report.id,
        outcome,
        revision,
        message,
    }
}

impl SqliteStore {
    pub(super) async fn apply_report_ops(
        &self,
        ops: &[CheckedOp],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<OpResult>, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut SqliteConnection = &mut tx;
        let mut results = Vec::with_capacity(ops.len());
        for op in ops {
            results.push(apply_one(conn, op, actor, now).await.map_err(db_err)?);
        }
        tx.commit().await.map_err(db_err)?;
        Ok(results)
    }

    pub(super) async fn load_changes(
        &self,
        unit_id: i64,
        cursor: i64,
        limit: u32,
    ) -> Result<ChangePage, StoreError> {
        // One read transaction: the rows and the cursor come from the same snapshot.
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let rows = sqlx::query(
            "SELECT c.seq, r.id, r.revision, r.status, r.review_comment \
             FROM changes c JOIN reports r ON r.id = c.report_id \
             WHERE c.unit_id = ? AND c.seq > ? ORDER BY c.seq LIMIT ?",
        )
        .bind(unit_id)
        .bind(cursor)
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let more = rows.len() > limit as usize;
        let mut changes: Vec<ReportChange> = Vec::new();
        let mut last = cursor;
        for row in rows.iter().take(limit as usize) {
            last = row.try_get("seq").map_err(db_err)?;
            let id: String = row.try_get("id").map_err(db_err)?;
            let status: String = row.try_get("status").map_err(db_err)?;
            let change = ReportChange {
                report_id: parse_uuid(&id)?,
                revision: row.try_get::<i64, _>("revision").map_err(db_err)? as u32,
                status: ReviewStatus::parse(&status)
                    .ok_or_else(|| StoreError::Database(format!("unexpected status {status}")))?,
                comment: row.try_get("review_comment").map_err(db_err)?,
            };
            // The current state is what matters: one entry per report.
            changes.retain(|c| c.report_id != change.report_id);
            changes.push(change);
        }
        if !more {
            // Skip past other units' changes too, so the next pull starts later.
            let max: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes")
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
            last = last.max(max.unwrap_or(0));
        }
        Ok(ChangePage {
            changes,
            cursor: last,
            more,
        })
    }

    pub(super) async fn load_catalogue_seq(&self) -> Result<i64, StoreError> {
        let seq: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM changes WHERE kind = 'catalogue'")
                .fetch_one(&self.pool)
                .await
                .map_err(db_err)?;
        Ok(seq.unwrap_or(0))
    }

    pub(super) async fn load_report(&self, id: Uuid) -> Result<Option<StoredReport>, StoreError> {
        // Constant text only: REPORT_SELECT holds no input.
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REPORT_SELECT} WHERE r.id = ?"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db_err)?;
        row.as_ref().map(stored_from_row).transpose()
    }

    pub(super) async fn load_item_reports(
        &self,
        plan: &str,
        item: u32,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REPORT_SELECT} JOIN items i ON i.id = r.item_id JOIN plans p ON p.id = r.plan_id \
             WHERE p.code = ? AND i.number = ? ORDER BY r.captured_on, r.captured_at, r.id"
        )))
        .bind(plan)
        .bind(item)
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter().map(stored_from_row).collect()
    }

    pub(super) async fn set_review(
        &self,
        id: Uuid,
        status: ReviewStatus,
        comment: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut SqliteConnection = &mut tx;
        let row = sqlx::query("SELECT status, unit_id, revision FROM reports WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?
            .ok_or_else(|| StoreError::NotFound("没有这条填报记录".to_string()))?;
        let before: String = row.try_get("status").map_err(db_err)?;
        let unit_id: i64 = row.try_get("unit_id").map_err(db_err)?;
        let revision: i64 = row.try_get("revision").map_err(db_err)?;
        if before == ReviewStatus::Accepted.as_str() {
            return Err(StoreError::Conflict(
                "该记录已审核通过，不能再更改".to_string(),
            ));
        }
        let now = Utc::now();
        sqlx::query(
            "UPDATE reports SET status = ?, review_comment = ?, reviewed_by = ?, reviewed_at = ?, \
             updated_at = ? WHERE id = ?",
        )
        .bind(status.as_str())
        .bind(comment)
        .bind(actor.user_id)
        .bind(now)
        .bind(now)
        .bind(id.to_string())
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
        record_change(conn, "review", &id.to_string(), unit_id, now)
            .await
            .map_err(db_err)?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "report.review",
                entity: "report",
                entity_id: Some(id.to_string()),
                before: Some(json!({ "status": before, "revision": revision })),
                after: Some(json!({ "status": status.as_str(), "comment": comment })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    pub(super) async fn load_quarantine(
        &self,
        limit: u32,
    ) -> Result<Vec<QuarantinedOp>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.op_id, o.report_id, o.outcome, o.reason, o.received_at, o.content, \
                    u.username FROM report_ops o JOIN users u ON u.id = o.pushed_by \
             WHERE o.outcome <> 'applied' ORDER BY o.received_at DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter()
            .map(|row| {
                let op: String = row.try_get("op_id").map_err(db_err)?;
                let report: String = row.try_get("report_id").map_err(db_err)?;
                let content: String = row.try_get("content").map_err(db_err)?;
                Ok(QuarantinedOp {
                    op_id: parse_uuid(&op)?,
                    report_id: parse_uuid(&report)?,
                    outcome: row.try_get("outcome").map_err(db_err)?,
                    reason: row.try_get("reason").map_err(db_err)?,
                    pushed_by: row.try_get("username").map_err(db_err)?,
                    received_at: row.try_get("received_at").map_err(db_err)?,
                    content: serde_json::from_str(&content)
                        .map_err(|e| StoreError::Database(e.to_string()))?,
                })
            })
            .collect()
    }
}

const REPORT_SELECT: &str = "SELECT r.content, r.revision, r.status, r.review_comment, \
     r.received_at, n.name AS unit_name FROM reports r JOIN units n ON n.id = r.unit_id";

fn stored_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredReport, StoreError> {
    let content: String = row.try_get("content").map_err(db_err)?;
    let status: String = row.try_get("status").map_err(db_err)?;
    Ok(StoredReport {
        report: serde_json::from_str(&content).map_err(|e| StoreError::Database(e.to_string()))?,
        revision: row.try_get::<i64, _>("revision").map_err(db_err)? as u32,
        status: ReviewStatus::parse(&status)
            .ok_or_else(|| StoreError::Database(format!("unexpected status {status}")))?,
        review_comment: row.try_get("review_comment").map_err(db_err)?,
        unit_name: row.try_get("unit_name").map_err(db_err)?,
        received_at: row.try_get("received_at").map_err(db_err)?,
    })
}

fn parse_uuid(s: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(s).map_err(|e| StoreError::Database(format!("bad uuid {s}: {e}")))
}

async fn record_change(
    conn: &mut SqliteConnection,
    kind: &str,
    report_id: &str,
    unit_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO changes (kind, report_id, unit_id, at) VALUES (?, ?, ?, ?)")
        .bind(kind)
        .bind(report_id)
        .bind(unit_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records an op with its outcome; the row answers every later arrival of the same op.
#[allow(clippy::too_many_arguments)]
async fn record_op(
    conn: &mut SqliteConnection,
    op: &CheckedOp,
    hash: &str,
    content: &str,
    outcome: &str,
    revision: Option<u32>,
    reason: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_ops (op_id, content_hash, report_id, base_revision, revision, pushed_by, \
         content, outcome, reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(op.op.op_id.to_string())
    .bind(hash)
    .bind(op.op.report.id.to_string())
    .bind(op.op.base_revision)
    .bind(revision)
    .bind(actor.user_id)
    .bind(content)
    .bind(outcome)
    .bind(reason)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let action = match outcome {
        "applied" if op.op.base_revision.is_none() => "report.create",
        "applied" => "report.update",
        "conflict" => "report.conflict",
        _ => "report.reject",
    };
    write_audit(
        conn,
        actor,
        AuditRow {
            action,
            entity: "report",
            entity_id: Some(op.op.report.id.to_string()),
            before: op.op.base_revision.map(|b| json!({ "revision": b })),
            after: Some(json!({ "op": op.op.op_id, "revision": revision, "reason": reason })),
        },
    )
    .await
}

async fn apply_one(
    conn: &mut SqliteConnection,
    checked: &CheckedOp,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<OpResult, sqlx::Error> {
    let op = &checked.op;
    let content = serde_json::to_string(&op.report).unwrap_or_default();
    let hash = sha256_hex(content.as_bytes());
    let report_id = op.report.id.to_string();

    // 1. Seen before? Then the stored answer stands (invariant 3).
    let seen = sqlx::query(
        "SELECT content_hash, outcome, revision, reason FROM report_ops WHERE op_id = ?",
    )
    .bind(op.op_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    if let Some(same) = seen
        .iter()
        .find(|r| r.get::<String, _>("content_hash") == hash)
    {
        let outcome: String = same.try_get("outcome")?;
        let revision: Option<i64> = same.try_get("revision")?;
        let reason: Option<String> = same.try_get("reason")?;
        let revision = revision.map(|r| r as u32);
        return Ok(match outcome.as_str() {
            "applied" => result(checked, Outcome::AlreadyHad, revision, None),
            "conflict" => result(checked, Outcome::Conflict, revision, reason),
            _ => result(checked, Outcome::Rejected, None, reason),
        });
    }
    let current = load_current(conn, &report_id).await?;
    if !seen.is_empty() {
        let reason = "同一操作编号收到了不同的内容，两份均已保留，请联系督查室核对";
        let revision = current.as_ref().map(|c| c.revision);
        record_op(
            conn,
            checked,
            &hash,
            &content,
            "conflict",
            revision,
            Some(reason),
            actor,
            now,
        )
        .await?;
        return Ok(result(
            checked,
            Outcome::Conflict,
            revision,
            Some(reason.to_string()),
        ));
    }

    // 2. Not authorized or invalid: quarantine, never applied (invariant 5).
    if let Err(reason) = &checked.verdict {
        record_op(
            conn,
            checked,
            &hash,
            &content,
            "rejected",
            None,
            Some(reason),
            actor,
            now,
        )
        .await?;
        return Ok(result(
            checked,
            Outcome::Rejected,
            None,
            Some(reason.clone()),
        ));
    }

    // 3. Revisions: an edit names the revision it replaces (invariant 7).
    match (current, op.base_revision) {
        (None, None) => {
            insert_report(
                conn,
                &op.report,
                &op.op_id.to_string(),
                &content,
                &hash,
                now,
            )
            .await?;
            record_change(conn, "report", &report_id, op.report.unit_id, now).await?;
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "applied",
                Some(1),
                None,
                actor,
                now,
            )
            .await?;
            Ok(result(checked, Outcome::Applied, Some(1), None))
        }
        (None, Some(_)) => {
            let reason = "服务器上没有这条记录的原始版本，请重新提交";
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "rejected",
                None,
                Some(reason),
                actor,
                now,
            )
            .await?;
            Ok(result(
                checked,
                Outcome::Rejected,
                None,
                Some(reason.to_string()),
            ))
        }
        (Some(cur), None) if cur.content_hash == hash => {
            // The same report made again under a new op id: nothing new.
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "applied",
                Some(cur.revision),
                None,
                actor,
                now,
            )
            .await?;
            Ok(result(
                checked,
                Outcome::AlreadyHad,
                Some(cur.revision),
                None,
            ))
        }
        (Some(cur), None) => {
            let reason = "服务器上已有编号相同、内容不同的记录，两份均已保留";
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "conflict",
                Some(cur.revision),
                Some(reason),
                actor,
                now,
            )
            .await?;
            Ok(result(
                checked,
                Outcome::Conflict,
                Some(cur.revision),
                Some(reason.to_string()),
            ))
        }
        (Some(cur), Some(_)) if cur.status == ReviewStatus::Accepted.as_str() => {
            let reason = "该记录已审核通过，不能再修改";
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "rejected",
                None,
                Some(reason),
                actor,
                now,
            )
            .await?;
            Ok(result(
                checked,
                Outcome::Rejected,
                None,
                Some(reason.to_string()),
            ))
        }
        (Some(cur), Some(_)) if Some(cur.author_id) != actor.user_id => {
            let reason = "只能修改自己填报的记录";
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "rejected",
                None,
                Some(reason),
                actor,
                now,
            )
            .await?;
            Ok(result(
                checked,
                Outcome::Rejected,
                None,
                Some(reason.to_string()),
            ))
        }
        (Some(cur), Some(base)) if base == cur.revision => {
            let revision = cur.revision + 1;
            update_report(
                conn,
                &op.report,
                &op.op_id.to_string(),
                &content,
                &hash,
                revision,
                now,
            )
            .await?;
            record_change(conn, "report", &report_id, op.report.unit_id, now).await?;
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "applied",
                Some(revision),
                None,
                actor,
                now,
            )
            .await?;
            Ok(result(checked, Outcome::Applied, Some(revision), None))
        }
        (Some(cur), Some(base)) => {
            let reason = format!(
                "服务器上的记录已是第 {} 版，本次修改基于第 {base} 版；两份均已保留，请核对后再提交",
                cur.revision
            );
            record_op(
                conn,
                checked,
                &hash,
                &content,
                "conflict",
                Some(cur.revision),
                Some(&reason),
                actor,
                now,
            )
            .await?;
            Ok(result(
                checked,
                Outcome::Conflict,
                Some(cur.revision),
                Some(reason),
            ))
        }
    }
}

async fn load_current(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<Current>, sqlx::Error> {
    let row =
        sqlx::query("SELECT revision, status, author_id, content_hash FROM reports WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(|r| {
        Ok(Current {
            revision: r.try_get::<i64, _>("revision")? as u32,
            status: r.try_get("status")?,
            author_id: r.try_get("author_id")?,
            content_hash: r.try_get("content_hash")?,
        })
    })
    .transpose()
}

async fn insert_report(
    conn: &mut SqliteConnection,
    report: &Report,
    op_id: &str,
    content: &str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reports (id, plan_id, item_id, unit_id, author_id, captured_on, captured_at, \
           revision, current_op, content, content_hash, schema_version, received_at, updated_at) \
         SELECT ?, p.id, i.id, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ? \
         FROM plans p JOIN items i ON i.plan_id = p.id WHERE p.code = ? AND i.number = ?",
    )
    .bind(report.id.to_string())
    .bind(report.unit_id)
    .bind(report.author_id)
    .bind(report.captured_on)
    .bind(report.captured_at)
    .bind(op_id)
    .bind(content)
    .bind(hash)
    .bind(report.schema_version)
    .bind(now)
    .bind(now)
    .bind(&report.plan)
    .bind(report.item)
    .execute(conn)
    .await?;
    Ok(())
}

async fn update_report(
    conn: &mut SqliteConnection,
    report: &Report,
    op_id: &str,
    content: &str,
    hash: &str,
    revision: u32,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // An edit resubmits: a returned report goes back to the lead unit for review.
    sqlx::query(
        "UPDATE reports SET revision = ?, current_op = ?, content = ?, content_hash = ?, \
           captured_on = ?, status = 'submitted', review_comment = NULL, updated_at = ? WHERE id = ?",
    )
    .bind(revision)
    .bind(op_id)
    .bind(content)
    .bind(hash)
    .bind(report.captured_on)
    .bind(now)
    .bind(report.id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
