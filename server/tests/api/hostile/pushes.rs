//! What phones push: impossible values answered `rejected` per op and never counted, one
//! unreadable op not failing its batch, quarantine bounded, names from accounts, a
//! per-account rate limit the phone can honour.

use app::domain::report::{IndicatorInput, IndicatorValue, Report};
use http::{Method, StatusCode};
use serde_json::json;

use super::scene;
use crate::helpers::{PLAN, Req, spawn_app_with};
use crate::sync_support::{Field, field_worker, new_op, push, report};

type Spoil = fn(&mut Report);

fn impossible() -> Vec<(&'static str, Spoil)> {
    vec![
        ("captured after the plan ended", |r| {
            r.captured_on = "2025-01-02".parse().expect("d")
        }),
        ("captured in 1900", |r| {
            r.captured_on = "1900-01-01".parse().expect("d")
        }),
        ("captured in the future", |r| {
            r.captured_on = "2099-01-01".parse().expect("d")
        }),
        ("capture time in 1900", |r| {
            r.captured_at = "1900-01-01T00:00:00Z".parse().expect("t")
        }),
        ("capture time in 9999", |r| {
            r.captured_at = "9999-12-31T00:00:00Z".parse().expect("t")
        }),
        ("author of 100,000 characters", |r| {
            r.author = "王".repeat(100_000)
        }),
        ("narrative of 200,000 characters", |r| {
            r.narrative = "字".repeat(200_000)
        }),
        ("place of 3,000 characters", |r| r.place = "村".repeat(3000)),
        ("next steps over the limit", |r| {
            r.next_steps = "步".repeat(2001)
        }),
        ("negative increment", |r| {
            set(r, "households", IndicatorInput::Increment { amount: -5.0 })
        }),
        ("fractional increment", |r| {
            set(r, "households", IndicatorInput::Increment { amount: 0.5 })
        }),
        ("increment of 1e12", |r| {
            set(r, "households", IndicatorInput::Increment { amount: 1e12 })
        }),
        ("rate input on a count", |r| {
            set(r, "households", IndicatorInput::Current { value: 3.0 })
        }),
        ("milestone on a count", |r| {
            set(
                r,
                "households",
                IndicatorInput::Milestone {
                    done: true,
                    on: None,
                },
            )
        }),
        ("unknown indicator", |r| {
            set(r, "nope", IndicatorInput::Increment { amount: 1.0 })
        }),
        ("the same indicator twice", |r| {
            let v = r.values[0].clone();
            r.values.push(v);
        }),
        ("another item's number", |r| r.item = 99),
        ("another plan", |r| r.plan = "nope-2024".into()),
        ("another unit", |r| r.unit_id += 1000),
        ("another author", |r| r.author_id += 1000),
        ("empty report", |r| {
            r.values.clear();
            r.narrative.clear();
        }),
    ]
}

fn set(r: &mut Report, code: &str, input: IndicatorInput) {
    r.values = vec![IndicatorValue {
        code: code.into(),
        input,
    }];
}

async fn stored_reports(app: &crate::helpers::TestApp) -> i64 {
    app.raw_count("SELECT COUNT(*) FROM reports").await
}

#[tokio::test]
async fn impossible_reports_are_rejected_one_by_one_and_never_counted() {
    let s = scene().await;
    let cases = impossible();
    let mut ops = Vec::new();
    for (_, spoil) in &cases {
        let mut r = report(&s.field, 1.0, "2024-05-07");
        spoil(&mut r);
        ops.push(new_op(r));
    }
    let good = new_op(report(&s.field, 2.0, "2024-05-08"));
    ops.push(good.clone());
    let reply = push(&s.app, &s.field.cookie, &ops).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let results = reply.json()["results"].as_array().expect("results").clone();
    for ((name, _), result) in cases.iter().zip(&results) {
        assert_eq!(result["outcome"], "rejected", "{name}: {result}");
        let message = result["message"].as_str().unwrap_or_default();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{name}: {message}"
        );
    }
    assert_eq!(results.last().expect("good")["outcome"], "applied");
    assert_eq!(
        stored_reports(&s.app).await,
        1,
        "only the good report is stored"
    );
    // Quarantine keeps every refused op, each bounded.
    let kept = s.app.store.quarantine(500).await.expect("quarantine");
    assert_eq!(kept.len(), cases.len());
    for q in &kept {
        let size = serde_json::to_string(&q.content).expect("json").len();
        assert!(size <= 16 * 1024, "{:?} kept {size} bytes", q.reason);
    }
    assert!(
        kept.iter()
            .any(|q| q.reason.as_deref().unwrap_or("").contains("SHA-256")),
        "a cut op names the hash of what was sent"
    );
    println!("push value cases: {}", cases.len());
}

