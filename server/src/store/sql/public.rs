//! The public side: 民生码 scans (one row per item and day, counted up in place) and
//! residents' feedback.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::feedback::{Feedback, FeedbackStatus, Rating, RatingCounts};
use app::store::{PublicStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

#[derive(sqlx::FromRow)]
struct FeedbackRow {
    id: i64,
    code: String,
    number: i32,
    rating: String,
    suggestion: Option<String>,
    status: String,
    created_at: DateTime<Utc>,
    answer: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<DateTime<Utc>>,
}

const FEEDBACK_SELECT: &str = "SELECT f.id, p.code, i.number, f.rating, f.suggestion, f.status, \
     f.created_at, f.answer, u.username AS answered_by, f.answered_at \
     FROM feedback f JOIN items i ON i.id = f.item_id JOIN plans p ON p.id = i.plan_id \
     LEFT JOIN users u ON u.id = f.answered_by";

fn feedback_from(r: FeedbackRow) -> Result<(String, Feedback), StoreError> {
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("feedback {what} {v}"));
    Ok((
        r.code,
        Feedback {
            id: r.id,
            item: r.number as u32,
            rating: Rating::parse(&r.rating).ok_or_else(|| corrupt("rating", &r.rating))?,
            suggestion: r.suggestion,
            status: FeedbackStatus::parse(&r.status).ok_or_else(|| corrupt("status", &r.status))?,
            created_at: r.created_at,
            answer: r.answer,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
        },
    ))
}

/// Rows of (item number, rating, count), ordered by item, as counts per item.
pub(super) fn fold_counts(
    rows: Vec<(i32, String, i64)>,
) -> Result<Vec<(u32, RatingCounts)>, StoreError> {
    let mut out: Vec<(u32, RatingCounts)> = Vec::new();
    for (number, rating, n) in rows {
        let rating = Rating::parse(&rating)
            .ok_or_else(|| StoreError::Corrupt(format!("rating {rating}")))?;
        let number = number as u32;
        if out.last().is_none_or(|(last, _)| *last != number) {
            out.push((number, RatingCounts::default()));
        }
        if let Some((_, counts)) = out.last_mut() {
            counts.add(rating, n.max(0) as u64);
        }
    }
    Ok(out)
}

#[async_trait]
impl PublicStore for Store {
    async fn record_scan(&self, plan: &str, item: u32, day: NaiveDate) -> Result<bool, StoreError> {
        // One statement: the item is looked up and the day's count raised at once, so two
        // scans at the same moment both count (the upsert serialises on the row).
        let done = sqlx::query(
            "INSERT INTO item_scans (item_id, day, scans) \
             SELECT i.id, $3, 1 FROM items i JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 \
             ON CONFLICT (item_id, day) DO UPDATE SET scans = item_scans.scans + 1",
        )
        .bind(plan)
        .bind(item as i32)
        .bind(day)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn scan_counts(&self, plan: &str) -> Result<Vec<(u32, u64)>, StoreError> {
        let rows: Vec<(i32, i64)> = sqlx::query_as(
            "SELECT i.number, CAST(SUM(s.scans) AS BIGINT) FROM item_scans s \
               JOIN items i ON i.id = s.item_id JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 GROUP BY i.id ORDER BY i.number",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(n, scans)| (n as u32, scans.max(0) as u64))
            .collect())
    }

    async fn add_feedback(
        &self,
        plan: &str,
        item: u32,
        rating: Rating,
        suggestion: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let status = match suggestion {
            Some(_) => FeedbackStatus::Pending,
            None => FeedbackStatus::Counted,
        };
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO feedback (item_id, rating, suggestion, status, created_at) \
             SELECT i.id, $3, $4, $5, $6 FROM items i JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 RETURNING id",
        )
        .bind(plan)
        .bind(item as i32)
        .bind(rating.as_str())
        .bind(suggestion)
        .bind(status.as_str())
        .bind(at)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id)
    }

    async fn rating_counts(&self, plan: &str) -> Result<Vec<(u32, RatingCounts)>, StoreError> {
        let rows: Vec<(i32, String, i64)> = sqlx::query_as(
            "SELECT i.number, f.rating, COUNT(*) FROM feedback f \
               JOIN items i ON i.id = f.item_id JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND f.status <> 'hidden' \
              GROUP BY i.id, f.rating ORDER BY i.number",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        fold_counts(rows)
    }

    async fn feedback_texts(
        &self,
        plan: &str,
        item: Option<u32>,
        status: Option<FeedbackStatus>,
    ) -> Result<Vec<Feedback>, StoreError> {
        let rows: Vec<FeedbackRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{FEEDBACK_SELECT} WHERE p.code = $1 \
               AND (CAST($2 AS INTEGER) IS NULL OR i.number = $2) \
               AND ((CAST($3 AS TEXT) IS NULL AND f.suggestion IS NOT NULL) OR f.status = $3) \
             ORDER BY CASE WHEN f.status = 'pending' THEN 0 ELSE 1 END, f.created_at DESC, f.id DESC"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .bind(status.map(FeedbackStatus::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| feedback_from(r).map(|(_, f)| f))
            .collect()
    }

    async fn feedback(&self, id: i64) -> Result<Option<(String, Feedback)>, StoreError> {
        let row: Option<FeedbackRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{FEEDBACK_SELECT} WHERE f.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(feedback_from).transpose()
    }

    async fn answer_feedback(
        &self,
        id: i64,
        answer: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let before: Option<Option<String>> = sqlx::query_scalar(
            "SELECT answer FROM feedback WHERE id = $1 AND suggestion IS NOT NULL",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound("没有这条意见建议".to_string()));
        };
        sqlx::query(
            "UPDATE feedback SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4",
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
                action: AuditAction::FeedbackAnswer,
                entity: AuditEntity::Feedback,
                entity_id: Some(id.to_string()),
                before: before.map(|a| json!({ "answer": a })),
                after: Some(json!({ "answer": answer })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn set_feedback_status(
        &self,
        id: i64,
        status: FeedbackStatus,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let before: Option<String> =
            sqlx::query_scalar("SELECT status FROM feedback WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound("没有这条意见建议".to_string()));
        };
        sqlx::query("UPDATE feedback SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::FeedbackModerate,
                entity: AuditEntity::Feedback,
                entity_id: Some(id.to_string()),
                before: Some(json!({ "status": before })),
                after: Some(json!({ "status": status.as_str() })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }
}
