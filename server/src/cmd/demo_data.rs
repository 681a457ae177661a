//! Synthetic progress for the 2024 plan, so every view has something to show in a demo
//! (`serve --demo`) and benchmarks have large data sets. Every narrative starts with
//! 【演示数据】 and every report is authored by the 演示数据 account, so demo rows are never
//! mistaken for real ones. Deterministic: the same seed makes the same reports.
//!
//! Reports go through the real paths: pushed like a phone's (`apply_ops`) and accepted like
//! a lead unit's review (`review_many`), so progress tables fill exactly as in use.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use app::domain::audit::Actor;
use app::domain::plan::{IndicatorKind, Item, PlanDetail, UnitRef};
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::domain::reporters;
use app::store::Store;
use app::sync::CheckedOp;
use app::sync::{ReportOp, ReviewStatus};

pub const DEMO_MARK: &str = "【演示数据】";

/// How far along each item is by the end of the plan: most finish, some lag so the
/// colours show. Indexed by item number.
fn final_share(item: u32) -> f64 {
    match item % 7 {
        0 => 0.62, // seriously behind: 红
        3 => 0.9,  // a little behind at the end
        5 => 1.0,  // finished early
        _ => 1.0,
    }
}

/// Whether the item's progress comes early (finished by autumn) or evenly.
fn early(item: u32) -> bool {
    item % 7 == 5
}

/// A small deterministic generator (xorshift64*): no dependency, same data every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The reports a demo of `plan` shows: for every item, about `per_item_week` reports a week
/// from its units, from the plan's start up to `until`.
pub fn demo_reports(
    plan: &PlanDetail,
    author_id: i64,
    until: NaiveDate,
    per_item_week: u32,
    seed: u64,
) -> Vec<Report> {
    let mut rng = Rng(seed | 1);
    let start = plan.summary.starts_on;
    let end = plan.summary.ends_on.min(until);
    let mut out = Vec::new();
    for item in &plan.items {
        let weeks = ((end - start).num_days() / 7 + 1).max(1) as u32;
        let total = weeks * per_item_week;
        // Early items finish by 30 September; the others spread over the year.
        let horizon = if early(item.number) {
            NaiveDate::from_ymd_opt(plan.summary.year, 9, 30)
                .unwrap_or(end)
                .min(end)
        } else {
            plan.summary.ends_on
        };
        let span = (horizon - start).num_days().max(1);
        let units: Vec<_> = item.co_units.iter().chain(&item.lead_units).collect();
        for n in 0..total {
            let day = start + Duration::days(i64::from(n) * span / i64::from(total.max(1)));
            if day > end {
                break;
            }
            // The lagging items also skip a week in four: gaps for the weekly ledger.
            if item.number.is_multiple_of(7) && day.iso_week().week().is_multiple_of(4) {
                continue;
            }
            let chosen = units[rng.below(units.len() as u64) as usize];
            let place = format!("演示点位{}", rng.below(12) + 1);
            let values = values_for(item, n, total, &mut rng, day);
            let captured_at = Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap_or_default())
                + Duration::seconds(rng.below(20_000) as i64);
            let difficulties = if rng.below(10) == 0 {
                format!("{DEMO_MARK}部分点位资金到位较慢。")
            } else {
                String::new()
            };
            // Each figure comes from a unit that reports it (`domain::reporters`): the unit
            // drawn when it does, else the indicator's first reporting unit, in a report
            // of its own.
            let mut by_unit: Vec<(&UnitRef, Vec<IndicatorValue>)> = vec![(chosen, Vec::new())];
            for value in values {
                let from = item
                    .indicators
                    .iter()
                    .find(|i| i.code == value.code)
                    .filter(|ind| !reporters::reports(plan, item, ind, chosen.id))
                    .and_then(|ind| reporters::reporting_units(plan, item, ind).first().copied())
                    .and_then(|id| units.iter().copied().find(|u| u.id == id))
                    .unwrap_or(chosen);
                match by_unit.iter_mut().find(|(u, _)| u.id == from.id) {
                    Some((_, vs)) => vs.push(value),
                    None => by_unit.push((from, vec![value])),
                }
            }
            for (unit, values) in by_unit {
                out.push(Report {
                    id: Uuid::now_v7(),
                    schema_version: SCHEMA,
                    plan: plan.summary.id.clone(),
                    item: item.number,
                    unit_id: unit.id,
                    author_id,
                    author: "演示数据".to_string(),
                    captured_on: day,
                    captured_at,
                    values,
                    narrative: format!(
                        "{DEMO_MARK}{}第{}周推进“{}”，完成入户核查与台账更新。",
                        unit.name,
                        day.iso_week().week(),
                        item.title
                    ),
                    difficulties: difficulties.clone(),
                    next_steps: format!("{DEMO_MARK}继续按计划推进。"),
                    photos: Vec::new(),
                    location: None,
                    place: place.clone(),
                });
            }
        }
    }
    out
}

