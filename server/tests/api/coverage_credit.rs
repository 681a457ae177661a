//! Coverage indicators count each place once, and the breakdown's rows add up to that
//! total: a place listed by two reports (of one unit or of two) is credited once. Item 10
//! (送戏下乡) showed 71 rows against a total of 70 before. Migration 0010 sets the rows
//! written before the fix the same way.

use app::domain::audit::Actor;
use app::domain::report::{IndicatorInput, IndicatorValue, Report};
use app::sync::ReviewStatus;
use sqlx::Connection;

use crate::helpers::{PLAN, TestApp, spawn_app};
use crate::pg_support::backend_is_postgres;
use crate::sync_support::{Field, field_worker, new_op, outcomes, push, report};

fn shows(field: &Field, on: &str, places: &[&str]) -> Report {
    let mut r = report(field, 1.0, on);
    r.item = 10;
    r.values = vec![IndicatorValue {
        code: "venues-covered".into(),
        input: IndicatorInput::Places {
            places: places.iter().map(|p| (*p).to_string()).collect(),
        },
    }];
    r
}

async fn totals(app: &TestApp) -> (f64, f64) {
    let as_of = "2024-12-31".parse().expect("date");
    let rows: f64 = app
        .store
        .item_breakdown(PLAN, 10, as_of)
        .await
        .expect("breakdown")
        .iter()
        .filter(|r| r.code == "venues-covered")
        .map(|r| r.amount)
        .sum();
    let total = app
        .store
        .plan_progress(PLAN, as_of)
        .await
        .expect("progress")
        .iter()
        .find(|a| a.item == 10 && a.code == "venues-covered")
        .map(|a| a.actual)
        .expect("reached");
    (rows, total)
}

/// Runs this backend's migration 0010 again, on rows set back the way they were written
/// before it (every report credited all the places it lists).
async fn rerun_migration(app: &TestApp) {
    let before = "UPDATE progress_values SET increment = 2 \
        WHERE indicator_id IN (SELECT id FROM indicators WHERE kind = 'coverage')";
    if backend_is_postgres() {
        let mut conn = sqlx::PgConnection::connect(&app.database_url)
            .await
            .expect("pg");
        sqlx::raw_sql(before)
            .execute(&mut conn)
            .await
            .expect("old rows");
        sqlx::raw_sql(include_str!(
            "../../migrations/postgres/0010_coverage_credit.sql"
        ))
        .execute(&mut conn)
        .await
        .expect("migration");
    } else {
        let mut conn = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .expect("sqlite");
        sqlx::raw_sql(before)
            .execute(&mut conn)
            .await
            .expect("old rows");
        sqlx::raw_sql(include_str!(
            "../../migrations/sqlite/0010_coverage_credit.sql"
        ))
        .execute(&mut conn)
        .await
        .expect("migration");
    }
}

#[tokio::test]
async fn each_place_counts_once_and_the_rows_add_up_to_the_total() {
    let app = spawn_app().await;
    let shiqiao = field_worker(&app, "feng").await;
    let user_id = app
        .add_user(
            "xu",
            "许庄街道办事处",
            Some(app::domain::account::Role::Reporter),
        )
        .await;
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let xuzhuang = Field {
        name: "xu 姓名".into(),
        user_id,
        unit_id: plan
            .units
            .iter()
            .find(|u| u.name == "许庄街道办事处")
            .expect("unit")
            .id,
        cookie: app.sign_in("xu").await,
    };
    // 乙村 twice by one town, 丙村 by both towns: four places in all.
    let first = shows(&shiqiao, "2024-06-01", &["甲村", "乙村"]);
    let again = shows(&shiqiao, "2024-06-10", &["乙村", "丙村"]);
    let other = shows(&xuzhuang, "2024-06-05", &["丙村", "丁村"]);
    assert_eq!(
        outcomes(
            &push(
                &app,
                &shiqiao.cookie,
                &[new_op(first.clone()), new_op(again.clone())]
            )
            .await
        ),
        ["applied"; 2]
    );
    assert_eq!(
        outcomes(&push(&app, &xuzhuang.cookie, &[new_op(other.clone())]).await),
        ["applied"]
    );
    app.store
        .review_many(
            &[first.id, again.id, other.id],
            ReviewStatus::Accepted,
            None,
            &Actor::command_line(),
        )
        .await
        .expect("accept");
    assert_eq!(
        totals(&app).await,
        (4.0, 4.0),
        "rows add up to the places reached"
    );

    // Rows written before the fix credited every listed place (2 + 2 + 2 = 6 against 4);
    // the migration credits each place to the earliest report that lists it.
    rerun_migration(&app).await;
    assert_eq!(totals(&app).await, (4.0, 4.0));
    let by_unit: Vec<(String, f64)> = app
        .store
        .item_breakdown(PLAN, 10, "2024-12-31".parse().expect("date"))
        .await
        .expect("breakdown")
        .into_iter()
        .filter(|r| r.code == "venues-covered")
        .map(|r| (r.unit, r.amount))
        .collect();
    let of = |unit: &str| -> f64 {
        by_unit
            .iter()
            .filter(|(u, _)| u == unit)
            .map(|(_, a)| a)
            .sum()
    };
    // 06-01 brought 甲村 and 乙村; 06-05 丙村 and 丁村; 06-10 nothing new.
    assert_eq!(of("石桥镇政府"), 2.0);
    assert_eq!(of("许庄街道办事处"), 2.0);
}