#[tokio::test]
async fn one_unreadable_op_does_not_fail_its_batch() {
    let s = scene().await;
    let first = new_op(report(&s.field, 1.0, "2024-05-07"));
    let last = new_op(report(&s.field, 1.0, "2024-05-08"));
    let mut broken =
        serde_json::to_value(new_op(report(&s.field, 1.0, "2024-05-09"))).expect("json");
    broken["report"]["values"][0]["input"]["amount"] = serde_json::Value::Null;
    let unreadable_shapes = [
        broken.clone(),
        json!({ "op_id": uuid::Uuid::now_v7(), "report": "not an object" }),
        json!({ "op_id": uuid::Uuid::now_v7(), "report": { "id": 5 } }),
        json!({ "op_id": uuid::Uuid::now_v7(), "base_revision": "one", "report": {} }),
        json!({ "op_id": uuid::Uuid::now_v7() }),
    ];
    for (i, bad) in unreadable_shapes.iter().enumerate() {
        let body = json!({ "ops": [first, bad, last] });
        let reply = s
            .app
            .send(
                Req::new(Method::POST, "/api/v1/sync/push")
                    .cookie(&s.field.cookie)
                    .json(body.clone()),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "shape {i}: {}", reply.body);
        let results = reply.json()["results"].clone();
        assert!(
            matches!(
                results[0]["outcome"].as_str(),
                Some("applied" | "already_had")
            ),
            "shape {i}: {results}"
        );
        assert_eq!(results[1]["outcome"], "rejected", "shape {i}: {results}");
        assert_eq!(results[1]["op_id"], bad["op_id"], "shape {i}");
        assert!(matches!(
            results[2]["outcome"].as_str(),
            Some("applied" | "already_had")
        ));
        // The same unreadable op again is answered the same way, and stored once.
        let again = s
            .app
            .send(
                Req::new(Method::POST, "/api/v1/sync/push")
                    .cookie(&s.field.cookie)
                    .json(body),
            )
            .await;
        assert_eq!(
            again.json()["results"][1]["outcome"],
            "rejected",
            "shape {i} again"
        );
    }
    assert_eq!(stored_reports(&s.app).await, 2);
    assert_eq!(
        s.app.store.quarantine(100).await.expect("quarantine").len(),
        unreadable_shapes.len()
    );
}

