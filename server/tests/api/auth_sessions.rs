//! Sign-in and sign-out, sessions, expiry, rotation, disabled users.

use std::time::Duration;

use app::domain::account::Role;
use app::domain::audit::Actor;
use http::{Method, StatusCode};
use serde_json::json;
use server::auth::AuthSettings;

use crate::helpers::{PASSWORD, Req, spawn_app, spawn_app_with};

#[tokio::test]
async fn signing_in_sets_an_http_only_cookie_and_the_session_names_the_user() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let reply = app
        .send(Req::new(Method::POST, "/api/v1/session").json(json!({
            "username": " ShiQiao ", "password": PASSWORD
        })))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cookie = reply.session_cookie().expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(reply.json()["user"]["unit"]["name"], "石桥镇政府");

    let me = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&reply.cookie_pair()))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "shiqiao");
    assert_eq!(me.json()["roles"][0]["role"], "reporter");
}

#[tokio::test]
async fn field_staff_stay_signed_in_for_thirty_days_office_users_for_twelve_hours() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let max_age = |cookie: String| -> u64 {
        cookie
            .split(';')
            .find_map(|p| p.trim().strip_prefix("Max-Age="))
            .and_then(|v| v.parse().ok())
            .expect("Max-Age")
    };
    for (user, expected) in [("shiqiao", 30 * 24 * 3600), ("ducha", 12 * 3600)] {
        let reply = app
            .send(Req::new(Method::POST, "/api/v1/session").json(json!({
                "username": user, "password": PASSWORD
            })))
            .await;
        assert_eq!(
            max_age(reply.session_cookie().expect("cookie")),
            expected,
            "{user}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_chinese_without_a_cookie() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    for (username, password) in [("shiqiao", "wrong password"), ("nobody", PASSWORD)] {
        let reply = app
            .send(Req::new(Method::POST, "/api/v1/session").json(json!({
                "username": username, "password": password
            })))
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.json()["error"]["message"], "用户名或密码错误。");
        assert!(reply.session_cookie().is_none());
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let cookie = app.sign_in("shiqiao").await;
    let out = app
        .send(Req::new(Method::DELETE, "/api/v1/session").cookie(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.session_cookie()
            .expect("clearing cookie")
            .contains("Max-Age=0")
    );
    // Replaying the old cookie does not work: the session is gone, not just the cookie.
    let me = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_id() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let first = app.sign_in("shiqiao").await;
    let second = app
        .send(
            Req::new(Method::POST, "/api/v1/session")
                .cookie(&first)
                .json(json!({ "username": "shiqiao", "password": PASSWORD })),
        )
        .await
        .cookie_pair();
    assert_ne!(first, second);
    let old = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&first))
        .await;
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "the previous id died at sign-in"
    );
    let new = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&second))
        .await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn an_expired_session_is_no_session() {
    let app = spawn_app_with(AuthSettings {
        office_session: Duration::ZERO,
        ..AuthSettings::default()
    })
    .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let cookie = app.sign_in("ducha").await;
    let me = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.json()["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_at_once_and_blocks_sign_in() {
    let app = spawn_app().await;
    let id = app
        .add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let cookie = app.sign_in("shiqiao").await;
    app.store
        .set_disabled(id, true, &Actor::command_line())
        .await
        .expect("disable");
    let me = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let again = app
        .send(Req::new(Method::POST, "/api/v1/session").json(json!({
            "username": "shiqiao", "password": PASSWORD
        })))
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        again.json()["error"]["message"],
        "账号已停用，请联系督查室。"
    );

    app.store
        .set_disabled(id, false, &Actor::command_line())
        .await
        .expect("enable");
    app.sign_in("shiqiao").await;
}

#[tokio::test]
async fn changing_ones_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let phone = app.sign_in("shiqiao").await;
    let office = app.sign_in("shiqiao").await;
    let wrong = app
        .send(
            Req::new(Method::PUT, "/api/v1/session/password")
                .cookie(&office)
                .json(json!({ "current_password": "not it at all", "new_password": "a new passphrase" })),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json()["error"]["message"], "当前密码不正确");

    let ok = app
        .send(
            Req::new(Method::PUT, "/api/v1/session/password")
                .cookie(&office)
                .json(json!({ "current_password": PASSWORD, "new_password": "a new passphrase" })),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    let status = |cookie: String| {
        let app = &app;
        async move {
            app.send(Req::new(Method::GET, "/api/v1/session").cookie(&cookie))
                .await
                .status
        }
    };
    assert_eq!(status(office).await, StatusCode::OK);
    assert_eq!(status(phone).await, StatusCode::UNAUTHORIZED);
    let new_login = app
        .send(Req::new(Method::POST, "/api/v1/session").json(json!({
            "username": "shiqiao", "password": "a new passphrase"
        })))
        .await;
    assert_eq!(new_login.status, StatusCode::OK);
}

#[tokio::test]
async fn the_sign_in_form_redirects_on_success_and_shows_the_error_beside_the_form() {
    let app = spawn_app().await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let bad = app
        .send(Req::new(Method::POST, "/login").form(&[
            ("username", "shiqiao"),
            ("password", "wrong password"),
            ("next", "/report"),
        ]))
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.body.contains("用户名或密码错误"), "{}", bad.body);
    assert!(
        bad.body.contains("value=\"shiqiao\""),
        "the username is kept"
    );
    assert!(
        !bad.body.contains("wrong password"),
        "the password is never echoed"
    );

    let good = app
        .send(Req::new(Method::POST, "/login").form(&[
            ("username", "shiqiao"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ]))
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    assert_eq!(good.location(), Some("/"), "only local paths are followed");
    let page = app
        .send(Req::new(Method::GET, "/").cookie(&good.cookie_pair()))
        .await;
    assert!(
        page.body.contains("shiqiao 姓名"),
        "the header names the user"
    );
    // Signing out goes through a page that first looks for unsent reports on the phone.
    assert!(page.body.contains("href=\"/logout\""));
    let sign_out = app
        .send(Req::new(Method::GET, "/logout").cookie(&good.cookie_pair()))
        .await;
    assert!(
        sign_out.body.contains("action=\"/logout\""),
        "{}",
        sign_out.body
    );
    assert!(sign_out.body.contains("shiqiao 姓名"));

    let out = app
        .send(Req::new(Method::POST, "/logout").cookie(&good.cookie_pair()))
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let me = app
        .send(Req::new(Method::GET, "/api/v1/session").cookie(&good.cookie_pair()))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_cookie_is_secure_when_asked_or_when_a_trusted_proxy_says_https() {
    let sign_in = || {
        Req::new(Method::POST, "/api/v1/session")
            .json(json!({ "username": "shiqiao", "password": PASSWORD }))
    };
    let plain = spawn_app().await;
    plain
        .add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let cookie = plain
        .send(sign_in().header("x-forwarded-proto", "https"))
        .await
        .session_cookie();
    assert!(
        !cookie.expect("cookie").contains("Secure"),
        "an untrusted header is ignored"
    );

    for settings in [
        AuthSettings {
            secure_cookies: true,
            ..AuthSettings::default()
        },
        AuthSettings {
            trust_proxy: true,
            ..AuthSettings::default()
        },
    ] {
        let app = spawn_app_with(settings).await;
        app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
            .await;
        let cookie = app
            .send(sign_in().header("x-forwarded-proto", "https"))
            .await
            .session_cookie();
        assert!(cookie.expect("cookie").ends_with("; Secure"));
    }
}
