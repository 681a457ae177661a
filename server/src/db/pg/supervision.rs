//! 督查督办 on PostgreSQL: the queries of `db::sqlite_supervision` in PostgreSQL's dialect.
// Over 500 lines: twin of sqlite_supervision.rs; issue 12 writes this SQL once and splits it.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use app::audit::Actor;
use app::store::{NewDifficulty, NewNotice, NewVisit, StoreError, SupervisionStore};
use app::supervision::{
    Difficulty, DifficultyChange, DifficultyEvent, DifficultyStatus, Notice, NoticeColour, Visit,
};

use async_trait::async_trait;

use super::audit::{AuditRow, write_audit};
use super::{PgStore, db_err};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Database(format!("unexpected {what} {value}"))
}

async fn item_id(conn: &mut PgConnection, plan: &str, item: u32) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id WHERE p.code = $1 AND i.number = $2",
    )
    .bind(plan)
    .bind(item as i32)
    .fetch_optional(conn)
    .await
    .map_err(db_err)?
    .ok_or_else(|| StoreError::NotFound("没有这个项目".to_string()))
}

async fn event(
    conn: &mut PgConnection,
    id: i64,
    actor: &Actor,
    kind: &str,
    status: Option<DifficultyStatus>,
    text: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO difficulty_events (difficulty_id, at, by_user, kind, status, text) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(Utc::now())
    .bind(actor.user_id)
    .bind(kind)
    .bind(status.map(DifficultyStatus::as_str))
    .bind(text)
    .execute(conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

const DIFFICULTY_SELECT: &str = "SELECT d.id, i.number AS item, i.title AS item_title, d.report_id, \
       n.name AS unit, d.title, d.detail, d.status, d.owner, u.display_name AS raised_by, \
       d.raised_at, d.resolved_at, p.code AS plan \
     FROM difficulties d JOIN items i ON i.id = d.item_id JOIN plans p ON p.id = i.plan_id \
     JOIN units n ON n.id = d.unit_id JOIN users u ON u.id = d.raised_by";

fn difficulty_from(row: &PgRow) -> Result<Difficulty, StoreError> {
    let status: String = row.try_get("status").map_err(db_err)?;
    Ok(Difficulty {
        id: row.try_get("id").map_err(db_err)?,
        item: row.try_get::<i32, _>("item").map_err(db_err)? as u32,
        item_title: row.try_get("item_title").map_err(db_err)?,
        report_id: row.try_get("report_id").map_err(db_err)?,
        unit: row.try_get("unit").map_err(db_err)?,
        title: row.try_get("title").map_err(db_err)?,
        detail: row.try_get("detail").map_err(db_err)?,
        status: DifficultyStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        owner: row.try_get("owner").map_err(db_err)?,
        raised_by: row.try_get("raised_by").map_err(db_err)?,
        raised_at: row.try_get("raised_at").map_err(db_err)?,
        resolved_at: row.try_get("resolved_at").map_err(db_err)?,
    })
}

const NOTICE_SELECT: &str = "SELECT o.id, i.number AS item, i.title AS item_title, o.unit_id, \
       n.name AS unit, o.colour, o.requirement, o.deadline, u.display_name AS issued_by, \
       o.issued_at, o.response, o.responded_at, p.code AS plan \
     FROM notices o JOIN items i ON i.id = o.item_id JOIN plans p ON p.id = i.plan_id \
     JOIN units n ON n.id = o.unit_id JOIN users u ON u.id = o.issued_by";

fn notice_from(row: &PgRow) -> Result<Notice, StoreError> {
    let colour: String = row.try_get("colour").map_err(db_err)?;
    Ok(Notice {
        id: row.try_get("id").map_err(db_err)?,
        item: row.try_get::<i32, _>("item").map_err(db_err)? as u32,
        item_title: row.try_get("item_title").map_err(db_err)?,
        unit_id: row.try_get("unit_id").map_err(db_err)?,
        unit: row.try_get("unit").map_err(db_err)?,
        colour: NoticeColour::parse(&colour).ok_or_else(|| corrupt("colour", &colour))?,
        requirement: row.try_get("requirement").map_err(db_err)?,
        deadline: row.try_get("deadline").map_err(db_err)?,
        issued_by: row.try_get("issued_by").map_err(db_err)?,
        issued_at: row.try_get("issued_at").map_err(db_err)?,
        response: row.try_get("response").map_err(db_err)?,
        responded_at: row.try_get("responded_at").map_err(db_err)?,
    })
}

impl PgStore {
    pub(super) async fn insert_difficulty(
        &self,
        new: &NewDifficulty,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let item = item_id(conn, &new.plan, new.item).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO difficulties (item_id, report_id, unit_id, title, detail, raised_by, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(item)
        .bind(&new.report_id)
        .bind(new.unit_id)
        .bind(&new.title)
        .bind(&new.detail)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
        event(
            conn,
            id,
            actor,
            "raised",
            Some(DifficultyStatus::Open),
            &new.detail,
        )
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "difficulty.raise",
                entity: "difficulty",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(
                    json!({ "item": new.item, "title": new.title, "report": new.report_id }),
                ),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(id)
    }

    pub(super) async fn update_difficulty(
        &self,
        id: i64,
        change: &DifficultyChange,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let row = sqlx::query("SELECT status, owner FROM difficulties WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?
            .ok_or_else(|| StoreError::NotFound("没有这个困难问题".to_string()))?;
        let status: String = row.try_get("status").map_err(db_err)?;
        let owner: String = row.try_get("owner").map_err(db_err)?;
        let (action, after) = match change {
            DifficultyChange::Comment(text) => {
                event(conn, id, actor, "comment", None, text).await?;
                ("difficulty.comment", json!({ "comment": text }))
            }
            DifficultyChange::Status(next, text) => {
                if next.as_str() == status {
                    return Err(StoreError::Conflict(format!(
                        "该问题已是“{}”状态",
                        next.label()
                    )));
                }
                let resolved = (*next == DifficultyStatus::Resolved).then(Utc::now);
                sqlx::query("UPDATE difficulties SET status = $1, resolved_at = $2 WHERE id = $3")
                    .bind(next.as_str())
                    .bind(resolved)
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                event(conn, id, actor, "status", Some(*next), text).await?;
                (
                    "difficulty.status",
                    json!({ "status": next.as_str(), "note": text }),
                )
            }
            DifficultyChange::Owner(next) => {
                sqlx::query("UPDATE difficulties SET owner = $1 WHERE id = $2")
                    .bind(next)
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                event(conn, id, actor, "owner", None, next).await?;
                ("difficulty.owner", json!({ "owner": next }))
            }
        };
        write_audit(
            conn,
            actor,
            AuditRow {
                action,
                entity: "difficulty",
                entity_id: Some(id.to_string()),
                before: Some(json!({ "status": status, "owner": owner })),
                after: Some(after),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    pub(super) async fn load_difficulties(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Difficulty>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{DIFFICULTY_SELECT} WHERE p.code = $1 AND ($2::integer IS NULL OR i.number = $2) \
             ORDER BY d.raised_at, d.id"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter().map(difficulty_from).collect()
    }

    pub(super) async fn load_difficulty(
        &self,
        id: i64,
    ) -> Result<Option<(String, Difficulty, Vec<DifficultyEvent>)>, StoreError> {
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{DIFFICULTY_SELECT} WHERE d.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_err)?
        else {
            return Ok(None);
        };
        let plan: String = row.try_get("plan").map_err(db_err)?;
        let difficulty = difficulty_from(&row)?;
        let events = sqlx::query(
            "SELECT e.at, u.display_name AS by_name, e.kind, e.status, e.text \
             FROM difficulty_events e JOIN users u ON u.id = e.by_user \
             WHERE e.difficulty_id = $1 ORDER BY e.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?
        .iter()
        .map(|r| {
            let status: Option<String> = r.try_get("status").map_err(db_err)?;
            Ok(DifficultyEvent {
                at: r.try_get::<DateTime<Utc>, _>("at").map_err(db_err)?,
                by: r.try_get("by_name").map_err(db_err)?,
                kind: r.try_get("kind").map_err(db_err)?,
                status: status.as_deref().and_then(DifficultyStatus::parse),
                text: r.try_get("text").map_err(db_err)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some((plan, difficulty, events)))
    }

    pub(super) async fn insert_notice(
        &self,
        new: &NewNotice,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
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
        .await
        .map_err(db_err)?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "notice.issue",
                entity: "notice",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({
                    "item": new.item, "unit_id": new.unit_id, "colour": new.colour.as_str(),
                    "deadline": new.deadline, "requirement": new.requirement
                })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(id)
    }

    pub(super) async fn answer_notice(
        &self,
        id: i64,
        response: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let done = sqlx::query(
            "UPDATE notices SET response = $1, responded_by = $2, responded_at = $3 \
             WHERE id = $4 AND response IS NULL",
        )
        .bind(response)
        .bind(actor.user_id)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict("该督办单已回复".to_string()));
        }
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "notice.respond",
                entity: "notice",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({ "response": response })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    pub(super) async fn load_notices(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Notice>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{NOTICE_SELECT} WHERE p.code = $1 AND ($2::integer IS NULL OR i.number = $2) ORDER BY o.deadline, o.id"
        )))
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter().map(notice_from).collect()
    }

    pub(super) async fn load_notice(
        &self,
        id: i64,
    ) -> Result<Option<(String, Notice)>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{NOTICE_SELECT} WHERE o.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_err)?;
        match row {
            Some(row) => Ok(Some((
                row.try_get("plan").map_err(db_err)?,
                notice_from(&row)?,
            ))),
            None => Ok(None),
        }
    }

    pub(super) async fn insert_visit(
        &self,
        new: &NewVisit,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let item = item_id(conn, &new.plan, new.item).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO visits (item_id, visited_on, place, findings, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(item)
        .bind(new.visited_on)
        .bind(&new.place)
        .bind(&new.findings)
        .bind(actor.user_id)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "visit.record",
                entity: "visit",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({
                    "item": new.item, "visited_on": new.visited_on, "place": new.place,
                    "findings": new.findings
                })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(id)
    }

    pub(super) async fn load_visits(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Visit>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.id, i.number AS item, i.title AS item_title, v.visited_on, v.place, v.findings, \
               u.display_name AS recorded_by \
             FROM visits v JOIN items i ON i.id = v.item_id JOIN plans p ON p.id = i.plan_id \
             JOIN users u ON u.id = v.recorded_by \
             WHERE p.code = $1 AND ($2::integer IS NULL OR i.number = $2) ORDER BY v.visited_on DESC, v.id DESC",
        )
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter()
            .map(|r| {
                Ok(Visit {
                    id: r.try_get("id").map_err(db_err)?,
                    item: r.try_get::<i32, _>("item").map_err(db_err)? as u32,
                    item_title: r.try_get("item_title").map_err(db_err)?,
                    visited_on: r.try_get("visited_on").map_err(db_err)?,
                    place: r.try_get("place").map_err(db_err)?,
                    findings: r.try_get("findings").map_err(db_err)?,
                    recorded_by: r.try_get("recorded_by").map_err(db_err)?,
                })
            })
            .collect()
    }
}

#[async_trait]
impl SupervisionStore for PgStore {
    async fn raise_difficulty(
        &self,
        new: &NewDifficulty,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        self.insert_difficulty(new, actor).await
    }

    async fn change_difficulty(
        &self,
        id: i64,
        change: &DifficultyChange,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_difficulty(id, change, actor).await
    }

    async fn difficulties(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Difficulty>, StoreError> {
        self.load_difficulties(plan, item).await
    }

    async fn difficulty(
        &self,
        id: i64,
    ) -> Result<Option<(String, Difficulty, Vec<DifficultyEvent>)>, StoreError> {
        self.load_difficulty(id).await
    }

    async fn issue_notice(&self, new: &NewNotice, actor: &Actor) -> Result<i64, StoreError> {
        self.insert_notice(new, actor).await
    }

    async fn respond_notice(
        &self,
        id: i64,
        response: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.answer_notice(id, response, actor).await
    }

    async fn notices(&self, plan: &str, item: Option<u32>) -> Result<Vec<Notice>, StoreError> {
        self.load_notices(plan, item).await
    }

    async fn notice(&self, id: i64) -> Result<Option<(String, Notice)>, StoreError> {
        self.load_notice(id).await
    }

    async fn record_visit(&self, new: &NewVisit, actor: &Actor) -> Result<i64, StoreError> {
        self.insert_visit(new, actor).await
    }

    async fn visits(&self, plan: &str, item: Option<u32>) -> Result<Vec<Visit>, StoreError> {
        self.load_visits(plan, item).await
    }
}
