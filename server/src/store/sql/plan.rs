//! Plans: importing a validated plan in one transaction, reading plans back.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use serde_json::json;
use sqlx::FromRow;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::plan::{
    Category, Comparison, Indicator, IndicatorKind, Item, PlanDetail, PlanSummary, ScheduleNode,
    TargetPart, Unit, UnitKind, UnitRef,
};
use app::domain::plan_file::NewPlan;
use app::store::{ImportOutcome, PlanStore, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, DbRow, Store};
use crate::store::plan_content_hash;

const SUMMARY_COLUMNS: &str = "p.id, p.code, p.year, p.region, p.title, p.doc_number, \
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

fn summary_from_row(row: &DbRow) -> Result<PlanSummary, sqlx::Error> {
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

fn corrupt(what: &str, value: &str) -> StoreError {
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
            return if existing == hash {
                Ok(ImportOutcome::Unchanged)
            } else {
                Err(StoreError::PlanConflict(plan.meta.code.clone()))
            };
        }
        insert_new_plan(conn, plan, &hash).await?;
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
                "INSERT INTO indicators (item_id, position, code, name, kind, unit, target, comparison) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(item_id)
            .bind(position as i32)
            .bind(&ind.code)
            .bind(&ind.name)
            .bind(ind.kind.as_str())
            .bind(&ind.unit)
            .bind(ind.target)
            .bind(ind.comparison.map(Comparison::as_str))
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

/// A unit of a plan, as stored.
#[derive(sqlx::FromRow)]
struct UnitRow {
    id: i64,
    name: String,
    kind: String,
}

/// An item, with its category's number, as stored.
#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    number: i32,
    category: i32,
    title: String,
    content: String,
}

/// A unit's role on an item.
#[derive(sqlx::FromRow)]
struct ItemUnitRow {
    item_id: i64,
    role: String,
    id: i64,
    name: String,
}

/// An indicator, as stored; parts and schedules are read beside it.
#[derive(sqlx::FromRow)]
struct IndicatorRow {
    id: i64,
    item_id: i64,
    code: String,
    name: String,
    kind: String,
    unit: Option<String>,
    target: Option<f64>,
    comparison: Option<String>,
}

/// One part of a target stated as a sum.
#[derive(sqlx::FromRow)]
struct PartRow {
    indicator_id: i64,
    name: String,
    target: f64,
    unit: Option<String>,
}

/// One node of an indicator's schedule.
#[derive(sqlx::FromRow)]
struct ScheduleRow {
    indicator_id: i64,
    due_on: NaiveDate,
    planned: Option<f64>,
}

async fn load_units(conn: &mut Conn, plan_id: i64) -> Result<Vec<Unit>, StoreError> {
    let rows: Vec<UnitRow> = sqlx::query_as(
        "SELECT u.id, u.name, u.kind FROM plan_units pu JOIN units u ON u.id = pu.unit_id \
         WHERE pu.plan_id = $1 ORDER BY pu.position",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let alias_rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT a.unit_id, a.alias FROM unit_aliases a \
         JOIN plan_units pu ON pu.unit_id = a.unit_id \
         WHERE pu.plan_id = $1 ORDER BY a.unit_id, a.alias",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
    for (unit_id, alias) in alias_rows {
        aliases.entry(unit_id).or_default().push(alias);
    }
    rows.into_iter()
        .map(|r| {
            Ok(Unit {
                kind: UnitKind::parse(&r.kind).ok_or_else(|| corrupt("unit kind", &r.kind))?,
                aliases: aliases.remove(&r.id).unwrap_or_default(),
                id: r.id,
                name: r.name,
            })
        })
        .collect()
}

async fn load_categories(conn: &mut Conn, plan_id: i64) -> Result<Vec<Category>, StoreError> {
    let rows: Vec<(i32, String)> =
        sqlx::query_as("SELECT number, name FROM categories WHERE plan_id = $1 ORDER BY number")
            .bind(plan_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(number, name)| Category {
            number: number as u32,
            name,
        })
        .collect())
}

