//! 镇街进度看板 (issue 15): for one town or subdistrict, every indicator it reports
//! (`domain::reporters`) with the target, what is done, what should be done by today and
//! the colour. Where the notice gives the town a share, the row is the town's own: its
//! share, its accepted reports, its straight-line pace to the share. Otherwise the target
//! is the district's and so is the colour, with the town's part of what is done beside it.
//! Pure: `server_fns::town_board` loads the plan as of the day and the breakdown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::pace::{
    ItemPace, PaceSettings, PaceStatus, Period, indicator_pace, planned_value,
};
use crate::domain::plan::{IndicatorKind, PlanDetail};
use crate::domain::reporters;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    pub item: u32,
    pub title: String,
    pub indicator: String,
    /// Unit of measure.
    pub measure: String,
    /// The target the row is measured against: the town's share, or the district's.
    pub target: Option<f64>,
    /// The row is the town's own (its share was given).
    pub own: bool,
    /// The district's target, when the row is the town's own.
    pub district_target: Option<f64>,
    /// Done, in the row's terms (the town's when `own`, else the district's).
    pub done: f64,
    /// The town's part of what the district has done (counts and places only).
    pub town_done: Option<f64>,
    /// Planned by the day (numeric indicators).
    pub expected: Option<f64>,
    pub status: PaceStatus,
    pub explanation: String,
}

/// The board of `town` (`town_name` as the breakdown names units) on `day`. `plan` carries
/// progress as of `day`, `paces` are its item paces, and `done_by` gives the town's accepted
/// total of an indicator (item, code), where one adds up.
pub fn rows(
    plan: &PlanDetail,
    paces: &[ItemPace],
    town: i64,
    done_by: &dyn Fn(u32, &str) -> Option<f64>,
    day: NaiveDate,
    settings: &PaceSettings,
) -> Vec<BoardRow> {
    let period = Period {
        starts_on: plan.summary.starts_on,
        ends_on: plan.summary.ends_on,
    };
    let mut out = Vec::new();
    for item in plan.items.iter().filter(|i| i.involves(town)) {
        let Some(pace) = paces.iter().find(|p| p.item == item.number) else {
            continue;
        };
        let halted = matches!(pace.status, PaceStatus::Suspended | PaceStatus::Ended);
        for (ind, district) in item.indicators.iter().zip(&pace.indicators) {
            if !reporters::reports(plan, item, ind, town) {
                continue;
            }
            let adds_up = matches!(ind.kind, IndicatorKind::Count | IndicatorKind::Coverage);
            let town_done = if adds_up {
                Some(done_by(item.number, &ind.code).unwrap_or(0.0))
            } else {
                None
            };
            let share = ind
                .shares
                .iter()
                .find(|s| s.unit_id == town)
                .map(|s| s.target);
            let row = match (share, halted) {
                (Some(share), false) => {
                    let mut own = ind.clone();
                    own.target = Some(share);
                    own.actual = town_done.unwrap_or(0.0);
                    // The district's schedule is not the town's: the straight line.
                    own.schedule.clear();
                    let p = indicator_pace(&own, period, day, settings);
                    BoardRow {
                        item: item.number,
                        title: item.title.clone(),
                        indicator: ind.name.clone(),
                        measure: ind.unit.clone().unwrap_or_default(),
                        target: Some(share),
                        own: true,
                        district_target: ind.target,
                        done: own.actual,
                        town_done,
                        expected: Some(planned_value(share, &[], period, day)),
                        status: p.status,
                        explanation: p.explanation,
                    }
                }
                _ => BoardRow {
                    item: item.number,
                    title: item.title.clone(),
                    indicator: ind.name.clone(),
                    measure: ind.unit.clone().unwrap_or_default(),
                    target: ind.target,
                    own: false,
                    district_target: None,
                    done: ind.actual,
                    town_done,
                    expected: ind
                        .target
                        .map(|t| planned_value(t, &ind.schedule, period, day)),
                    status: district.status,
                    explanation: district.explanation.clone(),
                },
            };
            out.push(row);
        }
    }
    out
}

#[cfg(test)]
mod tests;
