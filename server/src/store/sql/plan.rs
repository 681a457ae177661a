//! Plans: importing a validated plan in one transaction; reading one back is
//! `plan_read`.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use serde_json::json;
use sqlx::FromRow;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::plan::{Comparison, PlanDetail, PlanSummary};
use app::domain::plan_file::NewPlan;
use app::store::{ImportOutcome, PlanStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, DbRow, Store};
use super::plan_read::read_plan;
use crate::store::plan_content_hash;

pub(super) const SUMMARY_COLUMNS: &str = "p.id, p.code, p.year, p.region, p.title, p.doc_number, \
     p.issuer, p.issued_on, p.starts_on, p.ends_on, \
     (SELECT COUNT(*) FROM categories c WHERE c.plan_id = p.id) AS category_count, \
     (SELECT COUNT(*) FROM items i WHERE i.plan_id = p.id) AS item_count";

/// The columns of `SUMMARY_COLUMNS`, as stored.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    code: String,
    year: i32,
    region: String,
    title: String,
    doc_number: String,
    issuer: String,
    issued_on: NaiveDate,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    category_count: i64,
    item_count: i64,
}

pub(super) fn summary_from_row(row: &DbRow) -> Result<PlanSummary, sqlx::Error> {
    let r = SummaryRow::from_row(row)?;
    Ok(PlanSummary {
        id: r.code,
        year: r.year,
        region: r.region,
        title: r.title,
        doc_number: r.doc_number,
        issuer: r.issuer,
        issued_on: r.issued_on,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        category_count: r.category_count as u32,
        item_count: r.item_count as u32,
    })
}

pub(super) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("unexpected {what} in database: {value}"))
}

#[async_trait]
impl PlanStore for Store {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn list_plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM plans p ORDER BY p.year DESC, p.issued_on DESC, p.id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(summary_from_row)
            .collect::<Result<_, _>>()
            .map_err(StoreError::from)
    }

    async fn plan(&self, code: &str) -> Result<Option<PlanDetail>, StoreError> {
        // One read transaction, so the eight queries see one snapshot; ended here rather
        // than left for the pool to roll back when it next touches the connection.
        let mut tx = self.read_tx().await?;
        let plan = read_plan(&mut tx, code).await;
        tx.commit().await?;
        plan
    }

    async fn import_plan(
        &self,
        plan: &NewPlan,
        actor: &Actor,
    ) -> Result<ImportOutcome, StoreError> {
        let hash = plan_content_hash(plan);
        // Under the write lock: two imports of the same code cannot both pass the existence
        // check.
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let existing: Option<String> =
            sqlx::query_scalar("SELECT content_hash FROM plans WHERE code = $1")
                .bind(&plan.meta.code)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(existing) = existing {
            if existing != hash {
                return Err(StoreError::PlanConflict(plan.meta.code.clone()));
            }
            // The same promise: only the markings (outside the hash) may differ.
            mark_indicators(conn, plan).await?;
            tx.commit().await?;
            return Ok(ImportOutcome::Unchanged);
        }
        insert_new_plan(conn, plan, &hash).await?;
        mark_indicators(conn, plan).await?;
        // Phones refresh their catalogue when this sequence moves.
        sqlx::query("INSERT INTO changes (kind, at) VALUES ('catalogue', $1)")
            .bind(Utc::now())
            .execute(&mut *conn)
            .await?;
        let items = plan.items.len();
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::PlanImport,
                entity: AuditEntity::Plan,
                entity_id: Some(plan.meta.code.clone()),
                before: None,
                after: Some(
                    json!({ "title": plan.meta.title, "items": items, "content_hash": hash }),
                ),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ImportOutcome::Created)
    }
}

