//! Hand-worked examples. The period is 2024-01-01 → 2024-12-31: 365 days.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test value")
}

fn period() -> Period {
    Period {
        starts_on: d("2024-01-01"),
        ends_on: d("2024-12-31"),
    }
}

fn count(target: f64, actual: f64) -> Indicator {
    Indicator {
        code: "x".into(),
        name: "x".into(),
        kind: IndicatorKind::Count,
        unit: Some("户".into()),
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

fn milestone(done_on: Option<&str>) -> Indicator {
    Indicator {
        kind: IndicatorKind::Milestone,
        unit: None,
        target: None,
        done_on: done_on.map(d),
        ..count(0.0, 0.0)
    }
}

fn pace(ind: &Indicator, as_of: &str) -> Pace {
    indicator_pace(ind, period(), d(as_of), &PaceSettings::default())
}

#[test]
fn table_of_count_examples() {
    // (target, actual, as of, status, planned %)
    let cases = [
        // 182 of 365 days: planned 49.86 of 100.
        (100.0, 50.0, "2024-07-01", PaceStatus::OnPace, 49.86),
        // 9.86 points behind: over the yellow 5.
        (100.0, 40.0, "2024-07-01", PaceStatus::Behind, 49.86),
        // 24.86 points behind: past the red 20.
        (100.0, 25.0, "2024-07-01", PaceStatus::Serious, 49.86),
        // Target reached early, and passed: done.
        (100.0, 100.0, "2024-04-01", PaceStatus::Done, 24.93),
        (100.0, 120.0, "2024-04-01", PaceStatus::Done, 24.93),
        // No reports 9 days in: 2.47 points behind is inside the yellow threshold.
        (100.0, 0.0, "2024-01-10", PaceStatus::OnPace, 2.47),
        // No reports after 60 days: 16.4 points behind.
        (100.0, 0.0, "2024-03-01", PaceStatus::Behind, 16.44),
        // On pace 21 days before the deadline: blue.
        (100.0, 95.0, "2024-12-10", PaceStatus::Near, 94.25),
        // Past the deadline and not done: red, whatever the lag.
        (100.0, 99.0, "2025-01-05", PaceStatus::Serious, 100.0),
        // Before the period starts nothing is planned yet.
        (100.0, 0.0, "2023-12-01", PaceStatus::OnPace, 0.0),
    ];
    for (target, actual, as_of, status, planned) in cases {
        let p = pace(&count(target, actual), as_of);
        assert_eq!(
            p.status, status,
            "{target} {actual} {as_of}: {}",
            p.explanation
        );
        let got = p.planned_percent.expect("test value");
        assert!(
            (got - planned).abs() < 0.01,
            "{as_of}: planned {got}, expected {planned}"
        );
    }
}

#[test]
fn percent_is_capped_at_one_hundred() {
    assert_eq!(pace(&count(100.0, 120.0), "2024-04-01").percent, 100.0);
    assert_eq!(pace(&count(30.0, 12.0), "2024-04-01").percent, 40.0);
}

#[test]
fn explanation_names_the_numbers_and_the_rule() {
    let p = pace(&count(100.0, 25.0), "2024-07-01");
    assert!(
        p.explanation.contains("已过 182/365 天"),
        "{}",
        p.explanation
    );
    assert!(
        p.explanation.contains("序时应完成 49.9户（49.9%）"),
        "{}",
        p.explanation
    );
    assert!(
        p.explanation.contains("实际完成 25户（25%）"),
        "{}",
        p.explanation
    );
    assert!(
        p.explanation
            .contains("落后序时 24.9 个百分点，达到红色阈值 20"),
        "{}",
        p.explanation
    );
    assert!(p.explanation.ends_with("→ 红"));
}

#[test]
fn rate_uses_the_latest_value_against_the_level() {
    let rate = Indicator {
        kind: IndicatorKind::Rate,
        unit: Some("%".into()),
        ..count(70.0, 60.0)
    };
    // On the deadline itself the whole target is due: 14.3 points behind → yellow.
    let p = pace(&rate, "2024-12-31");
    assert_eq!(p.status, PaceStatus::Behind, "{}", p.explanation);
    assert!((p.percent - 85.71).abs() < 0.01);
    let reached = Indicator {
        actual: 70.0,
        ..rate
    };
    assert_eq!(pace(&reached, "2024-12-31").status, PaceStatus::Done);
}

#[test]
fn milestones_are_done_on_their_date_or_not() {
    assert_eq!(
        pace(&milestone(None), "2024-06-01").status,
        PaceStatus::OnPace
    );
    assert_eq!(
        pace(&milestone(Some("2024-05-20")), "2024-06-01").status,
        PaceStatus::Done
    );
    // Seen as of a day before it was done, it was not done yet.
    let before = pace(&milestone(Some("2024-07-01")), "2024-06-01");
    assert_eq!(before.status, PaceStatus::OnPace);
    assert_eq!(before.percent, 0.0);
    assert_eq!(
        pace(&milestone(None), "2024-12-15").status,
        PaceStatus::Near
    );
    let late = pace(&milestone(None), "2025-01-02");
    assert_eq!(late.status, PaceStatus::Serious);
    assert!(late.explanation.contains("已过截止日期 2024-12-31"));
}

#[test]
fn custom_schedule_replaces_the_straight_line() {
    let mut ind = count(100.0, 70.0);
    ind.schedule = vec![ScheduleNode {
        due_on: d("2024-06-30"),
        planned: Some(80.0),
    }];
    // 80 due by 30 June: 70 is 10 points behind → yellow; the straight line would say
    // 49.6% and call it on pace.
    let p = pace(&ind, "2024-06-30");
    assert_eq!(p.status, PaceStatus::Behind, "{}", p.explanation);
    assert!((p.planned_percent.expect("test value") - 80.0).abs() < 1e-9);
    assert!(p.explanation.contains("分阶段目标"));
    assert_eq!(
        pace(&count(100.0, 70.0), "2024-06-30").status,
        PaceStatus::OnPace
    );
    // Between the start and the node the plan is linear: 91 of 181 days of 80.
    let early = pace(&ind, "2024-04-01")
        .planned_percent
        .expect("test value");
    assert!((early - 80.0 * 91.0 / 181.0).abs() < 1e-9, "{early}");
    // After the node it runs on to the target at the end.
    let late = planned_value(100.0, &ind.schedule, period(), d("2024-12-31"));
    assert!((late - 100.0).abs() < 1e-9);
}

#[test]
fn custom_due_date_of_a_milestone() {
    let mut ind = milestone(None);
    ind.schedule = vec![ScheduleNode {
        due_on: d("2024-06-30"),
        planned: None,
    }];
    let p = pace(&ind, "2024-07-01");
    assert_eq!(p.status, PaceStatus::Serious);
    assert_eq!(p.deadline, d("2024-06-30"));
    assert_eq!(pace(&ind, "2024-06-10").status, PaceStatus::Near);
}

#[test]
fn thresholds_are_settings() {
    let strict = PaceSettings {
        yellow_lag: 1.0,
        red_lag: 2.0,
        near_days: 0,
    };
    let p = indicator_pace(&count(100.0, 0.0), period(), d("2024-01-10"), &strict);
    assert_eq!(p.status, PaceStatus::Serious, "{}", p.explanation);
}

#[test]
fn item_status_is_the_worst_indicator() {
    let done = pace(&count(10.0, 10.0), "2024-07-01");
    let yellow = pace(&count(100.0, 40.0), "2024-07-01");
    let red = pace(&count(100.0, 25.0), "2024-07-01");
    assert_eq!(item_status(&[done.clone(), done.clone()]), PaceStatus::Done);
    assert_eq!(
        item_status(&[done.clone(), yellow.clone()]),
        PaceStatus::Behind
    );
    assert_eq!(item_status(&[yellow, red, done]), PaceStatus::Serious);
}
