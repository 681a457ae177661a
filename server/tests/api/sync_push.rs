//! `POST /api/v1/sync/push`: every op applied at most once, per-op answers, quarantine.

use app::domain::account::Role;
use app::domain::report::IndicatorInput;
use app::sync::ReportOp;
use http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Req, spawn_app};
use crate::sync_support::{count, field_worker, new_op, outcomes, push, report, result_field};

#[tokio::test]
async fn replaying_a_batch_stores_nothing_twice() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let ops: Vec<ReportOp> = (0..3)
        .map(|i| new_op(report(&field, f64::from(i + 1), "2024-05-07")))
        .collect();
    let first = push(&app, &field.cookie, &ops).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(outcomes(&first), ["applied", "applied", "applied"]);
    assert_eq!(result_field(&first, 0, "revision"), json!(1));
    let again = push(&app, &field.cookie, &ops).await;
    assert_eq!(
        outcomes(&again),
        ["already_had", "already_had", "already_had"]
    );
    assert_eq!(count(&app, "reports").await, 3);
}

#[tokio::test]
async fn a_lost_acknowledgement_then_retry_is_harmless() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let op = new_op(report(&field, 2.0, "2024-05-07"));
    // The reply of this push never reached the phone …
    let _lost = push(&app, &field.cookie, std::slice::from_ref(&op)).await;
    // … so it sends the very same op again, together with a new one.
    let next = new_op(report(&field, 1.0, "2024-05-08"));
    let retry = push(&app, &field.cookie, &[op, next]).await;
    assert_eq!(outcomes(&retry), ["already_had", "applied"]);
    assert_eq!(count(&app, "reports").await, 2);
}

#[tokio::test]
async fn the_same_op_id_with_other_content_is_a_conflict_and_both_are_kept() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let op = new_op(report(&field, 2.0, "2024-05-07"));
    push(&app, &field.cookie, std::slice::from_ref(&op)).await;
    let mut altered = op.clone();
    altered.report.values[0].input = IndicatorInput::Increment { amount: 20.0 };
    let reply = push(&app, &field.cookie, &[altered]).await;
    assert_eq!(outcomes(&reply), ["conflict"]);
    assert!(
        result_field(&reply, 0, "message")
            .as_str()
            .is_some_and(|m| m.contains("两份均已保留"))
    );
    let stored = app
        .store
        .report(op.report.id)
        .await
        .expect("read")
        .expect("report");
    assert_eq!(stored.report, op.report, "the first stays current");
    let quarantine = app.store.quarantine(10).await.expect("read");
    assert_eq!(quarantine.len(), 1, "the second is kept too");
    assert_eq!(
        quarantine[0].content.values[0].input,
        IndicatorInput::Increment { amount: 20.0 }
    );
}

#[tokio::test]
async fn one_bad_op_is_rejected_without_blocking_the_rest_of_the_batch() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let good = new_op(report(&field, 2.0, "2024-05-07"));
    let mut invalid = new_op(report(&field, -3.0, "2024-05-07"));
    invalid.report.values[0].input = IndicatorInput::Increment { amount: -3.0 };
    let mut not_ours = new_op(report(&field, 1.0, "2024-05-07"));
    not_ours.report.item = 6; // 新增公办幼儿园学位: 石桥镇 is not among its units
    let mut not_me = new_op(report(&field, 1.0, "2024-05-07"));
    not_me.report.author_id += 1000;
    let reply = push(
        &app,
        &field.cookie,
        &[invalid, good.clone(), not_ours, not_me],
    )
    .await;
    assert_eq!(
        outcomes(&reply),
        ["rejected", "applied", "rejected", "rejected"]
    );
    let reason = |i| {
        result_field(&reply, i, "message")
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(reason(0).contains("不能为负数"), "{}", reason(0));
    assert!(
        reason(2).contains("不是该项目的牵头或协办单位"),
        "{}",
        reason(2)
    );
    assert!(
        reason(3).contains("填报人与当前登录用户不一致"),
        "{}",
        reason(3)
    );
    assert_eq!(count(&app, "reports").await, 1);
    assert_eq!(count(&app, "quarantine").await, 3);
    let quarantine = app.store.quarantine(10).await.expect("quarantine");
    assert!(
        quarantine
            .iter()
            .all(|q| q.outcome == "rejected" && q.pushed_by == "shiqiao")
    );
    assert_eq!(count(&app, "report_ops").await, 3, "one row per refused op");
    assert!(
        app.store
            .report(good.report.id)
            .await
            .expect("read")
            .is_some()
    );
}

