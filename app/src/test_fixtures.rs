//! Small hand-made plans for the pure modules' tests.

use chrono::NaiveDate;

use crate::domain::plan::{
    Category, Indicator, IndicatorKind, Item, PlanDetail, PlanSummary, UnitRef,
};

pub fn d(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

pub fn count(code: &str, target: f64, actual: f64) -> Indicator {
    Indicator {
        code: code.into(),
        name: format!("指标{code}"),
        kind: IndicatorKind::Count,
        unit: Some("户".to_string()),
        target: Some(target),
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

/// A user of unit `unit_id` with `role` on plan "p" (a leader in charge of category 1).
pub fn viewer(unit_id: i64, role: crate::domain::account::Role) -> crate::domain::account::Viewer {
    crate::domain::account::Viewer {
        id: 1,
        username: "u".into(),
        display_name: "u".into(),
        unit: unit(unit_id, "x"),
        roles: vec![crate::domain::account::PlanRole {
            plan: "p".into(),
            role,
            categories: vec![1],
        }],
    }
}

pub fn unit(id: i64, name: &str) -> UnitRef {
    UnitRef {
        id,
        name: name.into(),
    }
}

pub fn item(number: u32, title: &str, lead: UnitRef, indicators: Vec<Indicator>) -> Item {
    Item {
        number,
        category: 1,
        title: title.into(),
        content: String::new(),
        lead_units: vec![lead],
        co_units: vec![],
        indicators,
    }
}

/// A one-category plan over 2024 (365 days) holding `items`.
pub fn plan(items: Vec<Item>) -> PlanDetail {
    PlanDetail {
        summary: PlanSummary {
            id: "p".into(),
            year: 2024,
            region: "r".into(),
            title: "2024年重点民生实事".into(),
            doc_number: String::new(),
            issuer: String::new(),
            issued_on: d("2024-01-01"),
            starts_on: d("2024-01-01"),
            ends_on: d("2024-12-31"),
            category_count: 1,
            item_count: items.len() as u32,
        },
        notice_title: String::new(),
        disclosure: String::new(),
        addressees: String::new(),
        preamble: String::new(),
        units: vec![],
        categories: vec![Category {
            number: 1,
            name: "养老服务".into(),
        }],
        items,
        halts: vec![],
    }
}
