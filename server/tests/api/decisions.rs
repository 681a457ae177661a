//! Plan change control (issue 14): a target changes only through a recorded decision, the
//! original and current targets both show everywhere, pace uses the new target from the
//! decision's date on, and the history before it stays.

use app::domain::account::Role;
use app::domain::audit::{Actor, AuditFilter};
use app::domain::report::{IndicatorInput, IndicatorValue};
use app::sync::ReviewStatus;
use http::Method;

use crate::helpers::{PLAN, Req, spawn_app};
use crate::sync_support::{field_worker, new_op, outcomes, push, report};

fn decision<'a>(target: &'a str, doc: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("indicator", "facilities"),
        ("new_target", target),
        ("body", "区人大常委会"),
        ("doc_number", doc),
        ("decided_on", "2024-07-01"),
        ("reason", "一处选址被规划调整占用"),
    ]
}

#[tokio::test]
async fn a_target_changes_only_by_a_recorded_decision_and_both_targets_show() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let ducha = app.sign_in("ducha").await;
    let shehui = app.sign_in("shehui").await;
    let path = format!("/plans/{PLAN}/items/3/decisions");

    // Only the 督查室, and only with the body, number, date and reason.
    let by_unit = app
        .send(
            Req::new(Method::POST, &path)
                .cookie(&shehui)
                .form(&decision("4", "太人常〔2024〕5号")),
        )
        .await;
    assert_eq!(by_unit.status, 403);
    let no_number = app
        .send(
            Req::new(Method::POST, &path)
                .cookie(&ducha)
                .form(&decision("4", " ")),
        )
        .await;
    assert_eq!(no_number.status, 422);
    assert!(no_number.body.contains("请填写文号"));
    let same = app
        .send(
            Req::new(Method::POST, &path)
                .cookie(&ducha)
                .form(&decision("5", "太人常〔2024〕5号")),
        )
        .await;
    assert_eq!(same.status, 422);
    let recorded = app
        .send(
            Req::new(Method::POST, &path)
                .cookie(&ducha)
                .form(&decision("4", "太人常〔2024〕5号")),
        )
        .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM target_decisions").await,
        1
    );

    // The public sees the original and the current target, and the decision behind them.
    let page = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/items/3")))
        .await
        .body;
    assert!(
        page.contains("目标 4 处（原目标 5 处，已依决定调整）"),
        "first screen"
    );
    assert!(page.contains("区人大常委会 太人常〔2024〕5号（2024-07-01）"));
    assert!(page.contains("一处选址被规划调整占用"));
    let overview = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}")))
        .await
        .body;
    assert!(overview.contains("原目标 5 处"), "the overview card too");

    // Four facilities done in August: against the new target, the indicator is complete.
    let field = field_worker(&app, "feng").await;
    let mut done = report(&field, 1.0, "2024-08-01");
    done.item = 3;
    done.values = vec![IndicatorValue {
        code: "facilities".into(),
        input: IndicatorInput::Increment { amount: 4.0 },
    }];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(done.clone())]).await),
        ["applied"]
    );
    app.store
        .review_many(
            &[done.id],
            ReviewStatus::Accepted,
            None,
            &Actor::command_line(),
        )
        .await
        .expect("accept");
    let facilities = |body: &str| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(body).expect("json");
        let items = v["items"].as_array().cloned().unwrap_or_default();
        let item = items
            .iter()
            .find(|i| i["item"] == 3 || i["number"] == 3)
            .cloned()
            .expect("item 3");
        item["indicators"]
            .as_array()
            .and_then(|a| a.iter().find(|i| i["code"] == "facilities").cloned())
            .expect("facilities")
    };
    let late = facilities(
        &app.send(Req::new(
            Method::GET,
            &format!("/api/v1/plans/{PLAN}/progress?as_of=2024-12-31"),
        ))
        .await
        .body,
    );
    assert_eq!(late["target"], 4.0);
    assert_eq!(late["pace"]["percent"], 100.0);
    // Before the decision, the promise as published: history does not change.
    let early = facilities(
        &app.send(Req::new(
            Method::GET,
            &format!("/api/v1/plans/{PLAN}?as_of=2024-06-30"),
        ))
        .await
        .body,
    );
    assert_eq!(early["target"], 5.0);
    assert!(early.get("original_target").is_none());
    let after = facilities(
        &app.send(Req::new(
            Method::GET,
            &format!("/api/v1/plans/{PLAN}?as_of=2024-07-01"),
        ))
        .await
        .body,
    );
    assert_eq!(after["target"], 4.0);
    assert_eq!(after["original_target"], 5.0);

    // Audited, with the decision's particulars.
    let trail = app
        .store
        .audit(&AuditFilter {
            action: Some("indicator.decision".into()),
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].actor, "ducha");
    assert_eq!(
        trail[0].before.as_ref().map(|b| b["target"].clone()),
        Some(5.0.into())
    );
    assert_eq!(
        trail[0].after.as_ref().map(|a| a["doc_number"].clone()),
        Some("太人常〔2024〕5号".into())
    );
}