#[tokio::test]
async fn edits_name_the_revision_they_replace_and_stale_ones_conflict() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let created = new_op(report(&field, 2.0, "2024-05-07"));
    push(&app, &field.cookie, std::slice::from_ref(&created)).await;
    let mut edit = new_op(created.report.clone());
    edit.base_revision = Some(1);
    edit.report.values[0].input = IndicatorInput::Increment { amount: 3.0 };
    let applied = push(&app, &field.cookie, std::slice::from_ref(&edit)).await;
    assert_eq!(outcomes(&applied), ["applied"]);
    assert_eq!(result_field(&applied, 0, "revision"), json!(2));

    let mut stale = new_op(created.report.clone());
    stale.base_revision = Some(1);
    stale.report.narrative = "另一处修改".into();
    let reply = push(&app, &field.cookie, &[stale]).await;
    assert_eq!(outcomes(&reply), ["conflict"], "never last-write-wins");
    assert_eq!(result_field(&reply, 0, "revision"), json!(2));
    let stored = app
        .store
        .report(created.report.id)
        .await
        .expect("read")
        .expect("report");
    assert_eq!(stored.revision, 2);
    assert_eq!(stored.report, edit.report);
}

#[tokio::test]
async fn accepted_reports_are_locked_returned_ones_come_back_for_review() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    let a = new_op(report(&field, 2.0, "2024-05-07"));
    let b = new_op(report(&field, 1.0, "2024-05-07"));
    push(&app, &field.cookie, &[a.clone(), b.clone()]).await;
    let review = |id: uuid::Uuid, body: serde_json::Value| {
        Req::new(Method::POST, &format!("/api/v1/reports/{id}/review"))
            .cookie(&manager)
            .json(body)
    };
    assert_eq!(
        app.send(review(a.report.id, json!({ "decision": "accept" })))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let no_reason = app
        .send(review(b.report.id, json!({ "decision": "return" })))
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.send(review(
            b.report.id,
            json!({ "decision": "return", "comment": "请补充地点" })
        ))
        .await
        .status,
        StatusCode::NO_CONTENT
    );

    let mut locked = new_op(a.report.clone());
    locked.base_revision = Some(1);
    locked.report.narrative = "改一下".into();
    let mut fixed = new_op(b.report.clone());
    fixed.base_revision = Some(1);
    fixed.report.place = "石桥镇东村".into();
    let reply = push(&app, &field.cookie, &[locked, fixed]).await;
    assert_eq!(outcomes(&reply), ["rejected", "applied"]);
    assert!(
        result_field(&reply, 0, "message")
            .as_str()
            .is_some_and(|m| m.contains("已审核通过"))
    );
    let b_now = app
        .store
        .report(b.report.id)
        .await
        .expect("read")
        .expect("report");
    assert_eq!(
        b_now.status,
        app::sync::ReviewStatus::Submitted,
        "back to the lead unit"
    );
}

#[tokio::test]
async fn only_the_lead_units_manager_reviews() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let op = new_op(report(&field, 2.0, "2024-05-07"));
    push(&app, &field.cookie, std::slice::from_ref(&op)).await;
    app.add_user("caizheng", "区财政金融局", Some(Role::UnitManager))
        .await; // co-unit of item 1
    let co = app.sign_in("caizheng").await;
    let reply = app
        .send(
            Req::new(
                Method::POST,
                &format!("/api/v1/reports/{}/review", op.report.id),
            )
            .cookie(&co)
            .json(json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.json()["error"]["message"],
        "只有牵头单位的单位管理员可以审核该项目"
    );
}

#[tokio::test]
async fn without_a_live_sign_in_nothing_is_stored() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let op = new_op(report(&field, 2.0, "2024-05-07"));
    for cookie in ["", "taizhang_session=not-a-session"] {
        let reply = push(&app, cookie, std::slice::from_ref(&op)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["error"]["code"], "unauthenticated");
    }
    assert_eq!(count(&app, "report_ops").await, 0);
}

#[tokio::test]
async fn a_too_old_client_is_told_to_update() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let mut op = new_op(report(&field, 2.0, "2024-05-07"));
    op.report.schema_version = 0;
    let reply = push(&app, &field.cookie, &[op]).await;
    assert_eq!(reply.status, StatusCode::UPGRADE_REQUIRED);
    assert_eq!(reply.json()["error"]["code"], "client_too_old");
    assert_eq!(count(&app, "report_ops").await, 0);
}

