//! Hand-worked days of each kind of indicator.

use chrono::NaiveDate;

use super::{DayTotal, DayTotals, PlacesDay};
use crate::domain::plan::IndicatorKind;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, day).expect("date")
}

fn total(code: &str, kind: IndicatorKind, day: NaiveDate) -> DayTotal {
    DayTotal {
        item: 1,
        code: code.into(),
        kind,
        day,
        increment: 0.0,
        last_value: None,
        done_on: None,
        reports: 1,
    }
}

fn totals() -> DayTotals {
    let count = |day, increment, reports| DayTotal {
        increment,
        reports,
        ..total("households", IndicatorKind::Count, day)
    };
    let rate = |day, last_value| DayTotal {
        last_value,
        ..total("rate", IndicatorKind::Rate, day)
    };
    let milestone = |day, done_on| DayTotal {
        done_on,
        ..total("opened", IndicatorKind::Milestone, day)
    };
    DayTotals {
        // Out of order on purpose: storage gives no order the fold may rely on.
        days: vec![
            count(d(3, 10), 5.0, 2),
            count(d(3, 1), 10.0, 3),
            rate(d(3, 20), Some(80.0)),
            rate(d(3, 5), Some(60.0)),
            // A day whose reports carried no value leaves the latest value standing.
            rate(d(3, 25), None),
            // Reported on 04-02 as done on 03-28; a later report says 03-30.
            milestone(d(4, 2), Some(d(3, 28))),
            milestone(d(4, 3), Some(d(3, 30))),
            total("villages", IndicatorKind::Coverage, d(3, 2)),
            total("villages", IndicatorKind::Coverage, d(3, 9)),
        ],
        places: vec![
            PlacesDay {
                item: 1,
                code: "villages".into(),
                first_on: d(3, 2),
                places: 3,
            },
            PlacesDay {
                item: 1,
                code: "villages".into(),
                first_on: d(3, 9),
                places: 2,
            },
        ],
    }
}

fn actual(t: &DayTotals, code: &str, day: NaiveDate) -> Option<(f64, Option<NaiveDate>, u64)> {
    t.actuals_on(day)
        .into_iter()
        .find(|a| a.code == code)
        .map(|a| (a.actual, a.done_on, a.reports))
}

#[test]
fn counts_add_up_to_the_day() {
    let t = totals();
    assert_eq!(actual(&t, "households", d(2, 29)), None);
    assert_eq!(actual(&t, "households", d(3, 1)), Some((10.0, None, 3)));
    assert_eq!(actual(&t, "households", d(3, 9)), Some((10.0, None, 3)));
    assert_eq!(actual(&t, "households", d(3, 10)), Some((15.0, None, 5)));
}

#[test]
fn a_rate_is_its_latest_value_by_the_day() {
    let t = totals();
    assert_eq!(actual(&t, "rate", d(3, 4)), None);
    assert_eq!(actual(&t, "rate", d(3, 19)).map(|a| a.0), Some(60.0));
    assert_eq!(actual(&t, "rate", d(3, 20)).map(|a| a.0), Some(80.0));
    assert_eq!(actual(&t, "rate", d(3, 31)).map(|a| a.0), Some(80.0));
}

#[test]
fn coverage_counts_places_first_reached_by_the_day() {
    let t = totals();
    assert_eq!(actual(&t, "villages", d(3, 8)).map(|a| a.0), Some(3.0));
    assert_eq!(actual(&t, "villages", d(3, 9)).map(|a| a.0), Some(5.0));
}

#[test]
fn a_milestone_is_done_from_the_earliest_day_reported_by_then() {
    let t = totals();
    // Not yet reported on 04-01, though the day it names lies before.
    assert_eq!(actual(&t, "opened", d(4, 1)), None);
    assert_eq!(
        actual(&t, "opened", d(4, 2)),
        Some((1.0, Some(d(3, 28)), 1))
    );
    assert_eq!(
        actual(&t, "opened", d(4, 3)),
        Some((1.0, Some(d(3, 28)), 2))
    );
}

#[test]
fn a_milestone_reported_done_later_than_the_day_is_not_done_yet() {
    let t = DayTotals {
        days: vec![DayTotal {
            done_on: Some(d(5, 10)),
            ..total("opened", IndicatorKind::Milestone, d(5, 1))
        }],
        places: vec![],
    };
    assert_eq!(actual(&t, "opened", d(5, 9)), Some((0.0, None, 1)));
    assert_eq!(
        actual(&t, "opened", d(5, 10)),
        Some((1.0, Some(d(5, 10)), 1))
    );
}
