//! Writing a push: the batch's rows buffered and written as a few multi-row
//! statements, the stored answers and current state a push decides from, and the edit path.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use app::domain::audit::Actor;
use app::domain::report::Report;
use app::domain::weekly::week_start;
use app::sync::CheckedOp;
use app::sync::{Outcome, ReviewStatus};

use super::dialect::{Conn, Db};
use app::sync::push::rules::{Current, SeenOp};

/// Plan and item row ids by (plan code, item number), looked up once per push.
#[derive(Default)]
pub(super) struct ItemIds(std::collections::HashMap<(String, u32), (i64, i64)>);

impl ItemIds {
    pub(super) async fn get(
        &mut self,
        conn: &mut Conn,
        report: &Report,
    ) -> Result<(i64, i64), sqlx::Error> {
        let key = (report.plan.clone(), report.item);
        if let Some(ids) = self.0.get(&key) {
            return Ok(*ids);
        }
        let ids: (i64, i64) = sqlx::query_as(
            "SELECT p.id, i.id FROM plans p JOIN items i ON i.plan_id = p.id \
             WHERE p.code = $1 AND i.number = $2",
        )
        .bind(&report.plan)
        .bind(report.item as i32)
        .fetch_one(conn)
        .await?;
        self.0.insert(key, ids);
        Ok(ids)
    }
}

pub(super) async fn update_report(
    conn: &mut Conn,
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
         FROM reports WHERE id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(report.id.to_string())
    .execute(&mut *conn)
    .await?;
    // An edit resubmits: a returned report goes back to the lead unit for review.
    sqlx::query(
        "UPDATE reports SET revision = $1, current_op = $2, content = $3, content_hash = $4, \
           captured_on = $5, status = 'submitted', review_comment = NULL, updated_at = $6 WHERE id = $7",
    )
    .bind(revision as i32)
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
pub(super) struct NewReport<'a> {
    pub(super) op: &'a CheckedOp,
    pub(super) plan_id: i64,
    pub(super) item_id: i64,
    pub(super) content: String,
    pub(super) hash: String,
}

/// A new op row, buffered for one multi-row INSERT.
pub(super) struct NewOp<'a> {
    pub(super) op: &'a CheckedOp,
    pub(super) hash: String,
    pub(super) content: Option<String>,
    pub(super) outcome: &'static str,
    pub(super) revision: Option<u32>,
    pub(super) reason: Option<String>,
}

/// Rows of a push waiting to be written: a few multi-row statements per batch instead of
/// several statements per op (each statement costs a round trip to the database).
#[derive(Default)]
pub(super) struct Writes<'a> {
    pub(super) reports: Vec<NewReport<'a>>,
    pub(super) ops: Vec<NewOp<'a>>,
    pub(super) changes: Vec<(String, i64)>,
    /// (item, week, unit) updated by this batch, for the weekly ledger.
    pub(super) weeks: std::collections::BTreeSet<(i64, chrono::NaiveDate, i64)>,
}

impl Writes<'_> {
    /// A report stored or revised by this batch: its unit pulls the change, and its week
    /// counts as updated in the weekly ledger.
    pub(super) fn touch(&mut self, report_id: String, item_id: i64, report: &Report) {
        self.changes.push((report_id, report.unit_id));
        self.weeks
            .insert((item_id, week_start(report.captured_on), report.unit_id));
    }

    pub(super) async fn flush(
        &mut self,
        conn: &mut Conn,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        if !self.reports.is_empty() {
            let mut q = QueryBuilder::<Db>::new(
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
                    .push_bind(1_i32)
                    .push_bind(r.op.op.op_id.to_string())
                    .push_bind(r.content)
                    .push_bind(r.hash)
                    .push_bind(report.schema_version as i32)
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(&mut *conn).await?;
        }
        if !self.ops.is_empty() {
            let mut q = QueryBuilder::<Db>::new(
                "INSERT INTO report_ops (op_id, content_hash, report_id, base_revision, revision, pushed_by, \
                 content, outcome, reason, received_at) ",
            );
            q.push_values(self.ops.drain(..), |mut b, o| {
                b.push_bind(o.op.op.op_id.to_string())
                    .push_bind(o.hash)
                    .push_bind(o.op.op.report.id.to_string())
                    .push_bind(o.op.op.base_revision.map(|r| r as i32))
                    .push_bind(o.revision.map(|r| r as i32))
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
                QueryBuilder::<Db>::new("INSERT INTO changes (kind, report_id, unit_id, at) ");
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
            let mut q = QueryBuilder::<Db>::new(
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

/// A stored answer to an op.
#[derive(sqlx::FromRow)]
struct SeenRow {
    op_id: String,
    content_hash: String,
    outcome: String,
    revision: Option<i32>,
    reason: Option<String>,
}

/// A report's current state, as the push rules need it.
#[derive(sqlx::FromRow)]
struct CurrentRow {
    id: String,
    current_op: String,
    revision: i32,
    status: String,
    author_id: i64,
    content_hash: String,
}

/// Stored answers of the given op ids.
pub(super) async fn load_seen(
    conn: &mut Conn,
    op_ids: &[String],
) -> Result<HashMap<String, Vec<SeenOp>>, sqlx::Error> {
    let mut q = QueryBuilder::<Db>::new(
        "SELECT op_id, content_hash, outcome, revision, reason FROM report_ops WHERE op_id IN ",
    );
    q.push_tuples(op_ids, |mut b, id| {
        b.push_bind(id);
    });
    let mut out: HashMap<String, Vec<SeenOp>> = HashMap::new();
    for row in q.build_query_as::<SeenRow>().fetch_all(conn).await? {
        out.entry(row.op_id).or_default().push(SeenOp {
            content_hash: row.content_hash,
            outcome: match row.outcome.as_str() {
                "applied" => Outcome::Applied,
                "conflict" => Outcome::Conflict,
                _ => Outcome::Rejected,
            },
            revision: row.revision.map(|r| r as u32),
            reason: row.reason,
        });
    }
    Ok(out)
}

/// Current state of the given reports.
pub(super) async fn load_currents(
    conn: &mut Conn,
    report_ids: &[String],
) -> Result<HashMap<String, Current>, sqlx::Error> {
    let mut q = QueryBuilder::<Db>::new(
        "SELECT id, current_op, revision, status, author_id, content_hash FROM reports WHERE id IN ",
    );
    q.push_tuples(report_ids, |mut b, id| {
        b.push_bind(id);
    });
    let mut out = HashMap::new();
    for row in q.build_query_as::<CurrentRow>().fetch_all(conn).await? {
        out.insert(
            row.id,
            Current {
                current_op: row.current_op,
                revision: row.revision as u32,
                status: ReviewStatus::parse(&row.status).unwrap_or(ReviewStatus::Submitted),
                author_id: row.author_id,
                content_hash: row.content_hash,
            },
        );
    }
    Ok(out)
}
