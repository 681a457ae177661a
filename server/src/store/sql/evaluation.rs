//! 满意度测评: evaluation windows and ballots.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::json;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::evaluation::{Evaluation, TallyRule};
use app::domain::feedback::{Rating, RatingCounts};
use app::store::{BallotFrom, EvaluationStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};
use super::public::fold_counts;

#[derive(sqlx::FromRow)]
struct EvaluationRow {
    id: i64,
    satisfied_above: f64,
    basic_above: f64,
    opened_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
}

async fn plan_id(conn: &mut Conn, plan: &str) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT id FROM plans WHERE code = $1")
        .bind(plan)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound("没有这个年度计划".to_string()))
}

async fn open_window(conn: &mut Conn, plan_id: i64) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM evaluations WHERE plan_id = $1 AND closed_at IS NULL")
            .bind(plan_id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

#[async_trait]
impl EvaluationStore for Store {
    async fn open_evaluation(
        &self,
        plan: &str,
        rule: TallyRule,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let plan_id = plan_id(conn, plan).await?;
        if open_window(conn, plan_id).await?.is_some() {
            return Err(StoreError::Conflict("测评已在进行中".to_string()));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluations (plan_id, satisfied_above, basic_above, opened_by, opened_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(plan_id)
        .bind(rule.satisfied_above)
        .bind(rule.basic_above)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::EvaluationOpen,
                entity: AuditEntity::Evaluation,
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({ "plan": plan, "rule": rule })),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn close_evaluation(&self, plan: &str, actor: &Actor) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let plan_id = plan_id(conn, plan).await?;
        let Some(id) = open_window(conn, plan_id).await? else {
            return Err(StoreError::Conflict("没有进行中的测评".to_string()));
        };
        sqlx::query("UPDATE evaluations SET closed_by = $1, closed_at = $2 WHERE id = $3")
            .bind(actor.user_id)
            .bind(Utc::now())
            .bind(id)
            .execute(&mut *conn)
            .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::EvaluationClose,
                entity: AuditEntity::Evaluation,
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({ "plan": plan })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn latest_evaluation(&self, plan: &str) -> Result<Option<Evaluation>, StoreError> {
        let row: Option<EvaluationRow> = sqlx::query_as(
            "SELECT e.id, e.satisfied_above, e.basic_above, e.opened_at, e.closed_at \
               FROM evaluations e JOIN plans p ON p.id = e.plan_id \
              WHERE p.code = $1 ORDER BY e.id DESC LIMIT 1",
        )
        .bind(plan)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| Evaluation {
            id: r.id,
            rule: TallyRule {
                satisfied_above: r.satisfied_above,
                basic_above: r.basic_above,
            },
            opened_at: r.opened_at,
            closed_at: r.closed_at,
        }))
    }

    async fn cast_ballot(
        &self,
        evaluation: i64,
        plan: &str,
        from: &BallotFrom,
        ratings: &[(u32, Rating)],
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let (evaluator, number) = match from {
            BallotFrom::Evaluator(id) => (Some(*id), None),
            BallotFrom::Paper(n) => (None, Some(n.as_str())),
        };
        // Checked before writing, in the write transaction: a repeat is refused whole
        // (the unique indexes would also refuse it, as an error instead of a message).
        let seen: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ballots WHERE evaluation_id = $1 \
               AND (evaluator_id = $2 OR ballot_number = $3)",
        )
        .bind(evaluation)
        .bind(evaluator)
        .bind(number)
        .fetch_one(&mut *conn)
        .await?;
        if seen > 0 {
            return Err(StoreError::Conflict(match from {
                BallotFrom::Evaluator(_) => "您已提交过测评，每人只能评价一次".to_string(),
                BallotFrom::Paper(n) => format!("编号为 {n} 的选票已录入，不能重复录入"),
            }));
        }
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT e.id FROM evaluations e JOIN plans p ON p.id = e.plan_id \
              WHERE e.id = $1 AND p.code = $2 AND e.closed_at IS NULL",
        )
        .bind(evaluation)
        .bind(plan)
        .fetch_optional(&mut *conn)
        .await?;
        if open.is_none() {
            return Err(StoreError::Conflict("测评已结束".to_string()));
        }
        let now = Utc::now();
        for (item, rating) in ratings {
            sqlx::query(
                "INSERT INTO ballots (evaluation_id, item_id, rating, evaluator_id, ballot_number, \
                                      entered_by, entered_at) \
                 SELECT $1, i.id, $3, $4, $5, $6, $7 FROM items i JOIN plans p ON p.id = i.plan_id \
                  WHERE p.code = $8 AND i.number = $2",
            )
            .bind(evaluation)
            .bind(*item as i32)
            .bind(rating.as_str())
            .bind(evaluator)
            .bind(number)
            .bind(actor.user_id)
            .bind(now)
            .bind(plan)
            .execute(&mut *conn)
            .await?;
        }
        let ratings_json: serde_json::Map<String, serde_json::Value> = ratings
            .iter()
            .map(|(n, r)| (n.to_string(), json!(r.as_str())))
            .collect();
        write_audit(
            conn,
            actor,
            AuditRow {
                action: match from {
                    BallotFrom::Evaluator(_) => AuditAction::BallotCast,
                    BallotFrom::Paper(_) => AuditAction::BallotPaper,
                },
                entity: AuditEntity::Evaluation,
                entity_id: Some(evaluation.to_string()),
                before: None,
                after: Some(json!({ "ballot_number": number, "ratings": ratings_json })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn has_voted(&self, evaluation: i64, user_id: i64) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ballots WHERE evaluation_id = $1 AND evaluator_id = $2",
        )
        .bind(evaluation)
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    async fn paper_ballots(&self, evaluation: i64) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT ballot_number FROM ballots WHERE evaluation_id = $1 AND ballot_number IS NOT NULL \
              GROUP BY ballot_number ORDER BY MIN(id)",
        )
        .bind(evaluation)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn ballot_counts(&self, evaluation: i64) -> Result<Vec<(u32, RatingCounts)>, StoreError> {
        let rows: Vec<(i32, String, i64)> = sqlx::query_as(
            "SELECT i.number, b.rating, COUNT(*) FROM ballots b JOIN items i ON i.id = b.item_id \
              WHERE b.evaluation_id = $1 GROUP BY i.id, b.rating ORDER BY i.number",
        )
        .bind(evaluation)
        .fetch_all(&self.pool)
        .await?;
        fold_counts(rows)
    }
}
