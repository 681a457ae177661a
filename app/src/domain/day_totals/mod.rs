//! Progress on several days from one read of the day totals. Views that judge many days at
//! once (the weekly grid's Sundays, 考核's weeks of a month) read the plan's day totals once
//! (`ProgressStore::day_totals`) and fold them here, instead of asking storage for the plan's
//! progress once per day. The fold gives what `ProgressStore::plan_progress` gives for the
//! same day; `server/tests/api/day_totals.rs` holds the two side by side on both backends.

use chrono::NaiveDate;

use crate::domain::plan::IndicatorKind;
use crate::domain::progress::IndicatorActual;

/// One indicator's accepted figures captured on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct DayTotal {
    pub item: u32,
    pub code: String,
    pub kind: IndicatorKind,
    pub day: NaiveDate,
    /// Sum of the day's count increments.
    pub increment: f64,
    /// The day's latest value (rates and amounts).
    pub last_value: Option<f64>,
    /// Milestones: the earliest done date reported that day.
    pub done_on: Option<NaiveDate>,
    pub reports: u64,
}

/// Places of a coverage indicator first reached on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacesDay {
    pub item: u32,
    pub code: String,
    pub first_on: NaiveDate,
    pub places: u64,
}

/// A plan's day totals up to some day, as storage holds them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayTotals {
    pub days: Vec<DayTotal>,
    pub places: Vec<PlacesDay>,
}

impl DayTotals {
    /// Every indicator with an accepted figure captured on or before `day`, as it stood
    /// then: counts add up, a rate is its latest value, coverage counts places reached, a
    /// milestone is done from the earliest done date reported by then.
    pub fn actuals_on(&self, day: NaiveDate) -> Vec<IndicatorActual> {
        let mut out: Vec<(IndicatorActual, IndicatorKind, Option<NaiveDate>)> = Vec::new();
        for t in self.days.iter().filter(|t| t.day <= day) {
            let at = match out
                .iter()
                .position(|(a, _, _)| a.item == t.item && a.code == t.code)
            {
                Some(at) => at,
                None => {
                    out.push((
                        IndicatorActual {
                            item: t.item,
                            code: t.code.clone(),
                            actual: 0.0,
                            done_on: None,
                            reports: 0,
                        },
                        t.kind,
                        None,
                    ));
                    out.len() - 1
                }
            };
            let (a, _, latest) = &mut out[at];
            a.reports += t.reports;
            a.done_on = match (a.done_on, t.done_on) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            match t.kind {
                IndicatorKind::Count => a.actual += t.increment,
                IndicatorKind::Rate | IndicatorKind::Amount => {
                    if let Some(v) = t.last_value
                        && latest.is_none_or(|l| t.day > l)
                    {
                        a.actual = v;
                        *latest = Some(t.day);
                    }
                }
                IndicatorKind::Coverage | IndicatorKind::Milestone => {}
            }
        }
        for (a, kind, _) in &mut out {
            a.done_on = a.done_on.filter(|d| *d <= day);
            match kind {
                IndicatorKind::Coverage => {
                    a.actual = self
                        .places
                        .iter()
                        .filter(|p| p.item == a.item && p.code == a.code && p.first_on <= day)
                        .map(|p| p.places as f64)
                        .sum();
                }
                IndicatorKind::Milestone => a.actual = f64::from(u8::from(a.done_on.is_some())),
                _ => {}
            }
        }
        out.into_iter().map(|(a, _, _)| a).collect()
    }
}

#[cfg(test)]
mod tests;
