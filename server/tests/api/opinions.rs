//! 代表意见 (issue 14): a 测评代表 reads an item's progress and narratives (not who wrote
//! them) and files an opinion; the lead unit is reminded and answers; the 督查室 follows
//! every opinion with its age.

use app::domain::account::Role;
use http::Method;

use crate::helpers::{PLAN, Req, spawn_app};
use crate::sync_support::{field_worker, new_op, outcomes, push, report};

#[tokio::test]
async fn a_deputy_files_an_opinion_the_lead_unit_answers_and_the_office_sees_its_age() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("daibiao", "区党工委", Some(Role::Evaluator))
        .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("wenlv", "区文旅局", Some(Role::UnitManager))
        .await;
    let (ducha, daibiao, shehui, wenlv) = (
        app.sign_in("ducha").await,
        app.sign_in("daibiao").await,
        app.sign_in("shehui").await,
        app.sign_in("wenlv").await,
    );
    // A report on item 1, with its narrative, by a named field worker.
    let field = field_worker(&app, "feng").await;
    let mut r = report(&field, 1.0, "2024-06-04");
    r.narrative = "东村改造开工".into();
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(r)]).await),
        ["applied"]
    );

    // The 代表 reads the item: the narrative, not who wrote it.
    let item = format!("/plans/{PLAN}/items/1");
    let seen = app
        .send(Req::new(Method::GET, &item).cookie(&daibiao))
        .await
        .body;
    assert!(seen.contains("东村改造开工"));
    assert!(!seen.contains("feng 姓名"), "no reporter's name for a 代表");
    let staff = app
        .send(Req::new(Method::GET, &item).cookie(&shehui))
        .await
        .body;
    assert!(
        staff.contains("feng 姓名"),
        "the lead unit still sees who reported"
    );

    // Only a 代表 files an opinion, with text.
    let file = |cookie: String, text: &'static str| {
        let app = &app;
        let path = format!("/plans/{PLAN}/items/1/opinions");
        async move {
            app.send(
                Req::new(Method::POST, &path)
                    .cookie(&cookie)
                    .form(&[("text", text)]),
            )
            .await
        }
    };
    assert_eq!(file(shehui.clone(), "自己提意见").await.status, 403);
    assert_eq!(file(daibiao.clone(), "  ").await.status, 422);
    assert_eq!(
        file(daibiao.clone(), "建议公布改造户的验收标准")
            .await
            .status,
        303
    );

    // The lead unit is reminded; another unit is not, and may not answer.
    let overview = |cookie: String| {
        let app = &app;
        async move {
            app.send(Req::new(Method::GET, &format!("/plans/{PLAN}")).cookie(&cookie))
                .await
                .body
        }
    };
    assert!(
        overview(shehui.clone())
            .await
            .contains("有 1 条代表意见待本单位答复")
    );
    assert!(
        !overview(wenlv.clone())
            .await
            .contains("代表意见待本单位答复")
    );
    let office = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/opinions")).cookie(&ducha))
        .await
        .body;
    assert!(office.contains("建议公布改造户的验收标准") && office.contains("待答复 · 已 0 天"));
    assert!(office.contains("待答复 1 条"));
    let id = app.raw_count("SELECT MIN(id) FROM opinions").await;
    let answer = |cookie: String| {
        let app = &app;
        let path = format!("/plans/{PLAN}/opinions/{id}/answer?item=1");
        async move {
            app.send(
                Req::new(Method::POST, &path)
                    .cookie(&cookie)
                    .form(&[("answer", "验收标准已在区政府网站公布")]),
            )
            .await
        }
    };
    assert_eq!(answer(wenlv.clone()).await.status, 403);
    assert_eq!(answer(daibiao.clone()).await.status, 403);
    let answered = answer(shehui.clone()).await;
    assert_eq!(answered.status, 303, "{}", answered.body);
    assert_eq!(
        answered.location(),
        Some("/plans/taibaihu-2024/items/1?done=opinion-answered")
    );
    let office = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/opinions")).cookie(&ducha))
        .await
        .body;
    assert!(office.contains("验收标准已在区政府网站公布") && office.contains("0 天内答复"));
    assert!(office.contains("待答复 0 条"));
    assert!(
        !overview(shehui.clone())
            .await
            .contains("代表意见待本单位答复")
    );

    // Only the 督查室 and leaders follow them all.
    let refused = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/opinions")).cookie(&shehui))
        .await;
    assert_eq!(refused.status, 403);
    // Both steps are audited.
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM audit_log WHERE action = 'opinion.file'")
            .await,
        1
    );
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM audit_log WHERE action = 'opinion.answer'")
            .await,
        1
    );
    // The public sees no opinions (they are between the 代表 and the units).
    let public = app.send(Req::new(Method::GET, &item)).await.body;
    assert!(!public.contains("建议公布改造户的验收标准"));
}
