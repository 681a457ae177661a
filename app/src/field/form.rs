//! The field form's pure parts: what the user typed turned into a report (with the same
//! validation the server runs), and short summaries for lists. Tested natively; the
//! browser form calls these.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::account::Viewer;
use crate::domain::plan::{IndicatorKind, Item};
use crate::domain::report::{
    FieldError, IndicatorInput, IndicatorValue, Report, ReportWindow, SCHEMA, parse_typed_number,
    validate_report,
};
use crate::text;

/// What is typed for one indicator; empty means "not reported this time".
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TypedValue {
    pub code: String,
    /// count, rate, amount: the number as typed.
    pub number: String,
    /// coverage: one place per line.
    pub places: String,
    /// milestone: done, and the date typed (YYYY-MM-DD).
    pub done: bool,
    pub done_on: String,
}

/// Everything on the form (kept as a draft while typed: `field::draft`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TypedReport {
    pub plan: String,
    pub item: u32,
    pub captured_on: String,
    pub values: Vec<TypedValue>,
    pub narrative: String,
    pub difficulties: String,
    pub next_steps: String,
    pub place: String,
    /// Photos attached so far, as declared in the report (their bytes live in the outbox).
    pub photos: Vec<crate::domain::evidence::PhotoMeta>,
    /// The place fix the reporter kept, if any.
    pub location: Option<crate::domain::evidence::GeoFix>,
}

/// What a report is built against.
pub struct FormContext<'a> {
    pub item: &'a Item,
    pub plan_starts_on: NaiveDate,
    pub plan_ends_on: NaiveDate,
    pub viewer: &'a Viewer,
    /// The report being edited: its id, author and capture time never change.
    pub existing: Option<&'a Report>,
    pub new_id: Uuid,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

/// Builds and validates a report from the form.
pub fn build_report(typed: &TypedReport, ctx: &FormContext<'_>) -> Result<Report, Vec<FieldError>> {
    let FormContext {
        item,
        plan_starts_on,
        plan_ends_on,
        viewer,
        existing,
        new_id,
        now,
        today,
    } = *ctx;
    let mut errors = Vec::new();
    let captured_on = match typed.captured_on.trim().parse::<NaiveDate>() {
        Ok(d) => d,
        Err(_) => {
            errors.push(FieldError {
                field: "captured_on".into(),
                message: "请填写填报日期".into(),
            });
            today
        }
    };
    let mut values = Vec::new();
    for ind in &item.indicators {
        let Some(t) = typed.values.iter().find(|v| v.code == ind.code) else {
            continue;
        };
        let field = format!("values.{}", ind.code);
        let input = match ind.kind {
            IndicatorKind::Count | IndicatorKind::Rate | IndicatorKind::Amount => {
                if t.number.trim().is_empty() {
                    continue;
                }
                match parse_typed_number(&t.number) {
                    Some(n) if ind.kind == IndicatorKind::Count => {
                        IndicatorInput::Increment { amount: n }
                    }
                    Some(n) => IndicatorInput::Current { value: n },
                    None => {
                        errors.push(FieldError {
                            field,
                            message: format!("{}：请填写数字", ind.name),
                        });
                        continue;
                    }
                }
            }
            IndicatorKind::Coverage => {
                let mut places: Vec<String> = t
                    .places
                    .lines()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect();
                // The same place typed twice counts once.
                let mut seen = std::collections::HashSet::new();
                places.retain(|p| seen.insert(p.clone()));
                if places.is_empty() {
                    continue;
                }
                IndicatorInput::Places { places }
            }
            IndicatorKind::Milestone => {
                if !t.done {
                    continue;
                }
                let on = t.done_on.trim().parse::<NaiveDate>().ok();
                IndicatorInput::Milestone { done: true, on }
            }
        };
        values.push(IndicatorValue {
            code: ind.code.clone(),
            input,
        });
    }
    let report = Report {
        id: existing.map_or(new_id, |r| r.id),
        schema_version: SCHEMA,
        plan: typed.plan.clone(),
        item: typed.item,
        unit_id: existing.map_or(viewer.unit.id, |r| r.unit_id),
        author_id: existing.map_or(viewer.id, |r| r.author_id),
        // Shown on this phone only: the server shows the account's name, whatever is sent.
        author: existing.map_or_else(|| viewer.display_name.clone(), |r| r.author.clone()),
        captured_on,
        captured_at: existing.map_or(now, |r| r.captured_at),
        values,
        narrative: typed.narrative.trim().to_string(),
        difficulties: typed.difficulties.trim().to_string(),
        next_steps: typed.next_steps.trim().to_string(),
        photos: typed.photos.clone(),
        location: typed.location.clone(),
        place: typed.place.trim().to_string(),
    };
    let window = ReportWindow {
        starts_on: plan_starts_on,
        ends_on: plan_ends_on,
        today,
        now,
    };
    if let Err(more) = validate_report(&report, item, &window) {
        errors.extend(more);
    }
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    }
}

