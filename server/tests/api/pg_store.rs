//! The PostgreSQL store beside the SQLite one: it imports the 2024 plan and reads it back
//! exactly as the SQLite store does; the same plan again changes nothing; a different plan
//! under the same code is refused untouched; accounts, and 督查督办 with the 督办单's whole
//! life and the weekly ledger, told to both stores, leave the same story.
// Over 500 lines: each story is told to both backends and compared line by line; splitting
// a story from its comparison would make the two harder to keep in step.

use app::domain::audit::{Actor, AuditFilter};
use app::domain::plan_file::{TAIBAIHU_2024, parse_plan_file};
use app::store::{
    AccountStore, AuditStore, DirectiveStore, ImportOutcome, PlanStore, SessionStore, StoreError,
    SupervisionStore, WeeklyStore,
};
use server::store::PgStore;

use crate::pg_support::fresh_schema;

#[tokio::test]
async fn plans_read_back_as_on_sqlite_and_imports_are_idempotent() {
    let Some(schema) = fresh_schema("pg_store").await else {
        return;
    };
    let pg = PgStore::open(&schema.url(), 4).await.expect("opens");
    pg.ping().await.expect("answers");
    let plan = parse_plan_file(TAIBAIHU_2024).expect("the built-in plan");
    let actor = Actor::command_line();
    assert_eq!(
        pg.import_plan(&plan, &actor).await.expect("import"),
        ImportOutcome::Created
    );
    assert_eq!(
        pg.import_plan(&plan, &actor).await.expect("again"),
        ImportOutcome::Unchanged
    );

    let dir = tempfile::tempdir().expect("dir");
    let lite = server::store::open(&format!("sqlite://{}", dir.path().join("p.db").display()))
        .await
        .expect("sqlite");
    lite.import_plan(&plan, &actor).await.expect("import");
    let on_pg = pg.plan("taibaihu-2024").await.expect("read").expect("plan");
    let on_lite = lite
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    assert_eq!(on_pg, on_lite);
    assert_eq!(
        pg.list_plans().await.expect("list"),
        lite.list_plans().await.expect("list")
    );
    assert!(pg.plan("no-such-plan").await.expect("read").is_none());

    // Another plan under the same code: refused, nothing changed.
    let mut other = plan.clone();
    other.meta.title = "另一份计划".into();
    assert!(matches!(
        pg.import_plan(&other, &actor).await,
        Err(StoreError::PlanConflict(_))
    ));
    assert_eq!(
        pg.plan("taibaihu-2024").await.expect("read").expect("plan"),
        on_lite
    );

    // One audit row: the import (the unchanged import and the refusal write none).
    let rows = pg.audit(&AuditFilter::default()).await.expect("audit");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "plan.import");
    assert_eq!(
        rows[0].after.as_ref().and_then(|a| a["items"].as_u64()),
        Some(20)
    );
    schema.drop().await;
}

/// The same account story told to a store; what it observed, for comparing two stores.
async fn account_story(
    store: &(impl PlanStore + AccountStore + SessionStore + AuditStore),
) -> Vec<String> {
    use app::domain::account::{PlanRole, Role};
    use app::store::{NewSession, NewUserRecord};
    let plan = parse_plan_file(TAIBAIHU_2024).expect("the built-in plan");
    let cli = Actor::command_line();
    store.import_plan(&plan, &cli).await.expect("import");
    let detail = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = |n: &str| detail.units.iter().find(|u| u.name == n).expect("unit").id;
    let mut seen = Vec::new();
    let leader = NewUserRecord {
        username: "lingdao".into(),
        display_name: "李领导".into(),
        unit_id: unit("济宁太白湖新区管委会"),
        password_hash: "$argon2id$hash".into(),
        role: Some(PlanRole {
            plan: "taibaihu-2024".into(),
            role: Role::Leader,
            categories: vec![3, 1],
        }),
    };
    let id = store.create_user(&leader, &cli).await.expect("user");
    seen.push(format!(
        "{:?}",
        store
            .create_user(&leader, &cli)
            .await
            .map_err(|e| e.to_string())
    ));
    seen.push(format!(
        "{:?}",
        store
            .credentials("lingdao")
            .await
            .expect("read")
            .map(|c| (c.username, c.disabled))
    ));
    seen.push(format!("{:?}", store.user(id).await.expect("read")));
    let now = chrono::Utc::now();
    let session = NewSession {
        token_hash: "t1".into(),
        user_id: id,
        created_at: now,
        expires_at: now + chrono::Duration::hours(12),
        client: "127.0.0.1".into(),
    };
    store
        .create_session(&session, None, &cli)
        .await
        .expect("session");
    let viewer = store.session_viewer("t1", now).await.expect("read");
    seen.push(format!("{:?}", viewer.map(|(v, _)| v.roles)));
    seen.push(format!(
        "{:?}",
        store
            .session_viewer("t1", now + chrono::Duration::hours(13))
            .await
            .expect("read")
            .is_some()
    ));
    store
        .set_role(
            id,
            &PlanRole {
                plan: "taibaihu-2024".into(),
                role: Role::Supervisor,
                categories: vec![],
            },
            &cli,
        )
        .await
        .expect("role");
    seen.push(format!(
        "{:?}",
        store.user(id).await.expect("read").map(|u| u.roles)
    ));
    store.set_disabled(id, true, &cli).await.expect("disable");
    seen.push(format!(
        "{:?}",
        store
            .session_viewer("t1", now)
            .await
            .expect("read")
            .is_some()
    ));
    seen.push(format!(
        "{:?}",
        store
            .set_disabled(id, true, &cli)
            .await
            .map_err(|e| e.to_string())
    ));
    let keys = vec!["user:lingdao".to_string(), "addr:10.0.0.1".to_string()];
    store
        .record_login_failure(&keys, now, now - chrono::Duration::minutes(15))
        .await
        .expect("failure");
    store
        .record_login_failure(&keys, now, now - chrono::Duration::minutes(15))
        .await
        .expect("failure");
    seen.push(format!(
        "{:?}",
        store
            .login_attempts(&keys)
            .await
            .expect("read")
            .iter()
            .map(|a| (a.key.clone(), a.failures))
            .collect::<Vec<_>>()
    ));
    store
        .clear_login_failures("user:lingdao")
        .await
        .expect("clear");
    seen.push(format!(
        "{:?}",
        store.login_attempts(&keys).await.expect("read").len()
    ));
    seen.push(format!(
        "{:?}",
        store.delete_session("t1", &cli).await.expect("delete")
    ));
    let actions: Vec<String> = store
        .audit(&AuditFilter::default())
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action)
        .collect();
    seen.push(format!("{actions:?}"));
    seen
}

