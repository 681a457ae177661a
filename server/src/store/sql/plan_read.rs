//! Reading a whole plan back: its summary and notice, units with aliases, categories, items
//! with their units, indicators with target parts and schedules. One query per table, not
//! per item, and each row read through its `FromRow` struct.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::FromRow;

use app::domain::plan::{
    Category, Comparison, Indicator, IndicatorKind, Item, PlanDetail, ScheduleNode, TargetPart,
    Unit, UnitKind, UnitRef,
};
use app::domain::reporters::{ReportedBy, UnitShare};
use app::store::StoreError;

use super::dialect::Conn;
use super::plan::{SUMMARY_COLUMNS, corrupt, summary_from_row};

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
    sensitive: bool,
    reported_by: String,
}

/// A town's share of an indicator's target.
#[derive(sqlx::FromRow)]
struct ShareRow {
    indicator_id: i64,
    unit_id: i64,
    unit: String,
    target: f64,
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
        "SELECT ind.id, ind.item_id, ind.code, ind.name, ind.kind, ind.unit, ind.target, ind.comparison, \
                ind.sensitive, ind.reported_by \
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
    let share_rows: Vec<ShareRow> = sqlx::query_as(
        "SELECT s.indicator_id, s.unit_id, u.name AS unit, s.target FROM indicator_shares s \
         JOIN units u ON u.id = s.unit_id JOIN indicators ind ON ind.id = s.indicator_id \
         JOIN items i ON i.id = ind.item_id WHERE i.plan_id = $1 ORDER BY s.indicator_id, u.id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut shares: HashMap<i64, Vec<UnitShare>> = HashMap::new();
    for r in share_rows {
        shares.entry(r.indicator_id).or_default().push(UnitShare {
            unit_id: r.unit_id,
            unit: r.unit,
            target: r.target,
        });
    }
    for r in indicator_rows {
        let indicator = Indicator {
            reported_by: ReportedBy::parse(&r.reported_by)
                .ok_or_else(|| corrupt("reported_by", &r.reported_by))?,
            shares: shares.remove(&r.id).unwrap_or_default(),
            mine: None,
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
            sensitive: r.sensitive,
            suppressed_below: None,
            original_target: None,
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

pub(super) async fn read_plan(
    conn: &mut Conn,
    code: &str,
) -> Result<Option<PlanDetail>, StoreError> {
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
        halts: vec![],
    }))
}
