//! Throttled sign-in and the same-origin check on every write.

use std::time::Duration;

use app::domain::account::Role;
use http::{Method, StatusCode};
use serde_json::json;
use server::auth::{AuthSettings, ThrottleSettings};

use crate::helpers::{PASSWORD, Req, spawn_app, spawn_app_with};

fn sign_in_as(username: &str, password: &str) -> Req {
    Req::new(Method::POST, "/api/v1/session")
        .json(json!({ "username": username, "password": password }))
}

#[tokio::test]
async fn repeated_failures_are_slowed_then_the_account_is_locked() {
    let app = spawn_app_with(AuthSettings {
        throttle: ThrottleSettings {
            slow_after: 100, // test the lock alone: no waits between tries
            lock_after_account: 3,
            lock_after_address: 100,
            lockout: Duration::from_secs(600),
            window: Duration::from_secs(600),
        },
        ..AuthSettings::default()
    })
    .await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    for _ in 0..3 {
        let r = app.send(sign_in_as("shiqiao", "wrong password")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Locked: even the right password is refused, with a clear message and Retry-After.
    let locked = app.send(sign_in_as("shiqiao", PASSWORD)).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    let message = locked.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("账号已暂时锁定") && message.contains("10 分钟"),
        "{message}"
    );
    let retry: u64 = locked
        .headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .expect("Retry-After");
    assert!((590..=600).contains(&retry), "{retry}");
}

#[tokio::test]
async fn after_a_few_failures_the_next_try_must_wait() {
    let app = spawn_app_with(AuthSettings {
        throttle: ThrottleSettings {
            slow_after: 2,
            ..ThrottleSettings::default()
        },
        ..AuthSettings::default()
    })
    .await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    for _ in 0..2 {
        app.send(sign_in_as("shiqiao", "wrong password")).await;
    }
    let slowed = app.send(sign_in_as("shiqiao", PASSWORD)).await;
    assert_eq!(slowed.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        slowed.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("秒后再试")
    );
}

#[tokio::test]
async fn a_success_clears_the_accounts_failures() {
    let app = spawn_app_with(AuthSettings {
        throttle: ThrottleSettings {
            slow_after: 100,
            lock_after_account: 3,
            ..ThrottleSettings::default()
        },
        ..AuthSettings::default()
    })
    .await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    for _ in 0..2 {
        app.send(sign_in_as("shiqiao", "wrong password")).await;
    }
    app.sign_in("shiqiao").await;
    for _ in 0..2 {
        app.send(sign_in_as("shiqiao", "wrong password")).await;
    }
    assert_eq!(
        app.send(sign_in_as("shiqiao", PASSWORD)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn writes_from_another_origin_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let cookie = app.sign_in("ducha").await;
    let before = app.audit_count().await;
    let create = || {
        Req::new(Method::POST, "/api/v1/users").cookie(&cookie).json(json!({
            "username": "victim-made", "display_name": "x", "unit_id": 1, "password": "long enough pw"
        }))
    };
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let r = app.send(create().header(header, value)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{header}: {value}");
        assert_eq!(r.json()["error"]["code"], "cross_site");
    }
    // HTML forms and Leptos server functions are covered by the same check.
    for path in ["/login", "/logout", "/admin/users", "/fn/audit"] {
        let r = app
            .send(
                Req::new(Method::POST, path)
                    .cookie(&cookie)
                    .header("origin", "https://evil.example")
                    .form(&[]),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.audit_count().await, before, "nothing was written");
    assert!(
        app.store
            .credentials("victim-made")
            .await
            .expect("read")
            .is_none()
    );

    // The same request from our own origin goes through.
    let ok = app
        .send(
            create()
                .header("origin", "http://127.0.0.1:3000")
                .header("sec-fetch-site", "same-origin"),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
}

#[tokio::test]
async fn no_get_request_changes_anything() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let cookie = app.sign_in("ducha").await;
    let before = app.audit_count().await;
    for path in [
        "/logout",
        "/login",
        "/admin/users",
        "/admin/users/1/disable",
        "/account/password",
        "/api/v1/users/1/disable",
        "/api/v1/session",
    ] {
        app.send(Req::new(Method::GET, path).cookie(&cookie)).await;
    }
    assert_eq!(app.audit_count().await, before);
    let me = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK, "GET /logout did not sign out");
}
