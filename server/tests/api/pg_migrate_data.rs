//! `taizhang migrate-data` from a district's SQLite file into PostgreSQL: every table
//! arrives with its rows, counts and checksums verified; a second run changes nothing; a
//! target holding other data is refused untouched.

use std::process::Command;

use app::domain::audit::Actor;
use app::sync::ReviewStatus;
use uuid::Uuid;

use crate::pg_support::fresh_schema;

fn migrate(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["migrate-data", "--from", from, "--to", to])
        .env("RUST_LOG", "warn")
        .output()
        .expect("runs")
}

/// A district's history: the plan, users with roles, a session, pushed and reviewed
/// reports, a difficulty with a comment, a notice, a visit, a weekly statement.
async fn history(url: &str) {
    let store = server::store::open(url).await.expect("db");
    server::cmd::serve::load_default_plan(store.as_ref())
        .await
        .expect("plan");
    let plan = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = |n: &str| plan.units.iter().find(|u| u.name == n).expect("unit").id;
    // A reporter, and a leader (with categories in charge: leader_categories rows).
    let reporter = crate::helpers::create_user(
        store.as_ref(),
        "shiqiao",
        "石桥镇政府",
        Some(app::domain::account::Role::Reporter),
    )
    .await;
    crate::helpers::create_user(
        store.as_ref(),
        "lingdao",
        "济宁太白湖新区管委会",
        Some(app::domain::account::Role::Leader),
    )
    .await;
    let actor = Actor::user(reporter, "shiqiao");
    let reports = server::cmd::demo_data::demo_reports(&plan, reporter, plan.summary.ends_on, 1, 5);
    server::cmd::demo_data::push(store.as_ref(), &reports, &actor, chrono::Utc::now())
        .await
        .expect("push");
    let ids: Vec<Uuid> = reports.iter().take(300).map(|r| r.id).collect();
    store
        .review_many(&ids, ReviewStatus::Accepted, None, &actor)
        .await
        .expect("accept");
    store
        .review_many(
            &[reports[400].id],
            ReviewStatus::Returned,
            Some("请补充照片"),
            &actor,
        )
        .await
        .expect("return");
    let d = store
        .raise_difficulty(
            &app::store::NewDifficulty {
                plan: "taibaihu-2024".into(),
                item: 1,
                report_id: Some(reports[0].id.to_string()),
                unit_id: unit("石桥镇政府"),
                title: "用地".into(),
                detail: "用地手续未完成".into(),
            },
            &actor,
        )
        .await
        .expect("difficulty");
    store
        .change_difficulty(
            d,
            &app::domain::supervision::DifficultyChange::Comment("已协调".into()),
            &actor,
        )
        .await
        .expect("comment");
    store
        .add_statement(
            "taibaihu-2024",
            1,
            unit("石桥镇政府"),
            "2024-05-06".parse().expect("date"),
            "雨天停工",
            &actor,
        )
        .await
        .expect("statement");
    store
        .create_session(
            &app::store::NewSession {
                token_hash: "abc".into(),
                user_id: reporter,
                created_at: chrono::Utc::now(),
                expires_at: chrono::Utc::now() + chrono::Duration::days(30),
                client: "test".into(),
            },
            None,
            &actor,
        )
        .await
        .expect("session");
}

#[tokio::test]
async fn a_districts_history_moves_to_postgres_once() {
    let Some(schema) = fresh_schema("pg_migrate_data").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let from = format!("sqlite://{}", dir.path().join("district.db").display());
    history(&from).await;
    let to = schema.url();
    let first = migrate(&from, &to);
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{}{}",
        out,
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.contains("各表行数与校验和一致"), "{out}");

    // Row for row, the same counts as the source.
    let lite = sqlx::SqlitePool::connect(&from).await.expect("pool");
    for (table, _) in server::cmd::migrate_data::TABLES {
        let want: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&lite)
                .await
                .expect("count");
        let got: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&schema.pool)
                .await
                .expect("count");
        assert_eq!(got, want, "{table}");
    }
    let reports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE status = 'accepted'")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    assert_eq!(reports, 300);
    // New rows continue after the copied ids.
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (at, actor, action, entity) VALUES (now(), 'x', 'y', 'z') RETURNING id",
    )
    .fetch_one(&schema.pool)
    .await
    .expect("insert");
    let max_lite: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log")
        .fetch_one(&lite)
        .await
        .expect("max");
    assert!(next > max_lite);
    sqlx::query("DELETE FROM audit_log WHERE id = $1")
        .bind(next)
        .execute(&schema.pool)
        .await
        .expect_err("audit rows stay");

    // Again: the same data is already there, nothing changes... except that one new audit
    // row makes the target differ: refused, untouched.
    let second = migrate(&from, &to);
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("目标库已有不同的数据"));
    schema.drop().await;
}

#[tokio::test]
async fn running_it_twice_changes_nothing() {
    let Some(schema) = fresh_schema("pg_migrate_twice").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let from = format!("sqlite://{}", dir.path().join("district.db").display());
    history(&from).await;
    let to = schema.url();
    assert!(migrate(&from, &to).status.success());
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    let again = migrate(&from, &to);
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(out.contains("无需迁移"), "{out}");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    assert_eq!(before, after);
    schema.drop().await;
}
