//! Progress read once for many days, and each unit's own totals, against the reads they
//! stand in for, on the demo year's accepted reports: `DayTotals::actuals_on` against
//! `plan_progress` day by day, `unit_done` against the item breakdown's rows, and the
//! migration that fills the units' day totals for a database that already holds reports.

use app::domain::plan::IndicatorKind;
use app::domain::progress::IndicatorActual;
use app::store::UnitDone;
use chrono::{Duration, NaiveDate};
use server::cmd::demo_data::seed_demo_progress;

use crate::helpers::{PLAN, TestApp, spawn_app};

async fn demo_year() -> TestApp {
    let app = spawn_app().await;
    let author = app.add_user("yanshi", "区党政办公室督查室", None).await;
    seed_demo_progress(app.store.as_ref(), PLAN, author)
        .await
        .expect("seed");
    app
}

fn sorted(mut rows: Vec<IndicatorActual>) -> Vec<IndicatorActual> {
    rows.sort_by(|a, b| (a.item, &a.code).cmp(&(b.item, &b.code)));
    rows
}

/// Equal up to the rounding of adding the same numbers in another order.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[tokio::test]
async fn progress_on_many_days_is_the_progress_of_each_day() {
    let app = demo_year().await;
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let start = plan.summary.starts_on - Duration::days(3);
    let days: Vec<NaiveDate> = (0..60)
        .map(|w| start + Duration::days(w * 7))
        .filter(|d| *d <= plan.summary.ends_on + Duration::days(7))
        .collect();
    let last = *days.last().expect("days");
    let totals = app.store.day_totals(PLAN, last).await.expect("totals");
    let kinds: Vec<IndicatorKind> = totals.days.iter().map(|t| t.kind).collect();
    for kind in [
        IndicatorKind::Count,
        IndicatorKind::Rate,
        IndicatorKind::Milestone,
    ] {
        assert!(kinds.contains(&kind), "the demo year has a {kind:?} figure");
    }
    let mut compared = 0;
    for day in &days {
        let folded = sorted(totals.actuals_on(*day));
        let read = sorted(app.store.plan_progress(PLAN, *day).await.expect("progress"));
        assert_eq!(folded.len(), read.len(), "{day}: {folded:?} / {read:?}");
        for (f, r) in folded.iter().zip(&read) {
            assert_eq!(
                (f.item, &f.code, f.done_on, f.reports),
                (r.item, &r.code, r.done_on, r.reports),
                "{day}"
            );
            assert!(
                same(f.actual, r.actual),
                "{day} {}: {} / {}",
                f.code,
                f.actual,
                r.actual
            );
            compared += 1;
        }
    }
    assert!(compared > 500, "{compared}");
}

/// Every unit's totals, by (item, code), as the breakdown's rows add them up.
async fn from_breakdown(app: &TestApp, day: NaiveDate) -> Vec<(String, u32, String, f64)> {
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let mut out: Vec<(String, u32, String, f64)> = Vec::new();
    for item in &plan.items {
        for row in app
            .store
            .item_breakdown(PLAN, item.number, day)
            .await
            .expect("breakdown")
        {
            let kind = item
                .indicators
                .iter()
                .find(|i| i.code == row.code)
                .expect("indicator")
                .kind;
            if !matches!(kind, IndicatorKind::Count | IndicatorKind::Coverage) {
                continue;
            }
            match out
                .iter_mut()
                .find(|(u, n, c, _)| *u == row.unit && *n == item.number && *c == row.code)
            {
                Some(found) => found.3 += row.amount,
                None => out.push((row.unit, item.number, row.code, row.amount)),
            }
        }
    }
    out.sort_by(|a, b| (&a.0, a.1, &a.2).cmp(&(&b.0, b.1, &b.2)));
    out
}

async fn from_unit_days(app: &TestApp, day: NaiveDate) -> Vec<(String, u32, String, f64)> {
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let mut out = Vec::new();
    for unit in &plan.units {
        let done: Vec<UnitDone> = app.store.unit_done(PLAN, unit.id, day).await.expect("done");
        out.extend(
            done.into_iter()
                .map(|d| (unit.name.clone(), d.item, d.code, d.done)),
        );
    }
    out.sort_by(|a, b| (&a.0, a.1, &a.2).cmp(&(&b.0, b.1, &b.2)));
    out
}

fn assert_same(a: &[(String, u32, String, f64)], b: &[(String, u32, String, f64)]) {
    assert_eq!(a.len(), b.len(), "{a:?}\n{b:?}");
    for (x, y) in a.iter().zip(b) {
        assert_eq!((&x.0, x.1, &x.2), (&y.0, y.1, &y.2));
        assert!(same(x.3, y.3), "{x:?} / {y:?}");
    }
}

#[tokio::test]
async fn a_units_totals_are_its_rows_of_the_breakdown() {
    let app = demo_year().await;
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let mid = NaiveDate::from_ymd_opt(2024, 7, 31).expect("date");
    for day in [mid, plan.summary.ends_on] {
        let expected = from_breakdown(&app, day).await;
        assert!(expected.len() > 10, "{expected:?}");
        assert_same(&from_unit_days(&app, day).await, &expected);
    }
    // Before anything was captured, nothing is done.
    let before = plan.summary.starts_on - Duration::days(1);
    assert!(from_unit_days(&app, before).await.is_empty());
}

#[tokio::test]
async fn the_migration_fills_the_units_totals_from_reports_already_accepted() {
    let app = demo_year().await;
    let day = NaiveDate::from_ymd_opt(2024, 12, 31).expect("date");
    let expected = from_breakdown(&app, day).await;
    // The database as it stood before migration 0021: no units' day totals.
    for sql in [
        "DROP INDEX reports_accepted_by_item_time",
        "DROP TABLE progress_unit_days",
        "DELETE FROM _sqlx_migrations WHERE version = 21",
    ] {
        app.raw_execute(sql).await.expect(sql);
    }
    let store = server::store::open(&app.database_url)
        .await
        .expect("migrates");
    let again = TestApp { store, ..app };
    assert_same(&from_unit_days(&again, day).await, &expected);
    assert_eq!(
        again
            .raw_count("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = 21")
            .await,
        1
    );
}