#[tokio::test]
async fn an_item_is_suspended_resumed_and_ended_only_by_recorded_decisions() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let ducha = app.sign_in("ducha").await;
    let shehui = app.sign_in("shehui").await;
    let path = format!("/plans/{PLAN}/items/3/decisions");
    let decide = |cookie: String, kind: &'static str, on: &'static str| {
        let app = &app;
        let path = path.clone();
        async move {
            app.send(Req::new(Method::POST, &path).cookie(&cookie).form(&[
                ("kind", kind),
                ("body", "区人大常委会"),
                ("doc_number", "太人常〔2024〕6号"),
                ("decided_on", on),
                ("reason", "选址重新论证"),
            ]))
            .await
        }
    };
    assert_eq!(
        decide(shehui.clone(), "suspend", "2024-08-01").await.status,
        403
    );
    assert_eq!(
        decide(ducha.clone(), "resume", "2024-08-01").await.status,
        422,
        "nothing to resume"
    );
    assert_eq!(
        decide(ducha.clone(), "suspend", "2024-08-01").await.status,
        303
    );
    assert_eq!(
        decide(ducha.clone(), "suspend", "2024-08-15").await.status,
        422,
        "already suspended"
    );

    let status_on = |day: &'static str| {
        let app = &app;
        async move {
            let body = app
                .send(Req::new(
                    Method::GET,
                    &format!("/api/v1/plans/{PLAN}/progress?as_of={day}"),
                ))
                .await
                .body;
            let v: serde_json::Value = serde_json::from_str(&body).expect("json");
            v["items"]
                .as_array()
                .and_then(|items| items.iter().find(|i| i["item"] == 3).cloned())
                .expect("item 3")["status"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        }
    };
    assert_ne!(
        status_on("2024-07-31").await,
        "suspended",
        "before the decision"
    );
    assert_eq!(status_on("2024-08-01").await, "suspended");
    let page = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}/items/3?as_of=2024-08-20"),
        ))
        .await
        .body;
    assert!(page.contains("经区人大常委会（太人常〔2024〕6号）决定，自 2024-08-01 起暂停实施"));
    // Resumed, then ended for good: from each decision's date on.
    assert_eq!(
        decide(ducha.clone(), "resume", "2024-09-01").await.status,
        303
    );
    assert_ne!(status_on("2024-09-15").await, "suspended");
    assert_eq!(decide(ducha.clone(), "end", "2024-10-01").await.status, 303);
    assert_eq!(status_on("2024-10-01").await, "ended");
    assert_eq!(
        decide(ducha.clone(), "resume", "2024-11-01").await.status,
        422,
        "ended for good"
    );
    let overview = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}?as_of=2024-12-31"),
        ))
        .await
        .body;
    assert!(
        overview.contains(r#"data-item="3" data-status="ended""#),
        "the card shows it"
    );
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM audit_log WHERE action = 'item.decision'")
            .await,
        3
    );
}
