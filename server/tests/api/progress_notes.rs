//! 进展公开 (issue 14): the lead unit writes an item's monthly public note, started from its
//! accepted reports; nothing shows until the 督查室 publishes it, edited if need be.

use app::domain::account::Role;
use app::domain::audit::Actor;
use app::sync::ReviewStatus;
use http::Method;

use crate::helpers::{PLAN, Req, spawn_app};
use crate::sync_support::{field_worker, new_op, outcomes, push, report};

#[tokio::test]
async fn a_monthly_note_is_written_by_the_lead_unit_and_shown_once_published() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let ducha = app.sign_in("ducha").await;
    let shehui = app.sign_in("shehui").await;
    // An accepted report of September on item 1 (led by 区社会事业发展局).
    let field = field_worker(&app, "feng").await;
    let mut r = report(&field, 2.0, "2024-09-10");
    r.narrative = "南李村 2 户改造完工".into();
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(r.clone())]).await),
        ["applied"]
    );
    app.store
        .review_many(
            &[r.id],
            ReviewStatus::Accepted,
            None,
            &Actor::command_line(),
        )
        .await
        .expect("accept");

    // The lead unit's form starts from the month's accepted narrative.
    let item = format!("/plans/{PLAN}/items/1?as_of=2024-09-30");
    let page = app
        .send(Req::new(Method::GET, &item).cookie(&shehui))
        .await
        .body;
    assert!(page.contains("2024年9月进展"), "this month's form");
    assert!(
        page.contains("南李村 2 户改造完工。"),
        "started from the narrative"
    );

    let write = |cookie: String, text: &'static str| {
        let app = &app;
        async move {
            app.send(
                Req::new(Method::POST, &format!("/plans/{PLAN}/items/1/notes/write"))
                    .cookie(&cookie)
                    .form(&[("month", "2024-09"), ("text", text)]),
            )
            .await
        }
    };
    // Only the lead unit writes; the 督查室 publishes.
    assert_eq!(write(ducha.clone(), "督查室代写").await.status, 403);
    assert_eq!(write(shehui.clone(), " ").await.status, 422);
    assert_eq!(
        write(shehui.clone(), "9月完成南李村 2 户适老化改造。")
            .await
            .status,
        303
    );
    let public = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/items/1")))
        .await
        .body;
    assert!(!public.contains("9月完成南李村"), "a draft is not public");
    let by_unit = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/{PLAN}/items/1/notes/publish"),
            )
            .cookie(&shehui)
            .form(&[("month", "2024-09"), ("text", "自行公开")]),
        )
        .await;
    assert_eq!(by_unit.status, 403);
    let staff = app
        .send(Req::new(Method::GET, &item).cookie(&ducha))
        .await
        .body;
    assert!(staff.contains("9月完成南李村 2 户适老化改造。") && staff.contains("审核后公开"));
    // The 督查室 edits it (the village goes: too close to a family) and publishes.
    let published = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/{PLAN}/items/1/notes/publish"),
            )
            .cookie(&ducha)
            .form(&[("month", "2024-09"), ("text", "9月完成 2 户适老化改造。")]),
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    let public = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/items/1")))
        .await
        .body;
    assert!(public.contains("2024年9月") && public.contains("9月完成 2 户适老化改造。"));
    assert!(!public.contains("南李村"), "the edited text, not the draft");
    // A month outside the plan is refused.
    let outside = app
        .send(
            Req::new(Method::POST, &format!("/plans/{PLAN}/items/1/notes/write"))
                .cookie(&shehui)
                .form(&[("month", "2023-01"), ("text", "去年")]),
        )
        .await;
    assert_eq!(outside.status, 422);
    // Both steps audited.
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM audit_log WHERE action = 'note.write'")
            .await,
        1
    );
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM audit_log WHERE action = 'note.publish'")
            .await,
        1
    );
}
