//! Monthly submissions: one row per item and month, a draft until submitted.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::monthly::Month;
use app::domain::submission::{Submission, SubmissionStatus, SubmissionText};
use app::store::{NewSubmission, StoreError, SubmissionStore};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};
use super::plan::corrupt;
use super::supervision::item_id;

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    number: i32,
    month: String,
    figures: String,
    narrative: String,
    next_steps: String,
    status: String,
    unit: String,
    written_by: String,
    written_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
}

#[async_trait]
impl SubmissionStore for Store {
    async fn save_submission(&self, new: &NewSubmission, actor: &Actor) -> Result<(), StoreError> {
        let NewSubmission {
            plan,
            item,
            month,
            text,
            submit,
            unit_id,
        } = new;
        let (item, month, submit) = (*item, *month, *submit);
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let item_id = item_id(conn, plan, item).await?;
        let before: Option<String> = sqlx::query_scalar(
            "SELECT status FROM monthly_submissions WHERE item_id = $1 AND month = $2",
        )
        .bind(item_id)
        .bind(month.key())
        .fetch_optional(&mut *conn)
        .await?;
        if before.as_deref() == Some("submitted") && !submit {
            return Err(StoreError::Conflict(
                "本月已报送，不能改回草稿；如需更正，请修改后再次报送".to_string(),
            ));
        }
        let now = Utc::now();
        let status = if submit {
            SubmissionStatus::Submitted
        } else {
            SubmissionStatus::Draft
        };
        sqlx::query(
            "INSERT INTO monthly_submissions (item_id, month, figures, narrative, next_steps, \
                 status, unit_id, written_by, written_at, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (item_id, month) DO UPDATE SET figures = excluded.figures, \
                 narrative = excluded.narrative, next_steps = excluded.next_steps, \
                 status = excluded.status, unit_id = excluded.unit_id, \
                 written_by = excluded.written_by, written_at = excluded.written_at, \
                 submitted_at = COALESCE(monthly_submissions.submitted_at, excluded.submitted_at)",
        )
        .bind(item_id)
        .bind(month.key())
        .bind(&text.figures)
        .bind(&text.narrative)
        .bind(&text.next_steps)
        .bind(status.as_str())
        .bind(unit_id)
        .bind(actor.user_id)
        .bind(now)
        .bind(submit.then_some(now))
        .execute(&mut *conn)
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: if submit {
                    AuditAction::SubmissionSubmit
                } else {
                    AuditAction::SubmissionSave
                },
                entity: AuditEntity::Item,
                entity_id: Some(format!("{plan}/{item}/{}", month.key())),
                before: before.map(|s| json!({ "status": s })),
                after: Some(json!({
                    "status": status.as_str(), "narrative": text.narrative,
                    "next_steps": text.next_steps
                })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn submissions(
        &self,
        plan: &str,
        month: Option<Month>,
    ) -> Result<Vec<Submission>, StoreError> {
        let rows: Vec<SubmissionRow> = sqlx::query_as(
            "SELECT i.number, s.month, s.figures, s.narrative, s.next_steps, s.status, \
                    n.name AS unit, u.display_name AS written_by, s.written_at, s.submitted_at \
               FROM monthly_submissions s JOIN items i ON i.id = s.item_id \
               JOIN plans p ON p.id = i.plan_id JOIN units n ON n.id = s.unit_id \
               JOIN users u ON u.id = s.written_by \
              WHERE p.code = $1 AND (CAST($2 AS TEXT) IS NULL OR s.month = $2) \
              ORDER BY s.month, i.number",
        )
        .bind(plan)
        .bind(month.map(Month::key))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Submission {
                    item: r.number as u32,
                    month: Month::parse(&r.month).ok_or_else(|| corrupt("month", &r.month))?,
                    status: SubmissionStatus::parse(&r.status)
                        .ok_or_else(|| corrupt("status", &r.status))?,
                    text: SubmissionText {
                        figures: r.figures,
                        narrative: r.narrative,
                        next_steps: r.next_steps,
                    },
                    unit: r.unit,
                    written_by: r.written_by,
                    written_at: r.written_at,
                    submitted_at: r.submitted_at,
                })
            })
            .collect()
    }
}
