//! Who may touch what, tried by those who may not: writes from another site, forged and
//! ended sessions, and one unit's users reaching for another unit's things (IDOR). Each
//! refusal is in the JSON shape (or the page's refusal) and changes nothing.

use http::{Method, StatusCode};

use super::{assert_refusal, post_form, scene};
use crate::helpers::{PLAN, Req};
use crate::sync_support::{new_op, push, report};

/// Every kind of write, as (method, path, body, is a page form).
fn writes(report_id: &str) -> Vec<(Method, String, String, bool)> {
    let json = |v: serde_json::Value| v.to_string();
    vec![
        (
            Method::POST,
            "/api/v1/sync/push".into(),
            json(serde_json::json!({ "ops": [] })),
            false,
        ),
        (
            Method::POST,
            "/api/v1/session".into(),
            json(serde_json::json!({ "username": "shiqiao", "password": "x" })),
            false,
        ),
        (
            Method::DELETE,
            "/api/v1/session".into(),
            String::new(),
            false,
        ),
        (
            Method::PUT,
            "/api/v1/session/password".into(),
            json(serde_json::json!({ "current_password": "a", "new_password": "b" })),
            false,
        ),
        (
            Method::POST,
            "/api/v1/users".into(),
            json(serde_json::json!({})),
            false,
        ),
        (
            Method::POST,
            "/api/v1/users/1/disable".into(),
            String::new(),
            false,
        ),
        (
            Method::PUT,
            "/api/v1/users/1/role".into(),
            json(serde_json::json!({})),
            false,
        ),
        (
            Method::POST,
            format!("/api/v1/reports/{report_id}/review"),
            json(serde_json::json!({ "decision": "accept" })),
            false,
        ),
        (
            Method::POST,
            "/login".into(),
            "username=shiqiao&password=x".into(),
            true,
        ),
        (Method::POST, "/logout".into(), String::new(), true),
        (
            Method::POST,
            "/plans/taibaihu-2024/items/1/review".into(),
            format!("report={report_id}&decision=accept"),
            true,
        ),
        (
            Method::POST,
            "/plans/taibaihu-2024/items/1/difficulties".into(),
            "title=a&detail=b".into(),
            true,
        ),
        (
            Method::POST,
            "/plans/taibaihu-2024/items/1/notices".into(),
            "colour=red".into(),
            true,
        ),
        (
            Method::POST,
            "/plans/taibaihu-2024/weekly/statement".into(),
            "item=1&week=2024-05-06&reason=x".into(),
            true,
        ),
        (
            Method::POST,
            "/admin/users".into(),
            "username=x".into(),
            true,
        ),
        (
            Method::POST,
            "/fn/overview".into(),
            "plan=taibaihu-2024".into(),
            true,
        ),
    ]
}

#[tokio::test]
async fn writes_from_another_site_are_refused_before_anything_runs() {
    let s = scene().await;
    let r = report(&s.field, 1.0, "2024-05-07");
    push(&s.app, &s.field.cookie, &[new_op(r.clone())]).await;
    let before = s.app.audit_count().await;
    let mut cases = 0;
    for (method, path, body, form) in writes(&r.id.to_string()) {
        for (header, value) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let content_type = if form {
                "application/x-www-form-urlencoded"
            } else {
                "application/json"
            };
            let reply = s
                .app
                .send(
                    Req::new(method.clone(), &path)
                        .cookie(&s.supervisor)
                        .header(header, value)
                        .header("content-type", content_type)
                        .body(body.clone()),
                )
                .await;
            let case = format!("{method} {path} with {header}: {value}");
            assert_refusal(&case, &reply, StatusCode::FORBIDDEN);
            assert_eq!(reply.json()["error"]["code"], "cross_site", "{case}");
            cases += 1;
        }
    }
    assert_eq!(s.app.audit_count().await, before, "nothing was written");
    let stored = s
        .app
        .store
        .report(r.id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(
        stored.status,
        app::sync::ReviewStatus::Submitted,
        "not reviewed"
    );
    println!("cross-site cases: {cases}");
}

