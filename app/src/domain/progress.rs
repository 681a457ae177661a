//! Share of target reached, as shown by progress bars. Pure functions, tested natively.
//!
//! Pace (序时进度) and colours live in `pace`; this is only "how far along", and how the
//! totals read from storage are laid onto a plan.

use chrono::NaiveDate;

use crate::domain::plan::{Indicator, IndicatorKind, Item, PlanDetail};

/// One indicator's progress from accepted reports captured on or before a day.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorActual {
    pub item: u32,
    pub code: String,
    /// count: sum of increments; rate/amount: latest value; coverage: places reached.
    pub actual: f64,
    /// milestone: the earliest date it was reported done.
    pub done_on: Option<NaiveDate>,
    /// Accepted reports with a figure for this indicator.
    pub reports: u64,
}

/// Lays each indicator's actual (and milestone day) onto the plan; indicators with no
/// accepted report keep zero.
pub fn apply_actuals(plan: &mut PlanDetail, actuals: &[IndicatorActual]) {
    for a in actuals {
        if let Some(ind) = plan
            .items
            .iter_mut()
            .find(|i| i.number == a.item)
            .and_then(|i| i.indicators.iter_mut().find(|ind| ind.code == a.code))
        {
            ind.actual = a.actual;
            ind.done_on = a.done_on;
        }
    }
}

/// The day a view is seen from when none is asked for: today, or the plan's last day once
/// the plan is over (its final state).
pub fn default_as_of(plan: &PlanDetail, today: NaiveDate) -> NaiveDate {
    today.min(plan.summary.ends_on)
}

/// Percent of an indicator's target reached, 0–100.
pub fn indicator_percent(ind: &Indicator) -> f64 {
    match (ind.kind, ind.target) {
        (IndicatorKind::Milestone, _) if ind.actual >= 1.0 => 100.0,
        (IndicatorKind::Milestone, _) => 0.0,
        (_, Some(target)) if target > 0.0 => (ind.actual / target * 100.0).clamp(0.0, 100.0),
        _ => 0.0,
    }
}

/// Percent of an item reached: the mean over its indicators, so a half-done second target
/// holds the item back even when the first is complete.
/// The mean of the item's indicators' percentages. A withheld figure (`suppressed_below`,
/// the public's view of a small total about people) is left out: counted as 0 it would
/// pull the mean down, and counted at all it could be worked back out.
pub fn item_percent(item: &Item) -> f64 {
    let shown: Vec<f64> = item
        .indicators
        .iter()
        .filter(|i| i.suppressed_below.is_none())
        .map(indicator_percent)
        .collect();
    if shown.is_empty() {
        return 0.0;
    }
    shown.iter().sum::<f64>() / shown.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(kind: IndicatorKind, target: Option<f64>, actual: f64) -> Indicator {
        Indicator {
            code: "x".into(),
            name: "x".into(),
            kind,
            unit: Some("个".into()),
            target,
            comparison: None,
            parts: vec![],
            actual,
            done_on: None,
            schedule: vec![],
            sensitive: false,
            suppressed_below: None,
            original_target: None,
            reported_by: Default::default(),
            shares: Vec::new(),
            mine: None,
        }
    }

    fn item(indicators: Vec<Indicator>) -> Item {
        Item {
            number: 1,
            category: 1,
            title: "t".into(),
            content: "c".into(),
            lead_units: vec![],
            co_units: vec![],
            indicators,
        }
    }

    #[test]
    fn count_percent_is_actual_over_target() {
        assert_eq!(
            indicator_percent(&ind(IndicatorKind::Count, Some(30.0), 12.0)),
            40.0
        );
    }

    #[test]
    fn percent_never_exceeds_one_hundred_when_target_is_passed() {
        assert_eq!(
            indicator_percent(&ind(IndicatorKind::Count, Some(30.0), 45.0)),
            100.0
        );
    }

    #[test]
    fn nothing_reported_is_zero() {
        assert_eq!(
            indicator_percent(&ind(IndicatorKind::Rate, Some(70.0), 0.0)),
            0.0
        );
        assert_eq!(item_percent(&item(vec![])), 0.0);
    }

    #[test]
    fn milestone_is_all_or_nothing() {
        assert_eq!(
            indicator_percent(&ind(IndicatorKind::Milestone, None, 0.0)),
            0.0
        );
        assert_eq!(
            indicator_percent(&ind(IndicatorKind::Milestone, None, 1.0)),
            100.0
        );
    }

    #[test]
    fn item_percent_averages_its_indicators() {
        let it = item(vec![
            ind(IndicatorKind::Count, Some(10.0), 10.0),
            ind(IndicatorKind::Count, Some(10.0), 0.0),
        ]);
        assert_eq!(item_percent(&it), 50.0);
    }
}
