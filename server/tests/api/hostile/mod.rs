//! The hostile-input suite: what a careless client and an attacker would send, each case
//! named, each with an explicit expectation (a 4xx with a Chinese message in the JSON
//! shape, nothing stored, the page escaping the payload, the server still answering).
//! Runs on both backends like the rest of the API suite. Case counts are printed by each
//! test and summed in the README.

mod access;
mod api_surface;
mod dates;
mod escaping;
mod headers;
mod pushes;
mod routing;
mod transport;

use app::domain::account::Role;
use http::{Method, StatusCode};

use crate::helpers::{Reply, Req, TestApp, spawn_app};
use crate::sync_support::{Field, field_worker};

/// An app with a reporter (石桥镇, co-unit of item 1), the manager of item 1's lead unit and
/// a supervisor, all signed in.
pub struct Scene {
    pub app: TestApp,
    pub field: Field,
    pub manager: String,
    pub supervisor: String,
}

pub async fn scene() -> Scene {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    Scene {
        manager: app.sign_in("shehui").await,
        supervisor: app.sign_in("ducha").await,
        field,
        app,
    }
}

pub async fn post_form(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
    app.send(Req::new(Method::POST, path).cookie(cookie).form(fields))
        .await
}

pub async fn get_as(app: &TestApp, cookie: &str, path: &str) -> Reply {
    app.send(Req::new(Method::GET, path).cookie(cookie)).await
}

/// The answer is a refusal in the documented shape: `status`, `{"error":{"code",
/// "message"}}`, a message in Chinese.
pub fn assert_refusal(case: &str, reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{case}: {}", reply.body);
    let json: serde_json::Value = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("{case}: not JSON ({e}): {}", reply.body));
    let code = json["error"]["code"].as_str();
    let message = json["error"]["message"].as_str().unwrap_or_default();
    assert!(
        code.is_some_and(|c| !c.is_empty()),
        "{case}: no code: {json}"
    );
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{case}: message not in Chinese: {json}"
    );
}

/// The server still answers after a hostile case.
pub async fn assert_alive(case: &str, app: &TestApp) {
    let (status, _) = app.get("/livez").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{case}: the server stopped answering"
    );
}