/// One report per item still awaiting the lead unit's review, captured on `day`, so the
/// review screens have work in a demo. Pending reports do not count toward progress.
pub fn pending_demo_reports(plan: &PlanDetail, author_id: i64, day: NaiveDate) -> Vec<Report> {
    plan.items
        .iter()
        .map(|item| {
            // A unit that reports a count on the item, a co-unit when one does.
            let counts: Vec<_> = item
                .indicators
                .iter()
                .filter(|i| i.kind == IndicatorKind::Count)
                .collect();
            let unit = item
                .co_units
                .iter()
                .chain(&item.lead_units)
                .find(|u| {
                    counts
                        .iter()
                        .any(|i| reporters::reports(plan, item, i, u.id))
                })
                .unwrap_or(&item.lead_units[0]);
            let values = counts
                .into_iter()
                .filter(|i| reporters::reports(plan, item, i, unit.id))
                .map(|i| IndicatorValue {
                    code: i.code.clone(),
                    input: IndicatorInput::Increment { amount: 1.0 },
                })
                .collect();
            Report {
                id: Uuid::now_v7(),
                schema_version: SCHEMA,
                plan: plan.summary.id.clone(),
                item: item.number,
                unit_id: unit.id,
                author_id,
                author: "演示数据".to_string(),
                captured_on: day,
                captured_at: Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).unwrap_or_default()),
                values,
                narrative: format!("{DEMO_MARK}{}补报本周进展，待牵头单位审核。", unit.name),
                difficulties: String::new(),
                next_steps: String::new(),
                photos: Vec::new(),
                location: None,
                place: "演示点位1".to_string(),
            }
        })
        .collect()
}

/// The figures of report `n` of `total` on an item: increments summing to the item's final
/// share of each count target; rates rising to it; milestones done on the last report.
fn values_for(
    item: &Item,
    n: u32,
    total: u32,
    rng: &mut Rng,
    day: NaiveDate,
) -> Vec<IndicatorValue> {
    let share = final_share(item.number);
    let last = n + 1 == total;
    item.indicators
        .iter()
        .filter_map(|ind| {
            let target = ind.target.unwrap_or(0.0);
            let input = match ind.kind {
                IndicatorKind::Count => {
                    // Report n adds the difference between two points of the same line, so
                    // the sum is exactly share × target (rounded down to whole numbers).
                    let goal = (target * share).floor();
                    let before = (goal * f64::from(n) / f64::from(total)).floor();
                    let after = (goal * f64::from(n + 1) / f64::from(total)).floor();
                    if after <= before {
                        return None;
                    }
                    IndicatorInput::Increment {
                        amount: after - before,
                    }
                }
                IndicatorKind::Rate | IndicatorKind::Amount => {
                    if rng.below(4) != 0 && !last {
                        return None;
                    }
                    let progress = f64::from(n + 1) / f64::from(total);
                    let value = target * share * (0.8 + 0.2 * progress);
                    IndicatorInput::Current {
                        value: (value * 10.0).round() / 10.0,
                    }
                }
                IndicatorKind::Coverage => {
                    let goal = (target * share).floor() as u32;
                    let before = goal * n / total;
                    let after = goal * (n + 1) / total;
                    if after <= before {
                        return None;
                    }
                    IndicatorInput::Places {
                        places: (before..after)
                            .map(|p| format!("演示点位{}", p + 1))
                            .collect(),
                    }
                }
                IndicatorKind::Milestone => {
                    if !last || share < 1.0 {
                        return None;
                    }
                    IndicatorInput::Milestone {
                        done: true,
                        on: Some(day),
                    }
                }
            };
            Some(IndicatorValue {
                code: ind.code.clone(),
                input,
            })
        })
        .collect()
}

/// Pushes and accepts the demo reports of `plan` unless the plan already has reports.
/// Returns how many were added.
pub async fn seed_demo_progress(
    store: &dyn Store,
    plan_code: &str,
    author_id: i64,
) -> Result<usize, String> {
    let plan = store
        .plan(plan_code)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("没有计划 {plan_code}"))?;
    let has_reports = store
        .plan_progress(plan_code, plan.summary.ends_on)
        .await
        .map_err(|e| e.to_string())?
        .iter()
        .any(|a| a.reports > 0);
    if has_reports {
        return Ok(0);
    }
    let reports = demo_reports(&plan, author_id, plan.summary.ends_on, 2, 2024);
    let pending = pending_demo_reports(&plan, author_id, plan.summary.ends_on - Duration::days(2));
    let actor = Actor::user(author_id, crate::cmd::demo::DEMO_DATA_USER);
    let pending_at = plan
        .summary
        .ends_on
        .and_hms_opt(4, 0, 0)
        .unwrap_or_default()
        .and_utc();
    push(store, &pending, &actor, pending_at).await?;
    // Each week's reports arrive the day after capture, as a synced phone's would; items
    // whose number leaves 3 when divided by 7 report five days after the week: late.
    let mut batches: std::collections::BTreeMap<(NaiveDate, bool), Vec<Report>> =
        Default::default();
    for r in &reports {
        let week = app::domain::weekly::week_start(r.captured_on);
        batches
            .entry((week, r.item % 7 == 3))
            .or_default()
            .push(r.clone());
    }
    for ((week, late), batch) in batches {
        let arrival = if late {
            (week + Duration::days(12))
                .and_hms_opt(2, 0, 0)
                .unwrap_or_default()
                .and_utc()
        } else {
            batch
                .iter()
                .map(|r| r.captured_at)
                .max()
                .unwrap_or_default()
                + Duration::days(1)
        };
        push(store, &batch, &actor, arrival).await?;
        let ids: Vec<Uuid> = batch.iter().map(|r| r.id).collect();
        store
            .review_many(&ids, ReviewStatus::Accepted, None, &actor)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(reports.len() + pending.len())
}

/// Stores reports as a phone's push received at `now` would.
pub async fn push(
    store: &dyn Store,
    reports: &[Report],
    actor: &Actor,
    now: chrono::DateTime<Utc>,
) -> Result<(), String> {
    for chunk in reports.chunks(500) {
        let ops: Vec<CheckedOp> = chunk
            .iter()
            .map(|r| CheckedOp {
                op: ReportOp {
                    op_id: Uuid::now_v7(),
                    base_revision: None,
                    report: r.clone(),
                },
                verdict: Ok(()),
            })
            .collect();
        store
            .apply_ops(&ops, actor, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
