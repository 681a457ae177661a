//! 周盘点: every lead unit owes one update per item per week — a report on the item (from
//! itself or a co-unit) or a "本周无进展" statement with a reason. An update is credited to
//! the week of its capture date; it is on time when it reached the server by the end of
//! the week plus a grace period (a village without signal syncs on Monday), late after
//! that, and missing when the deadline passed without one. Pure, table-tested natively.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::plan::{PlanDetail, UnitRef};

/// Days after the week's Sunday within which an update still counts as on time.
pub const DEFAULT_GRACE_DAYS: i64 = 1;

/// Settings of the weekly ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySettings {
    pub grace_days: i64,
}

/// The Monday of `day`'s ISO week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// When an update for the week starting `monday` is due: the end of the week plus grace,
/// at midnight China time (UTC+8).
pub fn deadline(monday: NaiveDate, grace_days: i64) -> DateTime<Utc> {
    let next = monday + Duration::days(7 + grace_days);
    crate::domain::china_time::day_start(next)
}

/// What arrived for one item in one week (from `weekly_updates` and statements).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arrival {
    pub item: u32,
    pub week: NaiveDate,
    pub unit_id: i64,
    pub at: DateTime<Utc>,
    /// A "no progress" statement rather than a report.
    pub statement: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekStatus {
    OnTime,
    Late,
    Missing,
    /// This week, not updated yet, deadline still ahead.
    Due,
    /// Outside the plan period.
    None,
}

impl WeekStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WeekStatus::OnTime => "on_time",
            WeekStatus::Late => "late",
            WeekStatus::Missing => "missing",
            WeekStatus::Due => "due",
            WeekStatus::None => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WeekStatus::OnTime => "按时",
            WeekStatus::Late => "逾期",
            WeekStatus::Missing => "未更新",
            WeekStatus::Due => "待更新",
            WeekStatus::None => "无需更新（已完成）",
        }
    }
}

/// One item's status for the week starting `week`, seen at `now`.
pub fn item_week(
    arrivals: &[&Arrival],
    week: NaiveDate,
    now: DateTime<Utc>,
    grace_days: i64,
) -> WeekStatus {
    let due = deadline(week, grace_days);
    // What arrived after the moment the view is seen from had not arrived yet, as of then.
    match arrivals.iter().map(|a| a.at).filter(|at| *at <= now).min() {
        Some(first) if first <= due => WeekStatus::OnTime,
        Some(_) => WeekStatus::Late,
        None if now > due => WeekStatus::Missing,
        None => WeekStatus::Due,
    }
}

/// A unit's cell in the grid: its worst item, and which items were late or missing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub status: WeekStatus,
    pub late: Vec<u32>,
    pub missing: Vec<u32>,
    pub owed: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridRow {
    pub unit: UnitRef,
    pub cells: Vec<Cell>,
}

/// The supervisor's unit × week grid: each lead unit's items, every week of the plan up to
/// `as_of`, seen at `now`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub weeks: Vec<NaiveDate>,
    pub rows: Vec<GridRow>,
}

/// Weeks of the plan from its first to the one holding `as_of`.
pub fn plan_weeks(plan: &PlanDetail, as_of: NaiveDate) -> Vec<NaiveDate> {
    let last = week_start(as_of.min(plan.summary.ends_on));
    let mut week = week_start(plan.summary.starts_on);
    let mut out = Vec::new();
    while week <= last {
        out.push(week);
        week += Duration::days(7);
    }
    out
}

/// Whether `item` was finished (已完成) before the week starting `week`: a finished item
/// owes no more weekly updates. `finished` holds each finished item and the day it was.
pub fn finished_before(finished: &[(u32, NaiveDate)], item: u32, week: NaiveDate) -> bool {
    finished.iter().any(|(i, on)| *i == item && *on < week)
}

pub fn grid(
    plan: &PlanDetail,
    arrivals: &[Arrival],
    finished: &[(u32, NaiveDate)],
    as_of: NaiveDate,
    now: DateTime<Utc>,
    grace_days: i64,
) -> Grid {
    let weeks = plan_weeks(plan, as_of);
    let mut leads: Vec<UnitRef> = Vec::new();
    for item in &plan.items {
        for u in &item.lead_units {
            if !leads.iter().any(|l| l.id == u.id) {
                leads.push(u.clone());
            }
        }
    }
    let rows = leads
        .into_iter()
        .map(|unit| {
            let items: Vec<u32> = plan
                .items
                .iter()
                .filter(|i| i.leads(unit.id))
                .map(|i| i.number)
                .collect();
            let cells = weeks
                .iter()
                .map(|week| {
                    let owing: Vec<u32> = items
                        .iter()
                        .copied()
                        .filter(|i| !finished_before(finished, *i, *week))
                        .collect();
                    let mut cell = Cell {
                        status: WeekStatus::OnTime,
                        late: vec![],
                        missing: vec![],
                        owed: owing.len() as u32,
                    };
                    let mut due = false;
                    for item in &owing {
                        let mine: Vec<&Arrival> = arrivals
                            .iter()
                            .filter(|a| a.item == *item && a.week == *week)
                            .collect();
                        match item_week(&mine, *week, now, grace_days) {
                            WeekStatus::Late => cell.late.push(*item),
                            WeekStatus::Missing => cell.missing.push(*item),
                            WeekStatus::Due => due = true,
                            _ => {}
                        }
                    }
                    cell.status = if owing.is_empty() {
                        WeekStatus::None
                    } else if !cell.missing.is_empty() {
                        WeekStatus::Missing
                    } else if !cell.late.is_empty() {
                        WeekStatus::Late
                    } else if due {
                        WeekStatus::Due
                    } else {
                        WeekStatus::OnTime
                    };
                    cell
                })
                .collect();
            GridRow { unit, cells }
        })
        .collect();
    Grid { weeks, rows }
}

/// What a unit still owes for the week starting `week`: the unfinished items it leads
/// without an update, seen at `now`.
pub fn owed(
    plan: &PlanDetail,
    unit_id: i64,
    arrivals: &[Arrival],
    finished: &[(u32, NaiveDate)],
    week: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<u32> {
    plan.items
        .iter()
        .filter(|i| i.leads(unit_id))
        .filter(|i| !finished_before(finished, i.number, week))
        .filter(|i| {
            let mine: Vec<&Arrival> = arrivals
                .iter()
                .filter(|a| a.item == i.number && a.week == week && a.at <= now)
                .collect();
            mine.is_empty()
        })
        .map(|i| i.number)
        .collect()
}

/// The Monday-based week (ISO 8601) of a day, as the ledger credits it: "2024年第15周".
pub fn week_label(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("{}年第{}周", week.year(), week.week())
}

/// The week with its days, for column titles: "2024年第19周（5月6日—5月12日）".
pub fn week_label_with_days(day: NaiveDate) -> String {
    let monday = week_start(day);
    let sunday = monday + Duration::days(6);
    format!(
        "{}（{}月{}日—{}月{}日）",
        week_label(monday),
        monday.month(),
        monday.day(),
        sunday.month(),
        sunday.day()
    )
}

#[cfg(test)]
mod tests;
