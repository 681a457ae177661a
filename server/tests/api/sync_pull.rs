//! `GET /api/v1/sync/pull` and `/api/v1/sync/catalogue`.

use std::collections::HashSet;

use app::domain::account::Role;
use app::sync::{Catalogue, PullResponse};
use http::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Req, TestApp, spawn_app};
use crate::sync_support::{Field, field_worker, new_op, outcomes, push, report};

async fn pull(app: &TestApp, cookie: &str, cursor: i64) -> PullResponse {
    let reply = app
        .send(Req::new(Method::GET, &format!("/api/v1/sync/pull?cursor={cursor}")).cookie(cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).expect("pull response")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cursor_pull_during_concurrent_pushes_misses_nothing() {
    let app = std::sync::Arc::new(spawn_app().await);
    let field = std::sync::Arc::new(field_worker(&app, "shiqiao").await);
    let mut pushers = Vec::new();
    for _ in 0..4 {
        let (app, field) = (app.clone(), field.clone());
        pushers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for _ in 0..10 {
                let ops: Vec<_> = (0..3)
                    .map(|_| new_op(report(&field, 1.0, "2024-05-07")))
                    .collect();
                ids.extend(ops.iter().map(|o| o.report.id));
                let reply = push(&app, &field.cookie, &ops).await;
                assert_eq!(outcomes(&reply), ["applied"; 3]);
            }
            ids
        }));
    }
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut cursor = 0;
    while pushers.iter().any(|p| !p.is_finished()) {
        let page = pull(&app, &field.cookie, cursor).await;
        assert!(page.cursor >= cursor, "the cursor never goes back");
        cursor = page.cursor;
        seen.extend(page.changes.iter().map(|c| c.report_id));
        tokio::task::yield_now().await;
    }
    let mut pushed = HashSet::new();
    for p in pushers {
        pushed.extend(p.await.expect("pusher"));
    }
    loop {
        let page = pull(&app, &field.cookie, cursor).await;
        seen.extend(page.changes.iter().map(|c| c.report_id));
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    assert_eq!(pushed.len(), 120);
    assert_eq!(
        seen, pushed,
        "every pushed report was seen through the cursor"
    );
    let last = pull(&app, &field.cookie, cursor).await;
    assert!(
        last.changes.is_empty(),
        "nothing new after the final cursor"
    );
}

#[tokio::test]
async fn pulls_bring_review_decisions_of_the_units_reports_only() {
    let app = spawn_app().await;
    let shiqiao = field_worker(&app, "shiqiao").await;
    let xuzhuang_id = app
        .add_user("xuzhuang", "许庄街道办事处", Some(Role::Reporter))
        .await;
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let xuzhuang = Field {
        name: "xuzhuang 姓名".to_string(),
        user_id: xuzhuang_id,
        unit_id: plan
            .units
            .iter()
            .find(|u| u.name == "许庄街道办事处")
            .expect("unit")
            .id,
        cookie: app.sign_in("xuzhuang").await,
    };
    let mine = new_op(report(&shiqiao, 2.0, "2024-05-07"));
    let theirs = new_op(report(&xuzhuang, 5.0, "2024-05-07"));
    push(&app, &shiqiao.cookie, std::slice::from_ref(&mine)).await;
    push(&app, &xuzhuang.cookie, std::slice::from_ref(&theirs)).await;
    let first = pull(&app, &shiqiao.cookie, 0).await;
    assert_eq!(first.changes.len(), 1);
    assert_eq!(first.changes[0].report_id, mine.report.id);

    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    app.send(
        Req::new(
            Method::POST,
            &format!("/api/v1/reports/{}/review", mine.report.id),
        )
        .cookie(&manager)
        .json(json!({ "decision": "return", "comment": "请补充照片" })),
    )
    .await;
    let next = pull(&app, &shiqiao.cookie, first.cursor).await;
    assert_eq!(next.changes.len(), 1);
    assert_eq!(next.changes[0].status, app::sync::ReviewStatus::Returned);
    assert_eq!(next.changes[0].comment.as_deref(), Some("请补充照片"));
    assert!(next.cursor > first.cursor);
}

#[tokio::test]
async fn the_catalogue_holds_the_users_reportable_items_and_its_version_moves_with_plans() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let reply = app
        .send(Req::new(Method::GET, "/api/v1/sync/catalogue").cookie(&field.cookie))
        .await;
    let catalogue: Catalogue = serde_json::from_str(&reply.body).expect("catalogue");
    assert_eq!(catalogue.viewer.username, "shiqiao");
    let items: Vec<u32> = catalogue.plans[0].items.iter().map(|i| i.number).collect();
    // 石桥镇 works on items 1 and 18; it reports on item 1, while item 18's repairs are
    // the lead unit's to report (`reported_by`). Item 6 is not the town's at all.
    assert!(
        items.contains(&1) && !items.contains(&18) && !items.contains(&6),
        "{items:?}"
    );
    let before = pull(&app, &field.cookie, 0).await.catalogue_version;
    assert_eq!(before, catalogue.version);
    let next_year = app::domain::plan_file::TAIBAIHU_2024.replace("taibaihu-2024", "taibaihu-2025");
    let plan = app::domain::plan_file::parse_plan_file(&next_year).expect("valid");
    app.store
        .import_plan(&plan, &app::domain::audit::Actor::command_line())
        .await
        .expect("import");
    assert_ne!(pull(&app, &field.cookie, 0).await.catalogue_version, before);

    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let sup = app.sign_in("ducha").await;
    let reply = app
        .send(Req::new(Method::GET, "/api/v1/sync/catalogue").cookie(&sup))
        .await;
    let empty: Catalogue = serde_json::from_str(&reply.body).expect("catalogue");
    assert!(empty.plans.is_empty(), "supervisors do not report");
}