/// The form filled from a saved report, for editing.
pub fn typed_from(report: &Report, item: &Item) -> TypedReport {
    let values = item
        .indicators
        .iter()
        .map(|ind| {
            let mut t = TypedValue {
                code: ind.code.clone(),
                ..TypedValue::default()
            };
            match report
                .values
                .iter()
                .find(|v| v.code == ind.code)
                .map(|v| &v.input)
            {
                Some(IndicatorInput::Increment { amount }) => t.number = text::number(*amount),
                Some(IndicatorInput::Current { value }) => t.number = text::number(*value),
                Some(IndicatorInput::Places { places }) => t.places = places.join("\n"),
                Some(IndicatorInput::Milestone { done, on }) => {
                    t.done = *done;
                    t.done_on = on.map(|d| d.to_string()).unwrap_or_default();
                }
                None => {}
            }
            t
        })
        .collect();
    TypedReport {
        plan: report.plan.clone(),
        item: report.item,
        captured_on: report.captured_on.to_string(),
        values,
        narrative: report.narrative.clone(),
        difficulties: report.difficulties.clone(),
        next_steps: report.next_steps.clone(),
        photos: report.photos.clone(),
        location: report.location.clone(),
        place: report.place.clone(),
    }
}

/// "households +3 户；公办率 68.5%" for lists.
pub fn summarize_values(report: &Report, item: Option<&Item>) -> String {
    report
        .values
        .iter()
        .map(|v| {
            let ind = item.and_then(|i| i.indicators.iter().find(|x| x.code == v.code));
            let name = ind.map_or(v.code.as_str(), |i| i.name.as_str());
            let unit = ind.and_then(|i| i.unit.as_deref());
            match &v.input {
                IndicatorInput::Increment { amount } => {
                    format!("{name} +{}", text::quantity(*amount, unit))
                }
                IndicatorInput::Current { value } => {
                    format!("{name} {}", text::quantity(*value, unit))
                }
                IndicatorInput::Places { places } => format!("{name}：{}", places.join("、")),
                IndicatorInput::Milestone { on, .. } => format!(
                    "{name} 已完成{}",
                    on.map(|d| format!("（{d}）")).unwrap_or_default()
                ),
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{PlanRole, Role};
    use crate::domain::plan::{Indicator, UnitRef};

    fn item() -> Item {
        let ind = |code: &str, name: &str, kind, unit: Option<&str>| Indicator {
            code: code.into(),
            name: name.into(),
            kind,
            unit: unit.map(str::to_string),
            target: (kind != IndicatorKind::Milestone).then_some(100.0),
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
        };
        Item {
            number: 10,
            category: 5,
            title: "送戏下乡".into(),
            content: String::new(),
            lead_units: vec![UnitRef {
                id: 1,
                name: "区文旅局".into(),
            }],
            co_units: vec![UnitRef {
                id: 2,
                name: "石桥镇政府".into(),
            }],
            indicators: vec![
                ind("performances", "共计演出", IndicatorKind::Count, Some("场")),
                ind(
                    "venues",
                    "演出地点全覆盖",
                    IndicatorKind::Coverage,
                    Some("处"),
                ),
                ind("rate", "满意率", IndicatorKind::Rate, Some("%")),
                ind("done", "节点", IndicatorKind::Milestone, None),
            ],
        }
    }

    fn viewer() -> Viewer {
        Viewer {
            id: 4,
            username: "shiqiao".into(),
            display_name: "赵干事".into(),
            unit: UnitRef {
                id: 2,
                name: "石桥镇政府".into(),
            },
            roles: vec![PlanRole {
                plan: "p".into(),
                role: Role::Reporter,
                categories: vec![],
            }],
        }
    }

    fn typed() -> TypedReport {
        TypedReport {
            plan: "p".into(),
            item: 10,
            captured_on: "2024-06-04".into(),
            values: vec![
                TypedValue {
                    code: "performances".into(),
                    number: "＋２".into(),
                    ..Default::default()
                },
                TypedValue {
                    code: "venues".into(),
                    places: "石桥村\n\n 东村 \n石桥村".into(),
                    ..Default::default()
                },
                TypedValue {
                    code: "rate".into(),
                    ..Default::default()
                },
                TypedValue {
                    code: "done".into(),
                    ..Default::default()
                },
            ],
            narrative: " 两场演出 ".into(),
            place: "石桥村".into(),
            ..Default::default()
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn build_as(
        t: &TypedReport,
        who: &Viewer,
        existing: Option<&Report>,
    ) -> Result<Report, Vec<FieldError>> {
        let item = item();
        let ctx = FormContext {
            item: &item,
            plan_starts_on: d("2024-04-02"),
            plan_ends_on: d("2024-12-31"),
            viewer: who,
            existing,
            new_id: Uuid::from_u128(9),
            now: Utc::now(),
            today: d("2024-06-05"),
        };
        build_report(t, &ctx)
    }

    fn build(t: &TypedReport, existing: Option<&Report>) -> Result<Report, Vec<FieldError>> {
        build_as(t, &viewer(), existing)
    }

    #[test]
    fn a_typed_form_becomes_a_report_with_empty_fields_left_out() {
        let r = build(&typed(), None).expect("valid");
        assert_eq!((r.id, r.author_id, r.unit_id), (Uuid::from_u128(9), 4, 2));
        assert_eq!(r.values.len(), 2, "rate and milestone left empty");
        assert_eq!(r.values[0].input, IndicatorInput::Increment { amount: 2.0 });
        assert_eq!(
            r.values[1].input,
            IndicatorInput::Places {
                // Typed twice, counted once: the server refuses a place named twice.
                places: vec!["石桥村".into(), "东村".into()]
            }
        );
        assert_eq!(r.narrative, "两场演出");
        assert_eq!(
            summarize_values(&r, Some(&item())),
            "共计演出 +2 场；演出地点全覆盖：石桥村、东村"
        );
    }

    #[test]
    fn mistakes_are_explained_before_saving() {
        let mut t = typed();
        t.values[0].number = "两".into();
        t.values[3].done = true;
        t.captured_on = String::new();
        let errors = build(&t, None).expect_err("invalid");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(messages.contains(&"请填写填报日期"), "{messages:?}");
        assert!(messages.contains(&"共计演出：请填写数字"), "{messages:?}");
        assert!(
            messages.iter().any(|m| m.contains("完成日期")),
            "{messages:?}"
        );
    }

    #[test]
    fn an_edit_keeps_identity_author_and_capture_time_and_round_trips() {
        let original = build(&typed(), None).expect("valid");
        let form = typed_from(&original, &item());
        assert_eq!(form.values[0].number, "2");
        let mut someone_else = viewer();
        someone_else.id = 99;
        let again = build_as(&form, &someone_else, Some(&original)).expect("valid");
        assert_eq!(
            (again.id, again.author_id, again.captured_at),
            (original.id, original.author_id, original.captured_at)
        );
    }
}
