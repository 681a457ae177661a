//! Share of target reached, as shown by progress bars. Pure functions, tested natively.
//!
//! Pace (序时进度) and colours come later with supervision; this is only "how far along".

use crate::domain::plan::{Indicator, IndicatorKind, Item};

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
pub fn item_percent(item: &Item) -> f64 {
    if item.indicators.is_empty() {
        return 0.0;
    }
    item.indicators.iter().map(indicator_percent).sum::<f64>() / item.indicators.len() as f64
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
