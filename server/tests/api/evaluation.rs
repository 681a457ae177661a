//! 满意度测评 (issue 14): the 督查室 opens a window, 测评代表 rate every item once, the clerk
//! enters paper ballots under numbers never used twice, and once the window closes the
//! results follow the rule and are public, with the public's ratings beside them.

use app::domain::account::Role;
use app::domain::audit::AuditFilter;
use http::Method;

use crate::helpers::{PLAN, Req, TestApp, spawn_app};

const ITEMS: u32 = 20;

/// A ballot form: every item rated `rating`, except those in `except`.
fn ballot(rating: &'static str, except: &[(u32, &'static str)]) -> Vec<(String, String)> {
    (1..=ITEMS)
        .map(|n| {
            let r = except
                .iter()
                .find_map(|(i, r)| (*i == n).then_some(*r))
                .unwrap_or(rating);
            (format!("item-{n}"), r.to_string())
        })
        .collect()
}

async fn post(
    app: &TestApp,
    cookie: &str,
    action: &str,
    fields: &[(String, String)],
) -> crate::helpers::Reply {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.send(
        Req::new(Method::POST, &format!("/plans/{PLAN}/evaluation/{action}"))
            .cookie(cookie)
            .form(&fields),
    )
    .await
}

#[tokio::test]
async fn the_panel_rates_every_item_once_and_the_results_follow_the_rule() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("daibiao", "区党工委", Some(Role::Evaluator))
        .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let (ducha, daibiao, shehui) = (
        app.sign_in("ducha").await,
        app.sign_in("daibiao").await,
        app.sign_in("shehui").await,
    );

    // Nobody votes before the window opens; only the 督查室 opens it.
    assert_eq!(
        post(&app, &daibiao, "ballot", &ballot("satisfied", &[]))
            .await
            .status,
        409
    );
    assert_eq!(post(&app, &daibiao, "open", &[]).await.status, 403);
    assert_eq!(post(&app, &ducha, "open", &[]).await.status, 303);
    assert_eq!(
        post(&app, &ducha, "open", &[]).await.status,
        409,
        "one window at a time"
    );

    // The 测评代表 must rate every item, and only once.
    let mut short = ballot("satisfied", &[]);
    short.retain(|(k, _)| k != "item-7");
    let refused = post(&app, &daibiao, "ballot", &short).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("第 7 项尚未选择"));
    assert_eq!(
        post(&app, &daibiao, "ballot", &ballot("satisfied", &[]))
            .await
            .status,
        303
    );
    let again = post(&app, &daibiao, "ballot", &ballot("unsatisfied", &[])).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("每人只能评价一次"));
    assert_eq!(
        post(&app, &shehui, "ballot", &ballot("satisfied", &[]))
            .await
            .status,
        403
    );

    // Three paper ballots, each under its own number; a number is never entered twice.
    let paper = |number: &str, rating: &'static str, except: &[(u32, &'static str)]| {
        let mut f = ballot(rating, except);
        f.push(("ballot_number".to_string(), number.to_string()));
        f
    };
    for (number, rating, except) in [
        ("A-001", "satisfied", vec![(1, "basic")]),
        ("A-002", "basic", vec![(2, "satisfied")]),
        ("A-003", "unsatisfied", vec![(2, "satisfied")]),
    ] {
        let reply = post(&app, &ducha, "paper", &paper(number, rating, &except)).await;
        assert_eq!(reply.status, 303, "{number}: {}", reply.body);
    }
    let twice = post(&app, &ducha, "paper", &paper("A-002", "satisfied", &[])).await;
    assert_eq!(twice.status, 409);
    assert!(twice.body.contains("编号为 A-002 的选票已录入"));
    assert_eq!(
        post(&app, &ducha, "paper", &paper("第四张", "satisfied", &[]))
            .await
            .status,
        422
    );
    assert_eq!(
        post(&app, &shehui, "paper", &paper("A-009", "satisfied", &[]))
            .await
            .status,
        403
    );

    // A resident's rating is shown beside the panel's, never counted in it.
    let resident = app
        .send(
            Req::new(Method::POST, &format!("/plans/{PLAN}/items/2/feedback"))
                .form(&[("rating", "unsatisfied"), ("suggestion", "")]),
        )
        .await;
    assert_eq!(resident.status, 303);

    // While open, the public sees no results, the 督查室 does.
    let public_open = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/evaluation")))
        .await;
    assert!(public_open.body.contains("测评进行中"));
    assert!(!public_open.body.contains("evaluation-results"));
    let xlsx_open = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}/evaluation.xlsx"),
        ))
        .await;
    assert_eq!(xlsx_open.status, 403);

    assert_eq!(post(&app, &ducha, "close", &[]).await.status, 303);
    assert_eq!(
        post(&app, &ducha, "paper", &paper("A-004", "satisfied", &[]))
            .await
            .status,
        409,
        "closed"
    );

    // Results, public now, by the rule (more than half):
    let page = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/evaluation")))
        .await
        .body;
    // item 1: 满意 1 (代表), 基本满意 2, 不满意 1: 满意 1 of 4 is not
    // more than half, 满意 + 基本满意 3 of 4 is → 基本满意;
    assert!(
        page.contains("data-item=\"1\" data-result=\"basic\""),
        "item 1"
    );
    // item 2: every ballot 满意 → 满意, whatever the resident said;
    assert!(
        page.contains("data-item=\"2\" data-result=\"satisfied\""),
        "item 2"
    );
    // item 3: 满意 2 (代表, A-001) of 4 is exactly half, not more → 基本满意 (3 of 4).
    assert!(
        page.contains("data-item=\"3\" data-result=\"basic\""),
        "item 3"
    );
    assert!(
        page.contains("不满意 1（共 1 人次）"),
        "the public's rating beside"
    );
    let xlsx = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}/evaluation.xlsx"),
        ))
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(
        xlsx.headers["content-type"]
            .to_str()
            .unwrap_or_default()
            .contains("spreadsheetml")
    );

    // Every ballot is audited; the paper ones with their numbers.
    let papers = app
        .store
        .audit(&AuditFilter {
            action: Some("ballot.paper".into()),
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(papers.len(), 3);
    assert!(papers.iter().all(|e| e.actor == "ducha"));
    assert!(papers.iter().any(|e| {
        e.after
            .as_ref()
            .is_some_and(|a| a["ballot_number"] == "A-002")
    }));
}
