use chrono::{DateTime, Utc};

use super::*;
use crate::test_fixtures::{d, viewer};

use DirectiveColour::{Blue, Red, Yellow};

/// Noon in China on `day`.
fn noon(day: &str) -> DateTime<Utc> {
    crate::domain::china_time::day_start(d(day)) + chrono::Duration::hours(12)
}

fn rule() -> EscalationRule {
    EscalationRule {
        yellow_days: 5,
        red_days: 3,
    }
}

fn directive(colour: DirectiveColour, deadline: &str) -> Directive {
    Directive {
        id: 1,
        item: 1,
        item_title: "t".into(),
        unit_id: 1,
        unit: "区住建局".into(),
        colour,
        requirement: "r".into(),
        deadline: d(deadline),
        issued_by: "督查室".into(),
        issued_at: noon("2024-06-20"),
        response: None,
        responded_at: None,
        returns: vec![],
        closed: None,
    }
}

fn answered(mut n: Directive, on: &str) -> Directive {
    n.response = Some("已整改".into());
    n.responded_at = Some(noon(on));
    n
}

fn sent_back(mut n: Directive, on: &str, deadline: &str) -> Directive {
    n.returns.push(SentBack {
        answer: n.response.take().expect("an answer to send back"),
        answered_at: n.responded_at.take().expect("answered"),
        reason: "未附整改照片".into(),
        deadline: d(deadline),
        by: "督查室".into(),
        at: noon(on),
    });
    n
}

fn closed(mut n: Directive, on: &str) -> Directive {
    n.closed = Some(Closing {
        by: "督查室".into(),
        at: noon(on),
    });
    n
}

#[test]
fn escalation_goes_one_colour_up_the_day_after_each_missed_deadline() {
    // (colour, deadline, until) → [(on, colour, new deadline)], worked by hand with
    // yellow +5 days, red +3 days.
    type Case<'a> = (
        DirectiveColour,
        &'a str,
        &'a str,
        &'a [(&'a str, DirectiveColour, &'a str)],
    );
    let cases: [Case; 7] = [
        // On the deadline itself: nothing yet.
        (Blue, "2024-06-30", "2024-06-30", &[]),
        // The next day: yellow, due five days later.
        (
            Blue,
            "2024-06-30",
            "2024-07-01",
            &[("2024-07-01", Yellow, "2024-07-05")],
        ),
        // Still waiting on the yellow deadline: stays yellow.
        (
            Blue,
            "2024-06-30",
            "2024-07-05",
            &[("2024-07-01", Yellow, "2024-07-05")],
        ),
        // And the day after it: red, three more days.
        (
            Blue,
            "2024-06-30",
            "2024-07-06",
            &[
                ("2024-07-01", Yellow, "2024-07-05"),
                ("2024-07-06", Red, "2024-07-08"),
            ],
        ),
        // Red is the last colour: long after, still two steps.
        (
            Blue,
            "2024-06-30",
            "2025-01-01",
            &[
                ("2024-07-01", Yellow, "2024-07-05"),
                ("2024-07-06", Red, "2024-07-08"),
            ],
        ),
        // Issued yellow: one step.
        (
            Yellow,
            "2024-06-30",
            "2024-12-31",
            &[("2024-07-01", Red, "2024-07-03")],
        ),
        // Issued red: nothing to raise.
        (Red, "2024-06-30", "2024-12-31", &[]),
    ];
    for (colour, deadline, until, expected) in cases {
        let got = escalations(colour, d(deadline), d(until), &rule());
        let expected: Vec<Escalation> = expected
            .iter()
            .map(|(on, colour, deadline)| Escalation {
                on: d(on),
                colour: *colour,
                deadline: d(deadline),
            })
            .collect();
        assert_eq!(got, expected, "{colour:?} due {deadline}, until {until}");
    }
}

#[test]
fn the_rule_is_checked_and_described() {
    assert!(EscalationRule::checked(5, 3).is_ok());
    assert!(EscalationRule::checked(0, 3).is_err());
    assert!(EscalationRule::checked(5, 91).is_err());
    let words = rule().describe();
    assert!(
        words.contains("再给 5 天") && words.contains("再给 3 天"),
        "{words}"
    );
}