#[tokio::test]
async fn forged_and_ended_sessions_are_signed_out() {
    let s = scene().await;
    let ended = s.app.sign_in("shehui").await;
    let out = s
        .app
        .send(Req::new(Method::DELETE, "/api/v1/session").cookie(&ended))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let disabled_user = s
        .app
        .add_user(
            "tingyong",
            "石桥镇政府",
            Some(app::domain::account::Role::Reporter),
        )
        .await;
    let disabled = s.app.sign_in("tingyong").await;
    let off = s
        .app
        .send(
            Req::new(
                Method::POST,
                &format!("/api/v1/users/{disabled_user}/disable"),
            )
            .cookie(&s.supervisor),
        )
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.body);
    let cookies = [
        (
            "a forged token",
            "taizhang_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_string(),
        ),
        ("an empty token", "taizhang_session=".to_string()),
        (
            "a token of 10,000 characters",
            format!("taizhang_session={}", "a".repeat(10_000)),
        ),
        ("a signed-out session", ended),
        ("a disabled account's session", disabled),
        (
            "the right token under another name",
            s.field.cookie.replace("taizhang_session", "session"),
        ),
    ];
    let mut cases = 0;
    for (name, cookie) in &cookies {
        for path in [
            "/api/v1/session",
            "/api/v1/sync/catalogue",
            "/api/v1/sync/pull",
        ] {
            let reply = s.app.send(Req::new(Method::GET, path).cookie(cookie)).await;
            assert_refusal(
                &format!("{name} on {path}"),
                &reply,
                StatusCode::UNAUTHORIZED,
            );
            cases += 1;
        }
    }
    println!("session cases: {cases}");
}

