//! What the public may see: progress by town, never by village, and nothing below the
//! district total for indicators about people (issue 14). Checked on every page a
//! signed-out visitor can open and on the public API, with reports whose villages and
//! authors are known.

use app::domain::audit::Actor;
use app::domain::report::{IndicatorInput, IndicatorValue};
use app::sync::ReviewStatus;
use http::Method;

use crate::helpers::{Req, spawn_app};
use crate::sync_support::{field_worker, new_op, outcomes, push, report};

#[tokio::test]
async fn the_public_sees_towns_not_villages_and_no_breakdown_of_people() {
    let app = spawn_app().await;
    let field = field_worker(&app, "feng").await;
    // Item 1: households of disabled elderly people (sensitive), in 南李村.
    let mut households = report(&field, 2.0, "2024-06-04");
    households.place = "南李村".into();
    // Item 10: performances (a plain count), in 东南村.
    let mut shows = report(&field, 1.0, "2024-06-05");
    shows.item = 10;
    shows.place = "东南村".into();
    shows.values = vec![IndicatorValue {
        code: "performances".into(),
        input: IndicatorInput::Increment { amount: 3.0 },
    }];
    let ops = [new_op(households.clone()), new_op(shows.clone())];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &ops).await),
        ["applied"; 2]
    );
    app.store
        .review_many(
            &[households.id, shows.id],
            ReviewStatus::Accepted,
            None,
            &Actor::command_line(),
        )
        .await
        .expect("accept");

    let public = [
        "/",
        "/plans/taibaihu-2024",
        "/plans/taibaihu-2024/units",
        "/plans/taibaihu-2024/items/1",
        "/plans/taibaihu-2024/items/10",
        "/api/v1/plans",
        "/api/v1/plans/taibaihu-2024",
        "/api/v1/plans/taibaihu-2024/progress",
    ];
    for path in public {
        let reply = app.send(Req::new(Method::GET, path)).await;
        assert_eq!(reply.status, 200, "{path}");
        for secret in ["南李村", "东南村", "feng 姓名", "完成适老化改造"] {
            assert!(!reply.body.contains(secret), "{path} shows {secret}");
        }
    }
    // The overview says what was done against what was promised, in words.
    let overview = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024"))
        .await
        .body;
    assert!(
        overview.contains("共计演出：已完成 3 场 / 目标 225 场"),
        "overview wording"
    );
    // The count item still shows which town did it; the item about people shows its total.
    let item10 = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/10"))
        .await
        .body;
    assert!(item10.contains("按单位分解") && item10.contains("石桥镇政府"));
    // Its first screen says what was done against the target, and the chart's axes carry
    // the plan's dates and the figure on the day seen.
    assert!(item10.contains("已完成 3 场 / 目标 225 场"));
    assert!(item10.contains("截至 "));
    assert!(item10.contains("class=\"x-start\">2024-04-02<"));
    assert!(item10.contains("class=\"x-end\">2024-12-31<"));
    assert!(
        item10.contains("：3 场</span>"),
        "the figure on the day seen"
    );
    let item1 = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1"))
        .await
        .body;
    assert!(item1.contains("只公布全区合计"));
    assert!(
        !item1.contains("<tbody data-indicator=\"households\""),
        "no breakdown rows for households"
    );

    // Staff signed in see the villages, as before.
    let staff = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1").cookie(&field.cookie))
        .await
        .body;
    assert!(staff.contains("南李村"));
}

/// Households (item 1, about people) accepted from one phone, `amount` at a time.
async fn accept_households(
    app: &crate::helpers::TestApp,
    field: &crate::sync_support::Field,
    amounts: &[f64],
) {
    let reports: Vec<_> = amounts
        .iter()
        .map(|a| report(field, *a, "2024-06-04"))
        .collect();
    let ops: Vec<_> = reports.iter().cloned().map(new_op).collect();
    let answers = push(app, &field.cookie, &ops).await;
    assert!(outcomes(&answers).iter().all(|o| o == "applied"));
    let ids: Vec<_> = reports.iter().map(|r| r.id).collect();
    app.store
        .review_many(&ids, ReviewStatus::Accepted, None, &Actor::command_line())
        .await
        .expect("accept");
}

#[tokio::test]
async fn a_small_total_about_people_is_withheld_from_the_public_until_it_reaches_five() {
    let app = spawn_app().await;
    let field = field_worker(&app, "feng").await;
    accept_households(&app, &field, &[1.0, 2.0]).await;

    // Nowhere a signed-out visitor can look says "3 户", nor a percentage of it (3 of 30
    // households is 10 %).
    for path in [
        "/plans/taibaihu-2024",
        "/plans/taibaihu-2024/items/1",
        "/api/v1/plans/taibaihu-2024",
        "/api/v1/plans/taibaihu-2024/progress",
    ] {
        let body = app.send(Req::new(Method::GET, path)).await.body;
        for figure in [
            "3 户",
            "已完成 3",
            "10%",
            "\"actual\":3.0",
            "\"actual\":3,",
            "\"percent\":10",
        ] {
            assert!(!body.contains(figure), "{path} shows {figure}");
        }
        assert!(
            body.contains("少于 5 户") || body.contains("\"suppressed_below\":5"),
            "{path}"
        );
    }
    let item1 = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1"))
        .await
        .body;
    assert!(item1.contains("已完成 少于 5 户 / 目标 30 户"));
    assert!(
        item1.contains("不公开具体数字"),
        "the colour's explanation is withheld too"
    );
    assert!(
        !item1.contains("class=\"trend"),
        "no chart of a withheld figure"
    );
    let progress: serde_json::Value = serde_json::from_str(
        &app.send(Req::new(
            Method::GET,
            "/api/v1/plans/taibaihu-2024/progress",
        ))
        .await
        .body,
    )
    .expect("json");
    let households = &progress["items"][0]["indicators"][0];
    assert_eq!(households["code"], "households");
    assert_eq!(households["actual"], 0.0);
    assert_eq!(households["suppressed_below"], 5.0);
    assert_eq!(households["pace"]["percent"], 0.0);
    // Its colour is still worked out from the real figure.
    assert!(progress["items"][0]["status"].is_string());

    // Staff signed in see the figure.
    let staff = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1").cookie(&field.cookie))
        .await
        .body;
    assert!(staff.contains("已完成 3 户 / 目标 30 户"));

    // At five it is published like any other total.
    accept_households(&app, &field, &[2.0]).await;
    let item1 = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1"))
        .await
        .body;
    assert!(item1.contains("已完成 5 户 / 目标 30 户"));
    assert!(!item1.contains("少于 5 户"));
    let plan: serde_json::Value = serde_json::from_str(
        &app.send(Req::new(Method::GET, "/api/v1/plans/taibaihu-2024"))
            .await
            .body,
    )
    .expect("json");
    let households = &plan["items"][0]["indicators"][0];
    assert_eq!(households["actual"], 5.0);
    assert!(households.get("suppressed_below").is_none());
}