#[test]
fn a_waiting_directive_escalates_by_itself_and_is_overdue() {
    let n = directive(Blue, "2024-06-30");
    let on_time = n.standing(&rule(), d("2024-06-30"));
    assert_eq!(
        (
            on_time.phase,
            on_time.colour,
            on_time.deadline,
            on_time.overdue
        ),
        (Phase::Waiting, Blue, d("2024-06-30"), false)
    );
    let later = n.standing(&rule(), d("2024-07-02"));
    assert_eq!(
        (later.colour, later.deadline, later.overdue, later.escalated),
        (Yellow, d("2024-07-05"), true, true)
    );
    assert_eq!(later.steps.len(), 2);
}

#[test]
fn an_answer_stops_the_escalation_and_a_late_one_stays_late() {
    // Answered on 07-03, after the blue deadline: it had turned yellow on 07-01 and stops
    // there, marked late, whenever it is looked at.
    let n = answered(directive(Blue, "2024-06-30"), "2024-07-03");
    for today in ["2024-07-03", "2024-08-01", "2026-11-30"] {
        let s = n.standing(&rule(), d(today));
        assert_eq!(
            (s.phase, s.colour, s.overdue, s.answered_late),
            (Phase::Answered, Yellow, false, true),
            "on {today}"
        );
    }
    assert!(n.answered_late());
    assert_eq!(n.answered_on(), Some(d("2024-07-03")));
    // Answered on the deadline: on time, blue.
    let on_time = answered(directive(Blue, "2024-06-30"), "2024-06-30");
    let s = on_time.standing(&rule(), d("2024-09-01"));
    assert_eq!(
        (s.colour, s.answered_late, s.escalated),
        (Blue, false, false)
    );
}

#[test]
fn late_is_judged_in_china_time() {
    let mut n = directive(Yellow, "2024-06-30");
    n.response = Some("已整改".into());
    // 23:00 in China on the deadline: on time; 00:30 the next day: late.
    n.responded_at = Some("2024-06-30T15:00:00Z".parse().expect("a time"));
    assert!(!n.answered_late());
    n.responded_at = Some("2024-06-30T16:30:00Z".parse().expect("a time"));
    assert!(n.answered_late());
    assert_eq!(n.answered_on(), Some(d("2024-07-01")));
}

#[test]
fn a_send_back_starts_a_new_round_at_the_colour_reached() {
    // Yellow, answered late on 07-02 (turned red 07-01), sent back on 07-03 due 07-10.
    let n = sent_back(
        answered(directive(Yellow, "2024-06-30"), "2024-07-02"),
        "2024-07-03",
        "2024-07-10",
    );
    let s = n.standing(&rule(), d("2024-07-08"));
    assert_eq!(
        (s.phase, s.colour, s.deadline, s.overdue, s.answered_late),
        (Phase::Waiting, Red, d("2024-07-10"), false, true)
    );
    assert_eq!(n.round_deadline(), d("2024-07-10"));
    assert!(n.overdue(d("2024-07-11")));
    // Answered on time in the new round, then closed: the earlier lateness stays.
    let done = closed(answered(n, "2024-07-09"), "2024-07-12");
    let s = done.standing(&rule(), d("2024-12-01"));
    assert_eq!(
        (s.phase, s.answered_late, s.overdue),
        (Phase::Closed, true, false)
    );
    assert!(!done.answered_late(), "the current answer came in time");
    let kinds: Vec<&str> = s
        .steps
        .iter()
        .map(|s| match s {
            Step::Issued { .. } => "issued",
            Step::Escalated(_) => "escalated",
            Step::Answered { .. } => "answered",
            Step::SentBack { .. } => "sent_back",
            Step::Closed { .. } => "closed",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "issued",
            "escalated",
            "answered",
            "sent_back",
            "answered",
            "closed"
        ]
    );
}

#[test]
fn each_step_is_allowed_only_in_its_phase() {
    let waiting = directive(Blue, "2024-06-30");
    let answered_ = answered(waiting.clone(), "2024-06-29");
    let done = closed(answered_.clone(), "2024-07-01");
    assert!(waiting.check_answer().is_ok());
    assert!(answered_.check_answer().is_err());
    assert!(done.check_answer().is_err());
    assert_eq!(
        waiting.check_close(),
        Err("该督办单尚未答复，不能办结".to_string())
    );
    assert!(answered_.check_close().is_ok());
    assert!(done.check_close().is_err());
    let today = d("2024-07-01");
    assert!(waiting.check_send_back(d("2024-07-10"), today).is_err());
    assert!(answered_.check_send_back(d("2024-07-10"), today).is_ok());
    assert!(answered_.check_send_back(d("2024-06-30"), today).is_err());
    assert!(done.check_send_back(d("2024-07-10"), today).is_err());
}

