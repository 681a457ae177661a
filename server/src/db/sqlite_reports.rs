//! Reports in SQLite: each pushed op applied at most once (DESIGN.md sync invariants 3, 7
//! and 8), the change sequence pulls follow, reviews, and the ledger's queries.
// Over 500 lines: the report queries of one dialect kept together until issue 12 writes the
// storage SQL once for both backends, which splits this file by concern.

use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::HashMap;

use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use uuid::Uuid;

use app::audit::Actor;
use app::report::Report;
use app::store::{ChangePage, CheckedOp, QuarantinedOp, StoreError, StoredReport};
use app::sync::{OpResult, Outcome, ReportChange, ReviewStatus};
use app::weekly::week_start;

use super::op_rules::{Current, SeenOp};
use super::plan_hash::sha256_hex;
use super::push_plan::{Step, plan_batch, push_audit};
use super::sqlite::{SqliteStore, db_err};
use super::sqlite_audit::{AuditRow, write_audit};
use super::sqlite_progress::credit_progress;

impl SqliteStore {
    pub(super) async fn apply_report_ops(
        &self,
        ops: &[CheckedOp],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<OpResult>, StoreError> {
        // Outside the write lock: each op's content as stored, and its hash.
        let contents: Vec<String> = ops
            .iter()
            .map(|op| serde_json::to_string(&op.op.report).unwrap_or_default())
            .collect();
        let hashes: Vec<String> = contents.iter().map(|c| sha256_hex(c.as_bytes())).collect();
        let mut tx = self.write_tx().await?;
        let conn: &mut SqliteConnection = &mut tx;
        // What the database holds about this batch, in two queries; then the whole batch
        // decided at once (`push_plan`), and its steps written here.
        let op_ids: Vec<String> = ops.iter().map(|o| o.op.op_id.to_string()).collect();
        let report_ids: Vec<String> = ops.iter().map(|o| o.op.report.id.to_string()).collect();
        let seen = load_seen(conn, &op_ids).await.map_err(db_err)?;
        let current = load_currents(conn, &report_ids).await.map_err(db_err)?;
        let plan = plan_batch(ops, &hashes, seen, current, actor.user_id);
        let mut ids = ItemIds::default();
        let mut writes = Writes::default();
        for step in plan.steps {
            match step {
                Step::Create { index } => {
                    let (op, report) = (&ops[index], &ops[index].op.report);
                    let (plan_id, item_id) = ids.get(conn, report).await.map_err(db_err)?;
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
                    writes.flush(conn, actor, now).await.map_err(db_err)?;
                    let (op_id, content, hash) = (&op_ids[index], &contents[index], &hashes[index]);
                    update_report(conn, report, op_id, content, hash, revision, now)
                        .await
                        .map_err(db_err)?;
                    let (_, item_id) = ids.get(conn, report).await.map_err(db_err)?;
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
        writes.flush(conn, actor, now).await.map_err(db_err)?;
        // One audit row per push: who sent it and what became of each report.
        if let Some(after) = push_audit(&plan.results) {
            write_audit(
                conn,
                actor,
                AuditRow {
                    action: "report.push",
                    entity: "report",
                    entity_id: None,
                    before: None,
                    after: Some(after),
                },
            )
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)?;
        Ok(plan.results)
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
             WHERE c.seq > ? AND c.unit_id = ? ORDER BY c.seq LIMIT ?",
        )
        .bind(cursor)
        .bind(unit_id)
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

    pub(super) async fn load_plan_reports_page(
        &self,
        plan: &str,
        after: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{REPORT_SELECT} WHERE r.plan_id = (SELECT id FROM plans WHERE code = ?) AND r.id > ? \
             ORDER BY r.id LIMIT ?"
        )))
        .bind(plan)
        .bind(after.map(|a| a.to_string()).unwrap_or_default())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter().map(stored_from_row).collect()
    }

    /// Reviews reports in one transaction: all of them or, on any refusal, none.
    pub(super) async fn set_review(
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

async fn review_one(
    conn: &mut SqliteConnection,
    id: Uuid,
    status: ReviewStatus,
    comment: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
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
    // Only accepted reports count toward progress: credited once, at acceptance.
    if status == ReviewStatus::Accepted {
        credit_progress(conn, &id.to_string())
            .await
            .map_err(db_err)?;
    }
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
    .map_err(db_err)
}

// The author's name comes from the account, never from the pushed content: a phone could
// send any name (DESIGN.md security baseline).
const REPORT_SELECT: &str = "SELECT r.content, r.revision, r.status, r.review_comment, \
     r.received_at, n.name AS unit_name, au.display_name AS author_name \
     FROM reports r JOIN units n ON n.id = r.unit_id JOIN users au ON au.id = r.author_id";

fn stored_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredReport, StoreError> {
    let content: String = row.try_get("content").map_err(db_err)?;
    let status: String = row.try_get("status").map_err(db_err)?;
    let mut report: app::report::Report =
        serde_json::from_str(&content).map_err(|e| StoreError::Database(e.to_string()))?;
    report.author = row.try_get("author_name").map_err(db_err)?;
    Ok(StoredReport {
        report,
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

/// Plan and item row ids by (plan code, item number), looked up once per push.
#[derive(Default)]
struct ItemIds(std::collections::HashMap<(String, u32), (i64, i64)>);

impl ItemIds {
    async fn get(
        &mut self,
        conn: &mut SqliteConnection,
        report: &Report,
    ) -> Result<(i64, i64), sqlx::Error> {
        let key = (report.plan.clone(), report.item);
        if let Some(ids) = self.0.get(&key) {
            return Ok(*ids);
        }
        let ids: (i64, i64) = sqlx::query_as(
            "SELECT p.id, i.id FROM plans p JOIN items i ON i.plan_id = p.id \
             WHERE p.code = ? AND i.number = ?",
        )
        .bind(&report.plan)
        .bind(report.item)
        .fetch_one(conn)
        .await?;
        self.0.insert(key, ids);
        Ok(ids)
    }
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
    // The revision being replaced goes on record under the op that made it.
    sqlx::query(
        "INSERT INTO report_ops (op_id, content_hash, report_id, revision, pushed_by, content, \
           outcome, received_at) \
         SELECT current_op, content_hash, id, revision, author_id, content, 'applied', updated_at \
         FROM reports WHERE id = ?1 ON CONFLICT DO NOTHING",
    )
    .bind(report.id.to_string())
    .execute(&mut *conn)
    .await?;
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

/// A new report row, buffered for one multi-row INSERT.
struct NewReport<'a> {
    op: &'a CheckedOp,
    plan_id: i64,
    item_id: i64,
    content: String,
    hash: String,
}

/// A new op row, buffered for one multi-row INSERT.
struct NewOp<'a> {
    op: &'a CheckedOp,
    hash: String,
    content: Option<String>,
    outcome: &'static str,
    revision: Option<u32>,
    reason: Option<String>,
}

/// Rows of a push waiting to be written: a few multi-row statements per batch instead of
/// several statements per op (each statement costs a round trip to SQLite's thread).
#[derive(Default)]
struct Writes<'a> {
    reports: Vec<NewReport<'a>>,
    ops: Vec<NewOp<'a>>,
    changes: Vec<(String, i64)>,
    /// (item, week, unit) updated by this batch, for the weekly ledger.
    weeks: std::collections::BTreeSet<(i64, chrono::NaiveDate, i64)>,
}

impl Writes<'_> {
    /// A report stored or revised by this batch: its unit pulls the change, and its week
    /// counts as updated in the weekly ledger.
    fn touch(&mut self, report_id: String, item_id: i64, report: &Report) {
        self.changes.push((report_id, report.unit_id));
        self.weeks
            .insert((item_id, week_start(report.captured_on), report.unit_id));
    }

    async fn flush(
        &mut self,
        conn: &mut SqliteConnection,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        if !self.reports.is_empty() {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO reports (id, plan_id, item_id, unit_id, author_id, captured_on, captured_at, \
                 revision, current_op, content, content_hash, schema_version, received_at, updated_at) ",
            );
            q.push_values(self.reports.drain(..), |mut b, r| {
                let report = &r.op.op.report;
                b.push_bind(report.id.to_string())
                    .push_bind(r.plan_id)
                    .push_bind(r.item_id)
                    .push_bind(report.unit_id)
                    .push_bind(report.author_id)
                    .push_bind(report.captured_on)
                    .push_bind(report.captured_at)
                    .push_bind(1_i64)
                    .push_bind(r.op.op.op_id.to_string())
                    .push_bind(r.content)
                    .push_bind(r.hash)
                    .push_bind(report.schema_version)
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(&mut *conn).await?;
        }
        if !self.ops.is_empty() {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO report_ops (op_id, content_hash, report_id, base_revision, revision, pushed_by, \
                 content, outcome, reason, received_at) ",
            );
            q.push_values(self.ops.drain(..), |mut b, o| {
                b.push_bind(o.op.op.op_id.to_string())
                    .push_bind(o.hash)
                    .push_bind(o.op.op.report.id.to_string())
                    .push_bind(o.op.op.base_revision)
                    .push_bind(o.revision)
                    .push_bind(actor.user_id)
                    .push_bind(o.content)
                    .push_bind(o.outcome)
                    .push_bind(o.reason)
                    .push_bind(now);
            });
            q.build().execute(&mut *conn).await?;
        }
        if !self.changes.is_empty() {
            let mut q =
                QueryBuilder::<Sqlite>::new("INSERT INTO changes (kind, report_id, unit_id, at) ");
            q.push_values(self.changes.drain(..), |mut b, (report_id, unit_id)| {
                b.push_bind("report")
                    .push_bind(report_id)
                    .push_bind(unit_id)
                    .push_bind(now);
            });
            q.build().execute(&mut *conn).await?;
        }
        if !self.weeks.is_empty() {
            // The first arrival for a week stays: it decides on time or late.
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO weekly_updates (item_id, week_start, unit_id, first_at) ",
            );
            q.push_values(
                std::mem::take(&mut self.weeks),
                |mut b, (item, week, unit)| {
                    b.push_bind(item)
                        .push_bind(week)
                        .push_bind(unit)
                        .push_bind(now);
                },
            );
            q.push(" ON CONFLICT DO NOTHING");
            q.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// Stored answers of the given op ids.
async fn load_seen(
    conn: &mut SqliteConnection,
    op_ids: &[String],
) -> Result<HashMap<String, Vec<SeenOp>>, sqlx::Error> {
    let mut q = QueryBuilder::<Sqlite>::new(
        "SELECT op_id, content_hash, outcome, revision, reason FROM report_ops WHERE op_id IN ",
    );
    q.push_tuples(op_ids, |mut b, id| {
        b.push_bind(id);
    });
    let mut out: HashMap<String, Vec<SeenOp>> = HashMap::new();
    for row in q.build().fetch_all(conn).await? {
        let outcome: String = row.try_get("outcome")?;
        let revision: Option<i64> = row.try_get("revision")?;
        out.entry(row.try_get("op_id")?).or_default().push(SeenOp {
            content_hash: row.try_get("content_hash")?,
            outcome: match outcome.as_str() {
                "applied" => Outcome::Applied,
                "conflict" => Outcome::Conflict,
                _ => Outcome::Rejected,
            },
            revision: revision.map(|r| r as u32),
            reason: row.try_get("reason")?,
        });
    }
    Ok(out)
}

/// Current state of the given reports.
async fn load_currents(
    conn: &mut SqliteConnection,
    report_ids: &[String],
) -> Result<HashMap<String, Current>, sqlx::Error> {
    let mut q = QueryBuilder::<Sqlite>::new(
        "SELECT id, current_op, revision, status, author_id, content_hash FROM reports WHERE id IN ",
    );
    q.push_tuples(report_ids, |mut b, id| {
        b.push_bind(id);
    });
    let mut out = HashMap::new();
    for row in q.build().fetch_all(conn).await? {
        let status: String = row.try_get("status")?;
        out.insert(
            row.try_get("id")?,
            Current {
                current_op: row.try_get("current_op")?,
                revision: row.try_get::<i64, _>("revision")? as u32,
                status: ReviewStatus::parse(&status).unwrap_or(ReviewStatus::Submitted),
                author_id: row.try_get("author_id")?,
                content_hash: row.try_get("content_hash")?,
            },
        );
    }
    Ok(out)
}
