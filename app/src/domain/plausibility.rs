//! 数值合理性: figures that are possible but unlikely. "+500 处" against a district target
//! of 5 is a typo far more often than a miracle. Such a report is not refused (the work
//! may really have been done), but the phone asks the reporter to confirm it before saving,
//! and the reviewer sees the same concern beside it. One rule for both sides.

use serde::{Deserialize, Serialize};

use crate::domain::plan::{IndicatorKind, Item};
use crate::domain::report::{IndicatorInput, Report};

/// A figure this many times the usual single report is worth a second look.
pub const USUAL_MULTIPLE: f64 = 10.0;

/// One unlikely figure, in Chinese.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Concern {
    pub code: String,
    pub message: String,
}

/// The usual size of one report's figure for an indicator: the median of earlier ones.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// What is unlikely in `report`, given the item's targets and progress so far (each
/// indicator's `actual`) and the usual figure per indicator code.
pub fn concerns(report: &Report, item: &Item, usual: &[(String, f64)]) -> Vec<Concern> {
    let mut out = Vec::new();
    for value in &report.values {
        let Some(ind) = item.indicators.iter().find(|i| i.code == value.code) else {
            continue;
        };
        let typical = usual
            .iter()
            .find(|(code, _)| *code == value.code)
            .map(|(_, v)| *v)
            .filter(|v| *v > 0.0);
        let figure = match (&value.input, ind.kind) {
            (IndicatorInput::Increment { amount }, IndicatorKind::Count) => *amount,
            (IndicatorInput::Current { value }, IndicatorKind::Amount) => *value,
            _ => continue,
        };
        let unit = ind.unit.as_deref().unwrap_or("");
        let mut say = |message: String| {
            out.push(Concern {
                code: value.code.clone(),
                message: format!("{}：{message}", ind.name),
            });
        };
        match (ind.kind, ind.target) {
            (IndicatorKind::Count, Some(target)) if target > 0.0 => {
                let remaining = (target - ind.actual).max(0.0);
                if figure > remaining {
                    say(format!(
                        "本次 +{} {unit} 超过尚未完成的目标（还差 {} {unit}，全年目标 {} {unit}）",
                        crate::text::number(figure),
                        crate::text::number(remaining),
                        crate::text::number(target),
                    ));
                    continue;
                }
            }
            (IndicatorKind::Amount, Some(target))
                if target > 0.0 && figure > target * USUAL_MULTIPLE =>
            {
                say(format!(
                    "数值 {} 是目标 {} 的 {} 倍以上",
                    crate::text::number(figure),
                    crate::text::number(target),
                    crate::text::number(USUAL_MULTIPLE)
                ));
                continue;
            }
            _ => {}
        }
        if let Some(typical) = typical
            && figure > typical * USUAL_MULTIPLE
        {
            say(format!(
                "本次 {} {unit} 是以往单次填报（通常 {} {unit}）的 {} 倍以上",
                crate::text::number(figure),
                crate::text::number(typical),
                crate::text::number(USUAL_MULTIPLE)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{Indicator, UnitRef};
    use crate::domain::report::{IndicatorValue, SCHEMA};

    fn item(actual: f64) -> Item {
        Item {
            number: 13,
            category: 8,
            title: "口袋公园".into(),
            content: String::new(),
            lead_units: vec![UnitRef {
                id: 1,
                name: "区住建局".into(),
            }],
            co_units: vec![],
            indicators: vec![
                Indicator {
                    code: "parks".into(),
                    name: "新建口袋公园".into(),
                    kind: IndicatorKind::Count,
                    unit: Some("处".into()),
                    target: Some(5.0),
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
                },
                Indicator {
                    code: "fee".into(),
                    name: "补助标准".into(),
                    kind: IndicatorKind::Amount,
                    unit: Some("元".into()),
                    target: Some(381.5),
                    comparison: None,
                    parts: vec![],
                    actual: 0.0,
                    done_on: None,
                    schedule: vec![],
                    sensitive: false,
                    suppressed_below: None,
                    original_target: None,
                    reported_by: Default::default(),
                    shares: Vec::new(),
                    mine: None,
                },
            ],
        }
    }

    fn report(values: Vec<(&str, IndicatorInput)>) -> Report {
        Report {
            id: uuid::Uuid::nil(),
            schema_version: SCHEMA,
            plan: "p".into(),
            item: 13,
            unit_id: 1,
            author_id: 1,
            author: String::new(),
            captured_on: "2024-06-01".parse().expect("date"),
            captured_at: chrono::Utc::now(),
            values: values
                .into_iter()
                .map(|(code, input)| IndicatorValue {
                    code: code.into(),
                    input,
                })
                .collect(),
            narrative: String::new(),
            difficulties: String::new(),
            next_steps: String::new(),
            photos: Vec::new(),
            location: None,
            place: String::new(),
        }
    }

    fn inc(amount: f64) -> IndicatorInput {
        IndicatorInput::Increment { amount }
    }

    #[test]
    fn unlikely_figures_are_named_and_likely_ones_pass() {
        let usual = vec![("parks".to_string(), 1.0)];
        for (name, actual, values, concerned) in [
            (
                "+500 处 against a target of 5",
                0.0,
                vec![("parks", inc(500.0))],
                true,
            ),
            (
                "more than what remains",
                4.0,
                vec![("parks", inc(2.0))],
                true,
            ),
            (
                "exactly what remains",
                4.0,
                vec![("parks", inc(1.0))],
                false,
            ),
            ("a usual report", 0.0, vec![("parks", inc(1.0))], false),
            ("target already met", 5.0, vec![("parks", inc(1.0))], true),
            (
                "an amount ten times the target",
                0.0,
                vec![("fee", IndicatorInput::Current { value: 3816.0 })],
                true,
            ),
            (
                "an amount near the target",
                0.0,
                vec![("fee", IndicatorInput::Current { value: 390.0 })],
                false,
            ),
        ] {
            let found = concerns(&report(values), &item(actual), &usual);
            assert_eq!(!found.is_empty(), concerned, "{name}: {found:?}");
        }
    }

    #[test]
    fn a_large_multiple_of_the_usual_report_is_named_without_a_target() {
        let mut it = item(0.0);
        it.indicators[0].target = None;
        let usual = vec![("parks".to_string(), 2.0)];
        assert_eq!(
            concerns(&report(vec![("parks", inc(30.0))]), &it, &usual).len(),
            1
        );
        assert!(concerns(&report(vec![("parks", inc(15.0))]), &it, &usual).is_empty());
        assert!(concerns(&report(vec![("parks", inc(30.0))]), &it, &[]).is_empty());
    }

    #[test]
    fn the_median_is_the_middle_figure() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [1.0, 2.0, 3.0, 100.0]), Some(2.5));
    }
}
