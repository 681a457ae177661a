//! Validation of reports: worked examples, and every impossible value refused by name.
use super::*;
use crate::domain::plan::{Indicator, UnitRef};

fn item() -> Item {
    let ind = |code: &str, kind| Indicator {
        code: code.into(),
        name: code.into(),
        kind,
        unit: Some("个".into()),
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
        number: 6,
        category: 3,
        title: "新增公办幼儿园学位".into(),
        content: String::new(),
        lead_units: vec![UnitRef {
            id: 1,
            name: "区教育局".into(),
        }],
        co_units: vec![],
        indicators: vec![
            ind("seats", IndicatorKind::Count),
            ind("share", IndicatorKind::Rate),
            ind("places", IndicatorKind::Coverage),
            ind("done", IndicatorKind::Milestone),
            ind("level", IndicatorKind::Amount),
        ],
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn report(values: Vec<IndicatorValue>) -> Report {
    Report {
        id: Uuid::nil(),
        schema_version: SCHEMA,
        plan: "p".into(),
        item: 6,
        unit_id: 1,
        author_id: 1,
        author: "a".into(),
        captured_on: date("2024-05-07"),
        captured_at: "2024-05-07T02:00:00Z".parse().expect("time"),
        values,
        narrative: String::new(),
        difficulties: String::new(),
        next_steps: String::new(),
        photos: Vec::new(),
        location: None,
        place: "石桥村".into(),
    }
}

fn value(code: &str, input: IndicatorInput) -> IndicatorValue {
    IndicatorValue {
        code: code.into(),
        input,
    }
}

fn window() -> ReportWindow {
    ReportWindow {
        starts_on: date("2024-04-02"),
        ends_on: date("2024-12-31"),
        today: date("2024-05-08"),
        now: "2024-05-08T04:00:00Z".parse().expect("now"),
    }
}

fn check(r: &Report) -> Result<(), Vec<FieldError>> {
    validate_report(r, &item(), &window())
}

/// What one impossible value does to an otherwise good report: the field it names.
#[test]
fn impossible_values_are_refused_by_name() {
    type Spoil = fn(&mut Report);
    let cases: [(&str, Spoil, &str); 16] = [
        (
            "captured after the plan ended",
            |r| r.captured_on = date("2025-01-02"),
            "captured_on",
        ),
        (
            "captured before the plan began",
            |r| r.captured_on = date("2024-04-01"),
            "captured_on",
        ),
        (
            "capture time in 1900",
            |r| r.captured_at = "1900-01-01T00:00:00Z".parse().expect("t"),
            "captured_at",
        ),
        (
            "capture time in 9999",
            |r| r.captured_at = "9999-01-01T00:00:00Z".parse().expect("t"),
            "captured_at",
        ),
        (
            "author of 100,000 characters",
            |r| r.author = "王".repeat(100_000),
            "author",
        ),
        (
            "narrative over the limit",
            |r| r.narrative = "字".repeat(MAX_TEXT_CHARS + 1),
            "narrative",
        ),
        (
            "place over the limit",
            |r| r.place = "村".repeat(MAX_TEXT_CHARS + 1),
            "place",
        ),
        (
            "milestone done in 1900",
            |r| {
                r.values = vec![value(
                    "done",
                    IndicatorInput::Milestone {
                        done: true,
                        on: Some(date("1900-01-01")),
                    },
                )]
            },
            "values.done",
        ),
        (
            "milestone done next year",
            |r| {
                r.values = vec![value(
                    "done",
                    IndicatorInput::Milestone {
                        done: true,
                        on: Some(date("2025-05-01")),
                    },
                )]
            },
            "values.done",
        ),
        (
            "amount of 1e308",
            |r| r.values = vec![value("level", IndicatorInput::Current { value: 1e308 })],
            "values.level",
        ),
        (
            "amount not a number",
            |r| r.values = vec![value("level", IndicatorInput::Current { value: f64::NAN })],
            "values.level",
        ),
        (
            "20,000 places",
            |r| {
                r.values = vec![value(
                    "places",
                    IndicatorInput::Places {
                        places: (0..20_000).map(|i| format!("村{i}")).collect(),
                    },
                )]
            },
            "values.places",
        ),
        (
            "the same place twice",
            |r| {
                r.values = vec![value(
                    "places",
                    IndicatorInput::Places {
                        places: vec!["石桥村".into(), "石桥村".into()],
                    },
                )]
            },
            "values.places",
        ),
        (
            "an increment of a billion",
            |r| r.values = vec![value("seats", IndicatorInput::Increment { amount: 1e9 })],
            "values.seats",
        ),
        (
            "NUL in the narrative",
            |r| r.narrative = "进展\0".into(),
            "narrative",
        ),
        (
            "an escape in a place",
            |r| {
                r.values = vec![value(
                    "places",
                    IndicatorInput::Places {
                        places: vec!["村\u{1b}".into()],
                    },
                )]
            },
            "values.places",
        ),
    ];
    for (name, spoil, field) in cases {
        let mut r = report(vec![value(
            "seats",
            IndicatorInput::Increment { amount: 3.0 },
        )]);
        spoil(&mut r);
        let errors = check(&r).expect_err(name);
        assert!(
            errors.iter().any(|e| e.field == field),
            "{name}: expected an error on {field}, got {errors:?}"
        );
    }
}

#[test]
fn a_well_formed_report_passes() {
    let r = report(vec![
        value("seats", IndicatorInput::Increment { amount: 30.0 }),
        value("share", IndicatorInput::Current { value: 68.5 }),
        value(
            "places",
            IndicatorInput::Places {
                places: vec!["石桥村".into()],
            },
        ),
        value(
            "done",
            IndicatorInput::Milestone {
                done: true,
                on: Some(date("2024-05-06")),
            },
        ),
        value("level", IndicatorInput::Current { value: 381.5 }),
    ]);
    assert_eq!(check(&r), Ok(()));
}

#[test]
fn every_problem_is_reported_in_chinese() {
    let mut r = report(vec![
        value("seats", IndicatorInput::Increment { amount: -3.0 }),
        value("share", IndicatorInput::Current { value: 120.0 }),
        value(
            "done",
            IndicatorInput::Milestone {
                done: true,
                on: None,
            },
        ),
        value("nope", IndicatorInput::Current { value: 1.0 }),
        value("level", IndicatorInput::Increment { amount: 1.0 }),
    ]);
    r.captured_on = date("2024-03-01");
    let errors = check(&r).expect_err("invalid");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "captured_on",
            "values.seats",
            "values.share",
            "values.done",
            "values.nope",
            "values.level"
        ]
    );
    assert!(errors[1].message.contains("不能为负数"));
    assert!(errors[3].message.contains("完成日期"));
}

#[test]
fn counts_are_whole_and_dates_not_in_the_future() {
    let mut r = report(vec![value(
        "seats",
        IndicatorInput::Increment { amount: 2.5 },
    )]);
    r.captured_on = date("2024-05-10");
    let errors = check(&r).expect_err("invalid");
    assert!(errors.iter().any(|e| e.message.contains("整数")));
    assert!(errors.iter().any(|e| e.message.contains("不能晚于今天")));
    r.captured_on = date("2024-05-09");
    r.values.clear();
    r.narrative = "走访".into();
    assert_eq!(check(&r), Ok(()), "tomorrow is allowed: clocks differ");
}

#[test]
fn an_empty_report_is_refused() {
    let errors = check(&report(vec![])).expect_err("empty");
    assert_eq!(errors[0].field, "narrative");
}

#[test]
fn typed_numbers_accept_full_width_digits_and_a_plus() {
    assert_eq!(parse_typed_number(" +3 "), Some(3.0));
    assert_eq!(parse_typed_number("＋１２"), Some(12.0));
    assert_eq!(parse_typed_number("６８．５"), Some(68.5));
    assert_eq!(parse_typed_number("三"), None);
    assert_eq!(parse_typed_number(""), None);
}