async fn load_items(conn: &mut Conn, plan_id: i64) -> Result<Vec<Item>, StoreError> {
    let item_rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT i.id, i.number, c.number AS category, i.title, i.content \
         FROM items i JOIN categories c ON c.id = i.category_id \
         WHERE i.plan_id = $1 ORDER BY i.number",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut items: Vec<(i64, Item)> = item_rows
        .into_iter()
        .map(|r| {
            (
                r.id,
                Item {
                    number: r.number as u32,
                    category: r.category as u32,
                    title: r.title,
                    content: r.content,
                    lead_units: Vec::new(),
                    co_units: Vec::new(),
                    indicators: Vec::new(),
                },
            )
        })
        .collect();
    let index: HashMap<i64, usize> = items
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();

    let unit_rows: Vec<ItemUnitRow> = sqlx::query_as(
        "SELECT iu.item_id, iu.role, u.id, u.name FROM item_units iu \
         JOIN items i ON i.id = iu.item_id JOIN units u ON u.id = iu.unit_id \
         WHERE i.plan_id = $1 ORDER BY iu.item_id, iu.position",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    for r in unit_rows {
        let Some(&at) = index.get(&r.item_id) else {
            continue;
        };
        let item = &mut items[at].1;
        let unit = UnitRef {
            id: r.id,
            name: r.name,
        };
        match r.role.as_str() {
            "lead" => item.lead_units.push(unit),
            "co" => item.co_units.push(unit),
            other => return Err(corrupt("unit role", other)),
        }
    }

    let indicator_rows: Vec<IndicatorRow> = sqlx::query_as(
        "SELECT ind.id, ind.item_id, ind.code, ind.name, ind.kind, ind.unit, ind.target, ind.comparison \
         FROM indicators ind JOIN items i ON i.id = ind.item_id \
         WHERE i.plan_id = $1 ORDER BY ind.item_id, ind.position",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let part_rows: Vec<PartRow> = sqlx::query_as(
        "SELECT tp.indicator_id, tp.name, tp.target, tp.unit FROM target_parts tp \
         JOIN indicators ind ON ind.id = tp.indicator_id JOIN items i ON i.id = ind.item_id \
         WHERE i.plan_id = $1 ORDER BY tp.indicator_id, tp.position",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut parts: HashMap<i64, Vec<TargetPart>> = HashMap::new();
    for r in part_rows {
        parts.entry(r.indicator_id).or_default().push(TargetPart {
            name: r.name,
            target: r.target,
            unit: r.unit,
        });
    }
    let schedule_rows: Vec<ScheduleRow> = sqlx::query_as(
        "SELECT s.indicator_id, s.due_on, s.planned FROM indicator_schedules s \
         JOIN indicators ind ON ind.id = s.indicator_id JOIN items i ON i.id = ind.item_id \
         WHERE i.plan_id = $1 ORDER BY s.indicator_id, s.due_on",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut schedules: HashMap<i64, Vec<ScheduleNode>> = HashMap::new();
    for r in schedule_rows {
        schedules
            .entry(r.indicator_id)
            .or_default()
            .push(ScheduleNode {
                due_on: r.due_on,
                planned: r.planned,
            });
    }
    for r in indicator_rows {
        let indicator = Indicator {
            kind: IndicatorKind::parse(&r.kind)
                .ok_or_else(|| corrupt("indicator kind", &r.kind))?,
            comparison: match r.comparison {
                Some(c) => Some(Comparison::parse(&c).ok_or_else(|| corrupt("comparison", &c))?),
                None => None,
            },
            parts: parts.remove(&r.id).unwrap_or_default(),
            // Progress depends on the day it is seen from: `ProgressStore` fills it in.
            actual: 0.0,
            done_on: None,
            schedule: schedules.remove(&r.id).unwrap_or_default(),
            code: r.code,
            name: r.name,
            unit: r.unit,
            target: r.target,
        };
        if let Some(&at) = index.get(&r.item_id) {
            items[at].1.indicators.push(indicator);
        }
    }
    Ok(items.into_iter().map(|(_, item)| item).collect())
}

/// The notice's own words, stored beside the summary columns.
#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    notice_title: String,
    disclosure: String,
    addressees: String,
    preamble: String,
}

async fn read_plan(conn: &mut Conn, code: &str) -> Result<Option<PlanDetail>, StoreError> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, p.notice_title, p.disclosure, p.addressees, p.preamble \
         FROM plans p WHERE p.code = $1"
    );
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let notice = NoticeRow::from_row(&row)?;
    let summary = summary_from_row(&row)?;
    let plan_id = notice.id;
    let units = load_units(conn, plan_id).await?;
    let categories = load_categories(conn, plan_id).await?;
    let items = load_items(conn, plan_id).await?;
    Ok(Some(PlanDetail {
        summary,
        notice_title: notice.notice_title,
        disclosure: notice.disclosure,
        addressees: notice.addressees,
        preamble: notice.preamble,
        units,
        categories,
        items,
    }))
}
