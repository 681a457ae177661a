//! Demo progress: marked as demo, loaded once, and giving every colour something to show.

use app::domain::pace::{PaceSettings, PaceStatus, plan_paces};
use server::cmd::demo_data::{DEMO_MARK, demo_reports, seed_demo_progress};

use crate::helpers::{PLAN, spawn_app};
use crate::sync_support::date;

#[tokio::test]
async fn demo_progress_loads_once_and_shows_every_state() {
    let app = spawn_app().await;
    let author = app.add_user("yanshi", "区党政办公室督查室", None).await;
    let added = seed_demo_progress(app.store.as_ref(), PLAN, author)
        .await
        .expect("seed");
    assert!(added > 1000, "{added}");
    assert_eq!(
        seed_demo_progress(app.store.as_ref(), PLAN, author)
            .await
            .expect("again"),
        0,
        "a second start adds nothing"
    );
    let mut plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let end = plan.summary.ends_on;
    let actuals = app.store.plan_progress(PLAN, end).await.expect("progress");
    app::domain::progress::apply_actuals(&mut plan, &actuals);
    let paces = plan_paces(&plan, end, &PaceSettings::default());
    let states: Vec<PaceStatus> = paces.iter().map(|p| p.status).collect();
    assert!(states.contains(&PaceStatus::Done), "{states:?}");
    assert!(states.contains(&PaceStatus::Serious), "{states:?}");
    // Mid-year the early item is done and the others are under way.
    let mut mid = app.store.plan(PLAN).await.expect("read").expect("plan");
    let july = app
        .store
        .plan_progress(PLAN, date("2024-07-31"))
        .await
        .expect("progress");
    app::domain::progress::apply_actuals(&mut mid, &july);
    let mid_paces = plan_paces(&mid, date("2024-07-31"), &PaceSettings::default());
    assert!(
        mid_paces.iter().any(|p| p.status == PaceStatus::OnPace),
        "{mid_paces:?}"
    );
    // Every item has reports waiting for review.
    let pending = app.store.pending_counts(PLAN).await.expect("pending");
    assert_eq!(pending.len(), plan.items.len());
    // Clearly marked.
    let reports = app.store.item_reports(PLAN, 1).await.expect("reports");
    assert!(
        reports
            .iter()
            .all(|r| r.report.narrative.starts_with(DEMO_MARK))
    );
}

#[tokio::test]
async fn the_generator_is_deterministic_in_its_figures() {
    let app = spawn_app().await;
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let a = demo_reports(&plan, 1, plan.summary.ends_on, 2, 7);
    let b = demo_reports(&plan, 1, plan.summary.ends_on, 2, 7);
    assert_eq!(a.len(), b.len());
    let figures = |r: &[app::domain::report::Report]| {
        r.iter()
            .map(|x| (x.item, x.unit_id, x.captured_on, x.values.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(figures(&a), figures(&b));
    // Item 1 (30 户, finishes) adds up to exactly its target.
    let sum: f64 = a
        .iter()
        .filter(|r| r.item == 1)
        .flat_map(|r| &r.values)
        .map(|v| match v.input {
            app::domain::report::IndicatorInput::Increment { amount } => amount,
            _ => 0.0,
        })
        .sum();
    assert_eq!(sum, 30.0);
}

#[tokio::test]
async fn charts_read_coverage_indicators_too() {
    // Item 10 (送戏下乡) counts places reached: its chart series comes from the places table.
    let app = spawn_app().await;
    let author = app.add_user("yanshi", "区党政办公室督查室", None).await;
    seed_demo_progress(app.store.as_ref(), PLAN, author)
        .await
        .expect("seed");
    let series = app
        .store
        .item_series(PLAN, 10, date("2024-12-31"))
        .await
        .expect("series");
    let places: f64 = series
        .iter()
        .filter(|p| p.code == "venues-covered")
        .map(|p| p.increment)
        .sum();
    let progress = app
        .store
        .plan_progress(PLAN, date("2024-12-31"))
        .await
        .expect("progress");
    let reached = progress
        .iter()
        .find(|a| a.item == 10 && a.code == "venues-covered")
        .expect("coverage progress")
        .actual;
    assert!(places > 0.0);
    assert_eq!(places, reached);
}
