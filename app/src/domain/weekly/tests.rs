//! Week 19 of 2024 runs Monday 6 May → Sunday 12 May; with one day's grace its updates are
//! due by Tuesday 14 May 00:00 China time (13 May 16:00 UTC).

use super::*;
use crate::test_fixtures::{count, d, item, plan, unit};

fn t(s: &str) -> DateTime<Utc> {
    // China time, as people say it.
    s.parse::<chrono::NaiveDateTime>()
        .expect("a test time")
        .and_utc()
        - Duration::hours(crate::domain::china_time::OFFSET_HOURS)
}

fn arrival(item: u32, captured: &str, at: &str) -> Arrival {
    Arrival {
        item,
        week: week_start(d(captured)),
        unit_id: 1,
        at: t(at),
        statement: false,
    }
}

#[test]
fn weeks_start_on_monday() {
    assert_eq!(week_start(d("2024-05-09")), d("2024-05-06"));
    assert_eq!(week_start(d("2024-05-12")), d("2024-05-06"));
    assert_eq!(week_start(d("2024-05-06")), d("2024-05-06"));
    assert_eq!(deadline(d("2024-05-06"), 1), t("2024-05-14T00:00:00"));
    assert_eq!(
        week_label_with_days(d("2024-05-08")),
        "2024年第19周（5月6日—5月12日）"
    );
}

#[test]
fn table_of_week_statuses() {
    let week = d("2024-05-06");
    // (captured, arrived, seen at, status)
    let cases = [
        // Captured offline on Tuesday, synced on Friday: on time, credited to Tuesday's week.
        (
            "2024-05-07",
            Some("2024-05-10T18:00:00"),
            "2024-06-01T00:00:00",
            WeekStatus::OnTime,
        ),
        // Synced on Monday evening of the next week: inside the grace day.
        (
            "2024-05-07",
            Some("2024-05-13T20:00:00"),
            "2024-06-01T00:00:00",
            WeekStatus::OnTime,
        ),
        // Synced on Wednesday of the next week: late.
        (
            "2024-05-07",
            Some("2024-05-15T09:00:00"),
            "2024-06-01T00:00:00",
            WeekStatus::Late,
        ),
        // Nothing, deadline passed: missing.
        (
            "2024-05-07",
            None,
            "2024-05-14T00:00:01",
            WeekStatus::Missing,
        ),
        // Nothing yet, mid-week: still due.
        ("2024-05-07", None, "2024-05-09T12:00:00", WeekStatus::Due),
        // Seen from before it arrived: as of then it had not.
        (
            "2024-05-07",
            Some("2024-05-15T09:00:00"),
            "2024-05-14T12:00:00",
            WeekStatus::Missing,
        ),
    ];
    for (captured, at, now, expected) in cases {
        let arrivals: Vec<Arrival> = at.map(|at| arrival(1, captured, at)).into_iter().collect();
        let refs: Vec<&Arrival> = arrivals.iter().collect();
        assert_eq!(
            item_week(&refs, week, t(now), 1),
            expected,
            "{captured} {at:?} {now}"
        );
    }
}

#[test]
fn the_grid_shows_each_lead_units_worst_item() {
    let a = unit(1, "区社会事业发展局");
    let b = unit(2, "区城乡建设局");
    let mut p = plan(vec![
        item(1, "一", a.clone(), vec![count("x", 1.0, 0.0)]),
        item(2, "二", a, vec![count("y", 1.0, 0.0)]),
        item(3, "三", b, vec![count("z", 1.0, 0.0)]),
    ]);
    p.summary.starts_on = d("2024-05-06");
    let arrivals = vec![
        // Week 19: item 1 on time, item 2 late, item 3 on time.
        arrival(1, "2024-05-07", "2024-05-08T10:00:00"),
        arrival(2, "2024-05-07", "2024-05-16T10:00:00"),
        arrival(3, "2024-05-12", "2024-05-12T10:00:00"),
        // Week 20: only item 1.
        arrival(1, "2024-05-14", "2024-05-14T10:00:00"),
    ];
    let g = grid(
        &p,
        &arrivals,
        &[],
        d("2024-05-20"),
        t("2024-05-21T12:00:00"),
        1,
    );
    assert_eq!(
        g.weeks,
        vec![d("2024-05-06"), d("2024-05-13"), d("2024-05-20")]
    );
    let a_row = &g.rows[0];
    assert_eq!(a_row.unit.name, "区社会事业发展局");
    assert_eq!(a_row.cells[0].status, WeekStatus::Late);
    assert_eq!(a_row.cells[0].late, vec![2]);
    assert_eq!(a_row.cells[1].status, WeekStatus::Missing);
    assert_eq!(a_row.cells[1].missing, vec![2]);
    assert_eq!(a_row.cells[2].status, WeekStatus::Due);
    let b_row = &g.rows[1];
    assert_eq!(b_row.cells[0].status, WeekStatus::OnTime);
    assert_eq!(b_row.cells[1].status, WeekStatus::Missing);
    // What unit 1 still owes in week 21.
    assert_eq!(
        owed(
            &p,
            1,
            &arrivals,
            &[],
            d("2024-05-20"),
            t("2024-05-21T12:00:00")
        ),
        vec![1, 2]
    );
    assert_eq!(
        owed(
            &p,
            1,
            &arrivals,
            &[],
            d("2024-05-13"),
            t("2024-05-21T12:00:00")
        ),
        vec![2]
    );
}

#[test]
fn a_finished_item_owes_no_more_weeks() {
    let a = unit(1, "区社会事业发展局");
    let mut p = plan(vec![
        item(1, "一", a.clone(), vec![count("x", 1.0, 0.0)]),
        item(2, "二", a, vec![count("y", 1.0, 0.0)]),
    ]);
    p.summary.starts_on = d("2024-05-06");
    // Item 2 was finished on Sunday 12 May; item 1 reports in week 20.
    let finished = [(2, d("2024-05-12"))];
    let arrivals = vec![arrival(1, "2024-05-14", "2024-05-14T10:00:00")];
    let g = grid(
        &p,
        &arrivals,
        &finished,
        d("2024-05-19"),
        t("2024-06-01T00:00:00"),
        1,
    );
    // Week 19: item 2 still owed (finished during it) and both missing.
    assert_eq!(g.rows[0].cells[0].missing, vec![1, 2]);
    // Week 20: only item 1 is owed, and it came: on time.
    assert_eq!(g.rows[0].cells[1].owed, 1);
    assert_eq!(g.rows[0].cells[1].status, WeekStatus::OnTime);
    assert_eq!(
        owed(
            &p,
            1,
            &[],
            &finished,
            d("2024-05-13"),
            t("2024-06-01T00:00:00")
        ),
        vec![1]
    );
    // A unit whose items are all finished owes nothing: no colour.
    let done = [(1, d("2024-05-01")), (2, d("2024-05-01"))];
    let g = grid(
        &p,
        &arrivals,
        &done,
        d("2024-05-19"),
        t("2024-06-01T00:00:00"),
        1,
    );
    assert_eq!(g.rows[0].cells[1].status, WeekStatus::None);
}

#[test]
fn a_week_is_named_by_its_iso_week_from_monday_to_sunday() {
    assert_eq!(week_label(d("2024-04-08")), "2024年第15周"); // Monday
    assert_eq!(week_label(d("2024-04-14")), "2024年第15周"); // Sunday
    assert_eq!(week_label(d("2024-04-09")), week_label(d("2024-04-12")));
    assert_eq!(week_label(d("2024-12-30")), "2025年第1周");
}