async fn insert_new_plan(conn: &mut Conn, plan: &NewPlan, hash: &str) -> Result<(), sqlx::Error> {
    let m = &plan.meta;
    let plan_id: i64 = sqlx::query_scalar(
        "INSERT INTO plans (code, year, region, title, notice_title, doc_number, issuer, \
         issued_on, starts_on, ends_on, disclosure, addressees, preamble, content_hash, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(&m.code)
    .bind(m.year)
    .bind(&m.region)
    .bind(&m.title)
    .bind(&m.notice_title)
    .bind(&m.doc_number)
    .bind(&m.issuer)
    .bind(m.issued_on)
    .bind(m.starts_on)
    .bind(m.ends_on)
    .bind(&m.disclosure)
    .bind(&m.addressees)
    .bind(&m.preamble)
    .bind(hash)
    .bind(Utc::now())
    .fetch_one(&mut *conn)
    .await?;

    let mut unit_ids: HashMap<&str, i64> = HashMap::new();
    for (position, unit) in plan.units.iter().enumerate() {
        // A unit of the region may already exist from an earlier plan: reuse it.
        let unit_id: i64 = sqlx::query_scalar(
            "INSERT INTO units (region, name, kind) VALUES ($1, $2, $3) \
             ON CONFLICT (region, name) DO UPDATE SET name = excluded.name RETURNING id",
        )
        .bind(&m.region)
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .fetch_one(&mut *conn)
        .await?;
        for alias in &unit.aliases {
            sqlx::query(
                "INSERT INTO unit_aliases (unit_id, alias) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(unit_id)
            .bind(alias)
            .execute(&mut *conn)
            .await?;
        }
        sqlx::query("INSERT INTO plan_units (plan_id, unit_id, position) VALUES ($1, $2, $3)")
            .bind(plan_id)
            .bind(unit_id)
            .bind(position as i32)
            .execute(&mut *conn)
            .await?;
        unit_ids.insert(unit.name.as_str(), unit_id);
    }

    let mut category_ids: HashMap<u32, i64> = HashMap::new();
    for category in &plan.categories {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (plan_id, number, name) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(plan_id)
        .bind(category.number as i32)
        .bind(&category.name)
        .fetch_one(&mut *conn)
        .await?;
        category_ids.insert(category.number, id);
    }

    for item in &plan.items {
        let item_id: i64 = sqlx::query_scalar(
            "INSERT INTO items (plan_id, category_id, number, title, content) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(plan_id)
        .bind(category_ids.get(&item.category).copied())
        .bind(item.number as i32)
        .bind(&item.title)
        .bind(&item.content)
        .fetch_one(&mut *conn)
        .await?;
        let roles = item
            .lead_units
            .iter()
            .map(|n| ("lead", n))
            .chain(item.co_units.iter().map(|n| ("co", n)));
        for (position, (role, name)) in roles.enumerate() {
            sqlx::query(
                "INSERT INTO item_units (item_id, unit_id, role, position) VALUES ($1, $2, $3, $4)",
            )
            .bind(item_id)
            .bind(unit_ids.get(name.as_str()).copied())
            .bind(role)
            .bind(position as i32)
            .execute(&mut *conn)
            .await?;
        }
        for (position, ind) in item.indicators.iter().enumerate() {
            let indicator_id: i64 = sqlx::query_scalar(
                "INSERT INTO indicators (item_id, position, code, name, kind, unit, target, comparison, sensitive) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(item_id)
            .bind(position as i32)
            .bind(&ind.code)
            .bind(&ind.name)
            .bind(ind.kind.as_str())
            .bind(&ind.unit)
            .bind(ind.target)
            .bind(ind.comparison.map(Comparison::as_str))
            .bind(ind.sensitive)
            .fetch_one(&mut *conn)
            .await?;
            for (position, part) in ind.parts.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO target_parts (indicator_id, position, name, target, unit) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(indicator_id)
                .bind(position as i32)
                .bind(&part.name)
                .bind(part.target)
                .bind(&part.unit)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// Sets each indicator's markings as the plan file says: privacy, who reports it, and the
/// towns' shares of its target (replaced whole).
async fn mark_indicators(conn: &mut Conn, plan: &NewPlan) -> Result<(), StoreError> {
    for item in &plan.items {
        for ind in &item.indicators {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT ind.id FROM indicators ind JOIN items i ON i.id = ind.item_id \
                 JOIN plans p ON p.id = i.plan_id \
                 WHERE p.code = $1 AND i.number = $2 AND ind.code = $3",
            )
            .bind(&plan.meta.code)
            .bind(item.number as i32)
            .bind(&ind.code)
            .fetch_optional(&mut *conn)
            .await?;
            let Some(id) = id else { continue };
            sqlx::query("UPDATE indicators SET sensitive = $1, reported_by = $2 WHERE id = $3")
                .bind(ind.sensitive)
                .bind(ind.reported_by.as_str())
                .bind(id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM indicator_shares WHERE indicator_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            for share in &ind.shares {
                sqlx::query(
                    "INSERT INTO indicator_shares (indicator_id, unit_id, target) \
                     SELECT $1, u.id, $2 FROM units u JOIN plan_units pu ON pu.unit_id = u.id \
                     JOIN plans p ON p.id = pu.plan_id WHERE p.code = $3 AND u.name = $4",
                )
                .bind(id)
                .bind(share.target)
                .bind(&plan.meta.code)
                .bind(&share.unit)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}