#[tokio::test]
async fn accounts_and_sessions_behave_as_on_sqlite() {
    let Some(schema) = fresh_schema("pg_store_accounts").await else {
        return;
    };
    let pg = PgStore::open(&schema.url(), 4).await.expect("opens");
    let dir = tempfile::tempdir().expect("dir");
    let lite = server::store::SqliteStore::open(&format!(
        "sqlite://{}",
        dir.path().join("a.db").display()
    ))
    .await
    .expect("sqlite");
    let on_lite = account_story(&lite).await;
    let on_pg = account_story(&pg).await;
    assert_eq!(on_pg, on_lite);
    // The story did see things (not two empty logs).
    assert!(on_lite.iter().any(|l| l.contains("Leader")), "{on_lite:?}");
    schema.drop().await;
}

/// 督查督办 and the weekly ledger told to a store; what it saw, times left out (they
/// differ between two runs).
async fn supervision_story(
    store: &(
         impl PlanStore + AccountStore + AuditStore + SupervisionStore + DirectiveStore + WeeklyStore
     ),
) -> Vec<String> {
    use app::domain::directive::DirectiveColour;
    use app::domain::supervision::{DifficultyChange, DifficultyStatus};
    use app::store::{NewDifficulty, NewDirective, NewUserRecord, NewVisit};
    let plan = parse_plan_file(TAIBAIHU_2024).expect("the built-in plan");
    let cli = Actor::command_line();
    store.import_plan(&plan, &cli).await.expect("import");
    let detail = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = |n: &str| detail.units.iter().find(|u| u.name == n).expect("unit").id;
    let user = store
        .create_user(
            &NewUserRecord {
                username: "ducha".into(),
                display_name: "王督查".into(),
                unit_id: unit("区党政办公室督查室"),
                password_hash: "x".into(),
                role: None,
            },
            &cli,
        )
        .await
        .expect("user");
    let me = Actor::user(user, "ducha");
    let mut seen = Vec::new();
    let d = store
        .raise_difficulty(
            &NewDifficulty {
                plan: "taibaihu-2024".into(),
                item: 3,
                report_id: None,
                unit_id: unit("石桥镇政府"),
                title: "用地".into(),
                detail: "手续未完成".into(),
            },
            &me,
        )
        .await
        .expect("raise");
    for change in [
        DifficultyChange::Comment("请镇里协调".into()),
        DifficultyChange::Owner("赵镇长".into()),
        DifficultyChange::Status(DifficultyStatus::Coordinating, String::new()),
        DifficultyChange::Status(DifficultyStatus::Coordinating, String::new()),
        DifficultyChange::Status(DifficultyStatus::Resolved, "已办妥".into()),
    ] {
        seen.push(format!(
            "{:?}",
            store
                .change_difficulty(d, &change, &me)
                .await
                .map_err(|e| e.to_string())
        ));
    }
    let (plan_code, diff, events) = store.difficulty(d).await.expect("read").expect("found");
    seen.push(format!(
        "{plan_code} {} {} {:?} {} {} {}",
        diff.item,
        diff.item_title,
        diff.status,
        diff.owner,
        diff.unit,
        diff.resolved_at.is_some()
    ));
    seen.push(format!(
        "{:?}",
        events
            .iter()
            .map(|e| (e.kind.clone(), e.status, e.text.clone(), e.by.clone()))
            .collect::<Vec<_>>()
    ));
    seen.push(format!(
        "{:?}",
        store
            .difficulties("taibaihu-2024", Some(3))
            .await
            .expect("list")
            .len()
    ));
    seen.push(format!(
        "{:?}",
        store
            .difficulties("taibaihu-2024", Some(4))
            .await
            .expect("list")
            .len()
    ));
    let n = store
        .issue_directive(
            &NewDirective {
                plan: "taibaihu-2024".into(),
                item: 3,
                unit_id: unit("区社会事业发展局"),
                colour: DirectiveColour::Red,
                requirement: "7月底前完成".into(),
                deadline: "2024-07-31".parse().expect("date"),
            },
            &me,
        )
        .await
        .expect("notice");
    seen.push(format!(
        "{:?}",
        store
            .respond_directive(n, "已完成", &me)
            .await
            .map_err(|e| e.to_string())
    ));
    seen.push(format!(
        "{:?}",
        store
            .respond_directive(n, "再答", &me)
            .await
            .map_err(|e| e.to_string())
    ));
    // Sent back, answered again, closed; a second close and a send-back after it refused.
    let back_by = "2024-07-20".parse().expect("date");
    store
        .send_back_directive(n, "未附照片", back_by, &me)
        .await
        .expect("send back");
    store
        .respond_directive(n, "已补照片", &me)
        .await
        .expect("answer again");
    store.close_directive(n, &me).await.expect("close");
    for refused in [
        store.close_directive(n, &me).await,
        store.send_back_directive(n, "再退", back_by, &me).await,
        store.close_directive(n + 1000, &me).await,
    ] {
        seen.push(format!("{:?}", refused.map_err(|e| e.to_string())));
    }
    let (_, notice) = store.directive(n).await.expect("read").expect("found");
    seen.push(format!(
        "{} {:?} {} {} {:?} {:?} {}",
        notice.item,
        notice.colour,
        notice.unit,
        notice.deadline,
        notice.response,
        notice
            .returns
            .iter()
            .map(|r| (r.answer.as_str(), r.reason.as_str(), r.deadline))
            .collect::<Vec<_>>(),
        notice.closed.is_some()
    ));
    seen.push(format!(
        "{:?}",
        store
            .directives("taibaihu-2024", None)
            .await
            .expect("list")
            .len()
    ));
    store
        .record_visit(
            &NewVisit {
                plan: "taibaihu-2024".into(),
                item: 3,
                visited_on: "2024-07-10".parse().expect("date"),
                place: "石桥村".into(),
                findings: "与台账一致".into(),
                photos: vec![app::store::VisitPhoto {
                    id: uuid::Uuid::now_v7(),
                    sha256: "ab".repeat(32),
                    bytes: 1234,
                }],
            },
            &me,
        )
        .await
        .expect("visit");
    seen.push(format!(
        "{:?}",
        store
            .visits("taibaihu-2024", Some(3))
            .await
            .expect("list")
            .iter()
            .map(|v| (
                v.item,
                v.visited_on,
                v.place.clone(),
                v.recorded_by.clone(),
                v.photos.len()
            ))
            .collect::<Vec<_>>()
    ));
    let week: chrono::NaiveDate = "2024-05-06".parse().expect("date");
    seen.push(format!(
        "{:?}",
        store
            .add_statement(
                "taibaihu-2024",
                3,
                unit("区社会事业发展局"),
                week,
                "雨天停工",
                &me
            )
            .await
            .map_err(|e| e.to_string())
    ));
    seen.push(format!(
        "{:?}",
        store
            .add_statement(
                "taibaihu-2024",
                3,
                unit("区社会事业发展局"),
                week,
                "再说",
                &me
            )
            .await
            .map_err(|e| e.to_string())
    ));
    let arrivals = store
        .arrivals("taibaihu-2024", week, week)
        .await
        .expect("arrivals");
    seen.push(format!(
        "{:?}",
        arrivals
            .iter()
            .map(|a| (a.item, a.week, a.statement))
            .collect::<Vec<_>>()
    ));
    let actions: Vec<String> = store
        .audit(&AuditFilter::default())
        .await
        .expect("audit")
        .into_iter()
        .map(|a| a.action)
        .collect();
    seen.push(format!("{actions:?}"));
    seen
}

#[tokio::test]
async fn supervision_and_the_weekly_ledger_behave_as_on_sqlite() {
    let Some(schema) = fresh_schema("pg_store_supervision").await else {
        return;
    };
    let pg = PgStore::open(&schema.url(), 4).await.expect("opens");
    let dir = tempfile::tempdir().expect("dir");
    let lite = server::store::SqliteStore::open(&format!(
        "sqlite://{}",
        dir.path().join("s.db").display()
    ))
    .await
    .expect("sqlite");
    let on_lite = supervision_story(&lite).await;
    let on_pg = supervision_story(&pg).await;
    assert_eq!(on_pg, on_lite);
    assert!(
        on_lite.iter().any(|l| l.contains("该督办单已回复")),
        "{on_lite:?}"
    );
    schema.drop().await;
}