#[test]
fn a_unit_owes_its_waiting_directives_nearest_deadline_first() {
    let mut a = directive(Blue, "2024-07-20");
    a.id = 1;
    // Issued red and due earlier.
    let mut b = directive(Red, "2024-07-10");
    b.id = 2;
    // Blue due 06-30, unanswered on 07-02: yellow, due 07-05 — the nearest now.
    let mut c = directive(Blue, "2024-06-30");
    c.id = 3;
    let mut other = directive(Blue, "2024-06-01");
    other.id = 4;
    other.unit_id = 2;
    let mut done = answered(directive(Blue, "2024-06-01"), "2024-06-01");
    done.id = 5;
    let owed = owed_by(1, &[a, b, c, other, done], &rule(), d("2024-07-02"));
    let ids: Vec<i64> = owed.iter().map(|n| n.id).collect();
    assert_eq!(ids, [3, 2, 1]);
}

#[test]
fn counters_per_unit_and_month_of_issue() {
    let today = d("2024-08-15");
    let mut june_late = answered(directive(Blue, "2024-06-30"), "2024-07-03");
    june_late.issued_at = noon("2024-06-20");
    let mut june_on_time = closed(
        answered(directive(Yellow, "2024-06-30"), "2024-06-28"),
        "2024-07-01",
    );
    june_on_time.issued_at = noon("2024-06-25");
    let mut june_back = sent_back(
        answered(directive(Red, "2024-07-05"), "2024-07-01"),
        "2024-07-02",
        "2024-07-20",
    );
    june_back.issued_at = noon("2024-06-30");
    let mut july_waiting = directive(Blue, "2024-08-01");
    july_waiting.issued_at = noon("2024-07-15");
    let mut other_unit = directive(Blue, "2024-08-30");
    other_unit.unit = "区教体局".into();
    other_unit.issued_at = noon("2024-07-31");
    let got = counters(
        &[june_late, june_on_time, june_back, july_waiting, other_unit],
        &rule(),
        today,
    );
    let row = |unit: &str, month: &str| {
        got.iter()
            .find(|c| c.unit == unit && c.month == month)
            .cloned()
            .unwrap_or_else(|| panic!("{unit} {month}: {got:?}"))
    };
    assert_eq!(got.len(), 3);
    assert_eq!(
        [
            got[0].month.as_str(),
            got[1].month.as_str(),
            got[2].month.as_str()
        ],
        ["2024-07", "2024-07", "2024-06"],
        "the latest month first"
    );
    let june = row("区住建局", "2024-06");
    assert_eq!(
        (
            june.issued,
            june.escalated,
            june.answered_on_time,
            june.answered_late,
            june.sent_back,
            june.closed,
            june.open,
            june.overdue
        ),
        // The one sent back was answered in time once, and is overdue now.
        (3, 1, 2, 1, 1, 1, 2, 1)
    );
    // Due 08-01, unanswered on 08-15: escalated (twice), open, nothing answered.
    let july = row("区住建局", "2024-07");
    assert_eq!(
        (
            july.issued,
            july.escalated,
            july.answered_on_time,
            july.open,
            july.overdue
        ),
        (1, 1, 0, 1, 1)
    );
    assert_eq!(row("区教体局", "2024-07").escalated, 0);
}

#[test]
fn only_the_unit_it_went_to_responds() {
    let n = directive(Blue, "2024-06-30");
    assert!(may_respond(&viewer(1, Role::UnitManager), "p", &n).is_ok());
    assert!(may_respond(&viewer(2, Role::UnitManager), "p", &n).is_err());
    assert!(may_respond(&viewer(1, Role::Reporter), "p", &n).is_err());
    let mut done = answered(directive(Blue, "2024-06-30"), "2024-06-29");
    done.id = 2;
    assert_eq!(
        answerable_by(&viewer(1, Role::UnitManager), "p", &[n, done]),
        [1],
        "only what still waits"
    );
}