#[tokio::test]
async fn one_units_users_cannot_reach_another_units_things() {
    let s = scene().await;
    // 许庄街道 reports on item 1 too; its reporter is the one reaching over.
    let xu_unit = s.app.unit_id("许庄街道办事处").await;
    let xu = crate::sync_support::Field {
        name: "xuzhuang 姓名".into(),
        user_id: s
            .app
            .add_user(
                "xuzhuang",
                "许庄街道办事处",
                Some(app::domain::account::Role::Reporter),
            )
            .await,
        unit_id: xu_unit,
        cookie: s.app.sign_in("xuzhuang").await,
    };
    let theirs = report(&s.field, 1.0, "2024-05-07");
    push(&s.app, &s.field.cookie, &[new_op(theirs.clone())]).await;
    let id = theirs.id.to_string();
    let mut cases = 0;

    // Editing 石桥镇's report from 许庄: refused per op, the report unchanged.
    let mut edit = theirs.clone();
    edit.narrative = "改成别人的".into();
    edit.unit_id = xu.unit_id;
    edit.author_id = xu.user_id;
    let op = app::sync::ReportOp {
        op_id: uuid::Uuid::now_v7(),
        base_revision: Some(1),
        report: edit,
    };
    let reply = push(&s.app, &xu.cookie, &[op]).await;
    assert_eq!(
        reply.json()["results"][0]["outcome"],
        "rejected",
        "{}",
        reply.body
    );
    cases += 1;

    for (name, who, method, path, body, status) in [
        (
            "a reporter reviews",
            &s.field.cookie,
            Method::POST,
            format!("/api/v1/reports/{id}/review"),
            r#"{"decision":"accept"}"#.to_string(),
            StatusCode::FORBIDDEN,
        ),
        (
            "another unit's reporter reviews",
            &xu.cookie,
            Method::POST,
            format!("/api/v1/reports/{id}/review"),
            r#"{"decision":"return","comment":"x"}"#.to_string(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a reporter lists accounts",
            &xu.cookie,
            Method::GET,
            "/api/v1/users".to_string(),
            String::new(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a manager lists accounts",
            &s.manager,
            Method::GET,
            "/api/v1/users".to_string(),
            String::new(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a reporter reads the audit",
            &xu.cookie,
            Method::GET,
            "/api/v1/audit".to_string(),
            String::new(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a manager disables an account",
            &s.manager,
            Method::POST,
            format!("/api/v1/users/{}/disable", xu.user_id),
            String::new(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a reporter gives themself a role",
            &xu.cookie,
            Method::PUT,
            format!("/api/v1/users/{}/role", xu.user_id),
            r#"{"plan":"taibaihu-2024","role":"supervisor","categories":[]}"#.to_string(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a reporter resets a password",
            &xu.cookie,
            Method::PUT,
            format!("/api/v1/users/{}/password", s.field.user_id),
            r#"{"new_password":"a long new password"}"#.to_string(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a reporter downloads the raw CSV",
            &xu.cookie,
            Method::GET,
            "/plans/taibaihu-2024/reports.csv".to_string(),
            String::new(),
            StatusCode::FORBIDDEN,
        ),
    ] {
        let mut req = Req::new(method, &path).cookie(who);
        if !body.is_empty() {
            req = req.header("content-type", "application/json").body(body);
        }
        let reply = s.app.send(req).await;
        assert_refusal(name, &reply, status);
        cases += 1;
    }
    // Page forms reaching over: each refused with its status, nothing stored.
    for (name, who, path, fields) in [
        (
            "a reporter reviews through the page",
            &xu.cookie,
            "/plans/taibaihu-2024/items/1/review",
            vec![("report", id.as_str()), ("decision", "accept")],
        ),
        (
            "a manager reviews another unit's item",
            &s.manager,
            "/plans/taibaihu-2024/items/4/review",
            vec![("report", id.as_str()), ("decision", "accept")],
        ),
        (
            "a reporter issues a 督办单",
            &xu.cookie,
            "/plans/taibaihu-2024/items/1/notices",
            vec![
                ("unit_id", "1"),
                ("colour", "red"),
                ("requirement", "x"),
                ("deadline", "2024-07-15"),
            ],
        ),
        (
            "a reporter records a visit",
            &xu.cookie,
            "/plans/taibaihu-2024/items/1/visits",
            vec![
                ("visited_on", "2024-07-10"),
                ("place", "x"),
                ("findings", "y"),
            ],
        ),
        (
            "a manager sets another unit's schedule",
            &s.manager,
            "/plans/taibaihu-2024/items/4/schedule",
            vec![("code", "x"), ("nodes", "2024-12-31 1")],
        ),
        (
            "a reporter creates an account",
            &xu.cookie,
            "/admin/users",
            vec![
                ("username", "sneaky"),
                ("display_name", "x"),
                ("unit_id", "1"),
                ("password", "a long password"),
            ],
        ),
    ] {
        let reply = post_form(&s.app, who, path, &fields).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{name}: {}",
            reply.body
        );
        cases += 1;
    }
    let stored = s
        .app
        .store
        .report(theirs.id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(
        stored.report.narrative, theirs.narrative,
        "the report is untouched"
    );
    assert_eq!(stored.status, app::sync::ReviewStatus::Submitted);
    assert!(
        s.app
            .store
            .directives(PLAN, None)
            .await
            .expect("notices")
            .is_empty()
    );
    assert!(
        s.app
            .store
            .credentials("sneaky")
            .await
            .expect("read")
            .is_none()
    );
    // A pull shows only one's own unit's reports.
    let pulled = s
        .app
        .send(Req::new(Method::GET, "/api/v1/sync/pull?cursor=0").cookie(&xu.cookie))
        .await;
    assert!(!pulled.body.contains(&id), "另一单位的填报不出现在拉取中");
    cases += 1;
    println!("access cases: {cases}");
}
