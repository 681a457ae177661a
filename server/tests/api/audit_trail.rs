//! The audit trail: a row per write with who, what, before and after; none for refusals;
//! rows cannot be changed; the supervisor can filter them.

use app::domain::account::Role;
use app::domain::audit::{AuditAction, AuditFilter};
use http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Req, spawn_app};

#[tokio::test]
async fn a_write_records_who_what_before_and_after() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let target = app
        .add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let cookie = app.sign_in("ducha").await;
    let reply = app
        .send(
            Req::new(Method::PUT, &format!("/api/v1/users/{target}/role"))
                .cookie(&cookie)
                .json(json!({ "plan": "taibaihu-2024", "role": "unit_manager", "categories": [] })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let rows = app
        .store
        .audit(&AuditFilter {
            action: Some("user.set_role".into()),
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.actor, "ducha");
    assert_eq!(row.entity_id.as_deref(), Some(target.to_string().as_str()));
    assert_eq!(
        row.before.as_ref().map(|b| &b["role"]),
        Some(&json!("reporter"))
    );
    assert_eq!(
        row.after.as_ref().map(|a| &a["role"]),
        Some(&json!("unit_manager"))
    );
}

#[tokio::test]
async fn loading_the_plan_and_signing_in_are_recorded_too() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.sign_in("ducha").await;
    let rows = app
        .store
        .audit(&AuditFilter::default())
        .await
        .expect("audit");
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        ["session.sign_in", "user.create", "plan.import"],
        "newest first"
    );
    assert_eq!(rows[2].actor, "系统");
    assert_eq!(rows[1].actor, "命令行");
}

#[tokio::test]
async fn password_hashes_never_reach_the_audit_trail() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let target = app
        .add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let cookie = app.sign_in("ducha").await;
    app.send(
        Req::new(Method::PUT, &format!("/api/v1/users/{target}/password"))
            .cookie(&cookie)
            .json(json!({ "new_password": "reset by supervisor" })),
    )
    .await;
    let rows = app
        .store
        .audit(&AuditFilter::default())
        .await
        .expect("audit");
    let all = serde_json::to_string(&rows).expect("json");
    assert!(!all.contains("argon2"), "{all}");
    assert!(!all.contains("reset by supervisor"));
    assert!(rows.iter().any(|r| r.action == "user.reset_password"));
}

#[tokio::test]
async fn audit_rows_cannot_be_edited_or_deleted_even_in_the_database() {
    let app = spawn_app().await;
    let update = app
        .raw_execute("UPDATE audit_log SET actor = 'someone else'")
        .await;
    assert!(update.is_err(), "UPDATE must be refused: {update:?}");
    let delete = app.raw_execute("DELETE FROM audit_log").await;
    assert!(delete.is_err(), "DELETE must be refused: {delete:?}");
    assert_eq!(app.audit_count().await, 1);
}

#[tokio::test]
async fn the_supervisor_filters_the_trail_by_actor_and_action() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let sup = app.sign_in("ducha").await;
    let rep = app.sign_in("shiqiao").await;
    let by_actor = app
        .send(Req::new(Method::GET, "/api/v1/audit?actor=shiqiao").cookie(&sup))
        .await
        .json();
    let actions: Vec<&str> = by_actor
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(actions, ["session.sign_in"]);
    let by_action = app
        .send(Req::new(Method::GET, "/api/v1/audit?action=user.create").cookie(&sup))
        .await
        .json();
    assert_eq!(by_action.as_array().map(Vec::len), Some(2));
    // The reporter may not read the trail.
    let refused = app
        .send(Req::new(Method::GET, "/api/v1/audit").cookie(&rep))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // The audit page shows it with Chinese action names.
    let page = app
        .send(Req::new(Method::GET, "/admin/audit?action=user.create").cookie(&sup))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("data-action=\"user.create\"").count(), 2);
    assert!(page.body.contains("新建用户"));
    // Its filter offers every action the server writes, each with its Chinese name.
    for action in AuditAction::ALL {
        assert!(
            page.body
                .contains(&format!("<option value=\"{}\"", action.as_str())),
            "{} is not offered",
            action.as_str()
        );
        assert!(page.body.contains(action.label()), "{}", action.label());
    }
}

/// The audit page reads in words: Chinese labels and codes, record ids shortened; the raw
/// JSON with the whole ids only inside its "原始数据" details.
#[tokio::test]
async fn the_audit_page_speaks_chinese_not_json() {
    let app = spawn_app().await;
    let field = crate::sync_support::field_worker(&app, "shiqiao").await;
    let op = crate::sync_support::new_op(crate::sync_support::report(&field, 2.0, "2024-05-07"));
    crate::sync_support::push(&app, &field.cookie, std::slice::from_ref(&op)).await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let sup = app.sign_in("ducha").await;
    let page = app
        .send(Req::new(Method::GET, "/admin/audit?action=report.push").cookie(&sup))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let row_start = page
        .body
        .find(r#"data-action="report.push""#)
        .expect("the push row");
    let row = &page.body[row_start..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(row.contains("已入账：1 条"), "{row}");
    let id = op.report.id.to_string();
    let (main, raw) = row
        .split_once("<details")
        .expect("the raw data is one click away");
    assert!(
        !main.contains(&id) && !main.contains("{\""),
        "no ids or JSON: {main}"
    );
    assert!(raw.contains("原始数据") && raw.contains(&id), "{raw}");
}