#[tokio::test]
async fn the_supervisor_sees_the_quarantine_with_reasons() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let mut bad = new_op(report(&field, 1.0, "2024-05-07"));
    bad.report.item = 6;
    push(&app, &field.cookie, &[bad.clone()]).await;
    // Refused (a negative count), then corrected and sent again: stored, so off the list.
    let mut negative = new_op(report(&field, 1.0, "2024-05-08"));
    negative.report.values[0].input = IndicatorInput::Increment { amount: -3.0 };
    push(&app, &field.cookie, &[negative.clone()]).await;
    let mut corrected = negative.clone();
    corrected.op_id = uuid::Uuid::now_v7();
    corrected.report.values[0].input = IndicatorInput::Increment { amount: 3.0 };
    let again = push(&app, &field.cookie, &[corrected]).await;
    assert_eq!(outcomes(&again), ["applied"]);
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let sup = app.sign_in("ducha").await;
    let page = app
        .send(Req::new(Method::GET, "/admin/quarantine").cookie(&sup))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("data-op=\"{}\"", bad.op_id)));
    assert!(page.body.contains("不是该项目的牵头或协办单位"));
    assert!(page.body.contains("拒收"));
    // In the plan's words: the item's title, the indicator's name, the reporter's name.
    assert!(
        page.body.contains("（6）新增公办幼儿园学位"),
        "{}",
        page.body
    );
    assert!(page.body.contains("shiqiao 姓名"), "{}", page.body);
    assert!(!page.body.contains("taibaihu-2024 第"), "{}", page.body);
    assert!(
        !page
            .body
            .contains(&format!("data-op=\"{}\"", negative.op_id)),
        "the corrected report's refusal is cleared"
    );
    assert!(
        page.body
            .contains("另有 1 条已由填报人修改后重新提交并入账")
    );
    let refused = app
        .send(Req::new(Method::GET, "/admin/quarantine").cookie(&field.cookie))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pushes_are_applied_for_reporters_and_managers_of_the_unit_and_quarantined_otherwise() {
    let app = spawn_app().await;
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    // (username, unit, role, applied?) — item 1 is led by 区社会事业发展局, 石桥镇 assists.
    let cases = [
        ("shiqiao", "石桥镇政府", Role::Reporter, true),
        ("shehui", "区社会事业发展局", Role::UnitManager, true),
        ("ducha", "区党政办公室督查室", Role::Supervisor, false),
        ("lingdao", "济宁太白湖新区管委会", Role::Leader, false),
        ("wenlv", "区文旅局", Role::Reporter, false),
    ];
    for (username, unit, role, applied) in cases {
        let user_id = app.add_user(username, unit, Some(role)).await;
        let field = crate::sync_support::Field {
            name: format!("{username} 姓名"),
            user_id,
            unit_id: plan.units.iter().find(|u| u.name == unit).expect("unit").id,
            cookie: app.sign_in(username).await,
        };
        let before = app.audit_count().await;
        let mut r = report(&field, 1.0, "2024-05-07");
        if unit == "区社会事业发展局" {
            // The towns report households (`reported_by`); the bureau, its trainings.
            r.item = 3;
            r.values = vec![app::domain::report::IndicatorValue {
                code: "trainees".into(),
                input: IndicatorInput::Increment { amount: 1.0 },
            }];
        }
        let reply = push(&app, &field.cookie, &[new_op(r)]).await;
        let expected = if applied { "applied" } else { "rejected" };
        assert_eq!(outcomes(&reply), [expected], "{username}");
        assert_eq!(
            app.audit_count().await,
            before + 1,
            "one audit row either way: {username}"
        );
    }
    assert_eq!(count(&app, "reports").await, 2);
    assert_eq!(count(&app, "quarantine").await, 3);
}

#[tokio::test]
async fn a_report_counts_for_the_week_it_was_captured_not_synced() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    // Captured on a Tuesday; it reaches the server today, years later.
    let op = new_op(report(&field, 2.0, "2024-05-07"));
    push(&app, &field.cookie, std::slice::from_ref(&op)).await;
    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1").cookie(&field.cookie))
        .await;
    assert!(
        page.body
            .contains(&format!("data-report=\"{}\"", op.report.id))
    );
    assert!(
        page.body.contains("2024年第19周"),
        "credited to the capture week"
    );
    // The public item page lists no reports (they name people).
    let public = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1"))
        .await;
    assert!(!public.body.contains("data-report="));
}
