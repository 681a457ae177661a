use app::domain::audit::Actor;
use app::domain::plan_file::{TAIBAIHU_2024, parse_plan_file};
use app::store::{ImportOutcome, StoreError};
use sqlx::Connection;

use crate::helpers::{OTHER_PLAN, spawn_app, spawn_empty_app};

#[tokio::test]
async fn the_database_file_is_created_in_its_data_directory_with_wal() {
    if crate::pg_support::backend_is_postgres() {
        eprintln!("SQLite only: the data file and its journal mode");
        return;
    }
    let app = spawn_empty_app().await;
    let file = app.dir.path().join("data").join("test.db");
    assert!(file.exists(), "{} should exist", file.display());
    let mut conn = sqlx::SqliteConnection::connect(&app.database_url)
        .await
        .expect("connect");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .expect("pragma");
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn importing_the_same_plan_twice_changes_nothing() {
    let app = spawn_app().await;
    let plan = parse_plan_file(TAIBAIHU_2024).expect("valid");
    let before = app.store.plan("taibaihu-2024").await.expect("read");
    let outcome = app
        .store
        .import_plan(&plan, &Actor::command_line())
        .await
        .expect("import");
    assert_eq!(outcome, ImportOutcome::Unchanged);
    assert_eq!(app.store.plan("taibaihu-2024").await.expect("read"), before);
    assert_eq!(app.store.list_plans().await.expect("list").len(), 1);
}

#[tokio::test]
async fn privacy_markings_are_imported_and_importing_again_updates_only_them() {
    let app = spawn_app().await;
    let sensitive = |detail: &app::domain::plan::PlanDetail| -> Vec<(u32, String)> {
        detail
            .items
            .iter()
            .flat_map(|i| {
                i.indicators
                    .iter()
                    .filter(|ind| ind.sensitive)
                    .map(move |ind| (i.number, ind.code.clone()))
            })
            .collect()
    };
    let before = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let marked = sensitive(&before);
    assert!(
        marked.contains(&(1, "households".to_string())),
        "{marked:?}"
    );
    assert!(marked.contains(&(16, "children-rehabilitated".to_string())));
    assert!(
        !marked.iter().any(|(item, _)| *item == 17),
        "parks are not about people"
    );
    assert!(before.item(1).expect("item 1").concerns_people());
    assert!(!before.item(17).expect("item 17").concerns_people());

    // The same plan with item 17 marked too: the promise is unchanged, the marking moves.
    let remarked = TAIBAIHU_2024.replace(
        "code = \"pocket-parks\"\n",
        "code = \"pocket-parks\"\nsensitive = true\n",
    );
    assert_ne!(remarked, TAIBAIHU_2024);
    let plan = parse_plan_file(&remarked).expect("valid");
    let outcome = app
        .store
        .import_plan(&plan, &Actor::command_line())
        .await
        .expect("import");
    assert_eq!(outcome, ImportOutcome::Unchanged);
    let after = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    assert!(after.item(17).expect("item 17").concerns_people());
    assert_eq!(sensitive(&after).len(), marked.len() + 1);
    // Nothing else moved.
    let mut unmarked = after.clone();
    for item in &mut unmarked.items {
        for ind in &mut item.indicators {
            ind.sensitive = before
                .item(item.number)
                .and_then(|i| i.indicators.iter().find(|x| x.code == ind.code))
                .is_some_and(|x| x.sensitive);
        }
    }
    assert_eq!(unmarked, before);
}

#[tokio::test]
async fn a_different_plan_under_an_existing_code_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let before = app.store.plan("taibaihu-2024").await.expect("read");
    let changed = TAIBAIHU_2024.replace("target = 630", "target = 640");
    let plan = parse_plan_file(&changed).expect("still valid");
    let err = app
        .store
        .import_plan(&plan, &Actor::command_line())
        .await
        .expect_err("refused");
    assert!(matches!(err, StoreError::PlanConflict(ref code) if code == "taibaihu-2024"));
    assert_eq!(app.store.plan("taibaihu-2024").await.expect("read"), before);
}

#[tokio::test]
async fn several_plans_live_side_by_side_with_units_kept_per_region() {
    let app = spawn_app().await;
    let other = parse_plan_file(OTHER_PLAN).expect("valid");
    assert_eq!(
        app.store
            .import_plan(&other, &Actor::command_line())
            .await
            .expect("import"),
        ImportOutcome::Created
    );
    let plans = app.store.list_plans().await.expect("list");
    let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["shili-2025", "taibaihu-2024"], "newest first");
    let ours = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let theirs = app
        .store
        .plan("shili-2025")
        .await
        .expect("read")
        .expect("plan");
    let edu = |p: &app::domain::plan::PlanDetail| {
        p.units
            .iter()
            .find(|u| u.name == "区教育局")
            .map(|u| u.id)
            .expect("区教育局")
    };
    assert_ne!(
        edu(&ours),
        edu(&theirs),
        "another district's 区教育局 is another unit"
    );
    assert_eq!(theirs.items.len(), 1);
    assert_eq!(ours.items.len(), 20);
}

#[tokio::test]
async fn a_second_plan_of_the_same_region_reuses_its_units() {
    let app = spawn_app().await;
    let next_year = TAIBAIHU_2024
        .replace("code = \"taibaihu-2024\"", "code = \"taibaihu-2025\"")
        .replace("year = 2024", "year = 2025");
    let plan = parse_plan_file(&next_year).expect("valid");
    app.store
        .import_plan(&plan, &Actor::command_line())
        .await
        .expect("import");
    let a = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let b = app
        .store
        .plan("taibaihu-2025")
        .await
        .expect("read")
        .expect("plan");
    let ids = |p: &app::domain::plan::PlanDetail| p.units.iter().map(|u| u.id).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}
