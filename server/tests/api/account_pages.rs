//! The account pages: who sees what, and the administration forms.

use app::domain::account::Role;
use http::{Method, StatusCode};

use crate::helpers::{Req, spawn_app};

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_back() {
    let app = spawn_app().await;
    for path in ["/admin/users", "/report", "/account", "/admin/audit"] {
        let reply = app.send(Req::new(Method::GET, path)).await;
        assert_eq!(reply.status, StatusCode::FOUND, "{path}");
        assert_eq!(
            reply.location(),
            Some(format!("/login?next={path}").as_str())
        );
    }
    let login = app.send(Req::new(Method::GET, "/login?next=/report")).await;
    assert!(login.body.contains("name=\"next\" value=\"/report\""));
}

#[tokio::test]
async fn only_supervisors_see_account_administration() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let rep = app.sign_in("shiqiao").await;
    let refused = app
        .send(Req::new(Method::GET, "/admin/users").cookie(&rep))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("只有督查室用户可以管理账号"));
    assert!(
        !refused.body.contains("href=\"/admin/users\""),
        "no admin link for reporters"
    );

    let sup = app.sign_in("ducha").await;
    let page = app
        .send(Req::new(Method::GET, "/admin/users").cookie(&sup))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-user=\"shiqiao\""));
    assert!(page.body.contains("石桥镇政府"));
    assert!(page.body.contains("href=\"/admin/users\""));
}

#[tokio::test]
async fn a_supervisor_creates_an_account_with_the_form_and_errors_keep_the_input() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let sup = app.sign_in("ducha").await;
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = plan
        .units
        .iter()
        .find(|u| u.name == "许庄街道办事处")
        .expect("unit")
        .id
        .to_string();
    let form = |username: &'static str, password: &'static str| {
        let unit = unit.clone();
        move || {
            Req::new(Method::POST, "/admin/users").form(&[
                ("username", username),
                ("display_name", "孙干事"),
                ("unit_id", unit.as_str()),
                ("plan", "taibaihu-2024"),
                ("role", "reporter"),
                ("password", password),
            ])
        }
    };
    let short = app.send(form("sungan", "short")().cookie(&sup)).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("密码至少需要 8 个字符"));
    assert!(short.body.contains("value=\"sungan\""), "input kept");
    assert!(
        app.store
            .credentials("sungan")
            .await
            .expect("read")
            .is_none(),
        "nothing half-made"
    );

    let ok = app
        .send(form("sungan", "long enough password")().cookie(&sup))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(ok.location(), Some("/admin/users?done=created"));
    let done = app
        .send(Req::new(Method::GET, "/admin/users?done=created").cookie(&sup))
        .await;
    assert!(done.body.contains("账号已创建"));

    let taken = app
        .send(form("sungan", "long enough password")().cookie(&sup))
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.body.contains("用户名“sungan”已被使用"));
}

#[tokio::test]
async fn a_reporter_is_offered_only_their_units_items() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let cookie = app.sign_in("shiqiao").await;
    let page = app
        .send(Req::new(Method::GET, "/report").cookie(&cookie))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let town = plan
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("town")
        .id;
    // Items of the town where it reports at least one indicator (`domain::reporters`):
    // not item 14's district-wide standards, nor item 18's repairs.
    let expected: Vec<u32> = plan
        .items
        .iter()
        .filter(|i| i.involves(town))
        .filter(|i| {
            app::domain::reporters::indicators_of(&plan, i, town)
                .next()
                .is_some()
        })
        .map(|i| i.number)
        .collect();
    assert!(!expected.is_empty() && expected.len() < 20);
    assert!(!expected.contains(&14) && !expected.contains(&18) && expected.contains(&1));
    for item in &plan.items {
        let shown = page
            .body
            .contains(&format!("data-item=\"{}\"", item.number));
        assert_eq!(
            shown,
            expected.contains(&item.number),
            "item {}",
            item.number
        );
    }
    assert!(
        page.body.contains("href=\"/report\""),
        "the header offers reporting"
    );
}

#[tokio::test]
async fn supervisors_and_leaders_have_nothing_to_report() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let cookie = app.sign_in("ducha").await;
    let page = app
        .send(Req::new(Method::GET, "/report").cookie(&cookie))
        .await;
    assert!(page.body.contains("您的账号没有填报权限"));
    assert!(!page.body.contains("class=\"item-card reportable\""));
}