/// Two unreadable ops in one batch (the fuzzer's shape): each is answered on its own.
#[tokio::test]
async fn several_unreadable_ops_in_one_batch_are_each_rejected() {
    let s = scene().await;
    let mut a = serde_json::to_value(new_op(report(&s.field, 1.0, "2024-05-07"))).expect("json");
    a["report"]
        .as_object_mut()
        .expect("object")
        .remove("author_id");
    let mut b = serde_json::to_value(new_op(report(&s.field, 2.0, "2024-05-08"))).expect("json");
    b["report"]["values"][0]["input"]
        .as_object_mut()
        .expect("object")
        .remove("type");
    let good = new_op(report(&s.field, 1.0, "2024-05-09"));
    let reply = s
        .app
        .send(
            Req::new(Method::POST, "/api/v1/sync/push")
                .cookie(&s.field.cookie)
                .json(json!({ "ops": [a, b, good] })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let results = reply.json()["results"].clone();
    assert_eq!(results[0]["outcome"], "rejected", "{results}");
    assert_eq!(results[1]["outcome"], "rejected", "{results}");
    assert_eq!(results[2]["outcome"], "applied", "{results}");
}

#[tokio::test]
async fn names_shown_come_from_accounts_not_from_payloads() {
    let s = scene().await;
    let mut r = report(&s.field, 1.0, "2024-05-07");
    r.author = "督查室 王督查".into();
    let reply = push(&s.app, &s.field.cookie, &[new_op(r.clone())]).await;
    assert_eq!(
        reply.json()["results"][0]["outcome"],
        "applied",
        "{}",
        reply.body
    );
    let page = s
        .app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1").cookie(&s.manager))
        .await;
    assert!(
        page.body.contains("shiqiao 姓名"),
        "the account's name is shown"
    );
    assert!(!page.body.contains("王督查"), "the payload's name is not");
    let stored = s
        .app
        .store
        .report(r.id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored.report.author, "shiqiao 姓名");
    let csv = s
        .app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/reports.csv").cookie(&s.supervisor))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("shiqiao 姓名") && !csv.body.contains("王督查"),
        "{}",
        csv.body
    );
}

#[tokio::test]
async fn pushes_beyond_the_rate_limit_get_429_with_retry_after() {
    let app = spawn_app_with(server::auth::AuthSettings {
        push_per_minute: 3,
        ..Default::default()
    })
    .await;
    let field: Field = field_worker(&app, "shiqiao").await;
    for _ in 0..3 {
        let ok = push(&app, &field.cookie, &[]).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
    let refused = push(
        &app,
        &field.cookie,
        &[new_op(report(&field, 1.0, "2024-05-07"))],
    )
    .await;
    super::assert_refusal(
        "the fourth push in a minute",
        &refused,
        StatusCode::TOO_MANY_REQUESTS,
    );
    let wait: u64 = refused
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=20).contains(&wait), "{wait}");
    assert_eq!(app.raw_count("SELECT COUNT(*) FROM reports").await, 0);
    // Another account is not held up.
    let other = app
        .add_user(
            "xuzhuang",
            "许庄街道办事处",
            Some(app::domain::account::Role::Reporter),
        )
        .await;
    assert!(other > 0);
    let cookie = app.sign_in("xuzhuang").await;
    assert_eq!(push(&app, &cookie, &[]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_plan_api_reports_progress_and_pace_as_of_a_day() {
    let s = scene().await;
    let r = report(&s.field, 7.0, "2024-05-07");
    push(&s.app, &s.field.cookie, &[new_op(r.clone())]).await;
    let id = r.id.to_string();
    let accepted = super::post_form(
        &s.app,
        &s.manager,
        "/plans/taibaihu-2024/items/1/review",
        &[("report", id.as_str()), ("decision", "accept")],
    )
    .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let (status, plan) = s
        .app
        .get_json(&format!("/api/v1/plans/{PLAN}?as_of=2024-06-30"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let households = plan["items"][0]["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == "households")
        .expect("households")
        .clone();
    assert_eq!(households["actual"], 7.0, "{households}");
    let (_, before) = s
        .app
        .get_json(&format!("/api/v1/plans/{PLAN}?as_of=2024-05-06"))
        .await;
    assert_eq!(
        before["items"][0]["indicators"][0]["actual"], 0.0,
        "credited by capture date"
    );
    let (status, progress) = s
        .app
        .get_json(&format!("/api/v1/plans/{PLAN}/progress?as_of=2024-06-30"))
        .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    assert_eq!(progress["as_of"], "2024-06-30");
    let item1 = &progress["items"][0];
    assert_eq!(item1["item"], 1);
    assert!(item1["status"].is_string(), "{item1}");
    let ind = &item1["indicators"][0];
    assert_eq!(ind["actual"], 7.0, "{ind}");
    assert!(
        ind["pace"]["explanation"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );
}

/// Found by the push fuzzer: an op id sent again with other content is a conflict, and
/// sending that same conflicting content once more (the phone lost the answer) must be
/// answered the same way — it was recorded a second time and the push failed with 500.
#[tokio::test]
async fn a_conflict_retried_is_answered_again_not_failed() {
    let s = scene().await;
    let first = new_op(report(&s.field, 1.0, "2024-05-07"));
    let mut altered = first.clone();
    altered.report.narrative = "同一编号，另一内容".into();
    assert_eq!(
        push(&s.app, &s.field.cookie, std::slice::from_ref(&first))
            .await
            .json()["results"][0]["outcome"],
        "applied"
    );
    for attempt in 0..3 {
        let reply = push(&s.app, &s.field.cookie, std::slice::from_ref(&altered)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "attempt {attempt}: {}",
            reply.body
        );
        assert_eq!(
            reply.json()["results"][0]["outcome"],
            "conflict",
            "attempt {attempt}"
        );
    }
    assert_eq!(
        s.app
            .raw_count("SELECT COUNT(*) FROM report_ops WHERE outcome = 'conflict'")
            .await,
        1,
        "kept once"
    );
}
