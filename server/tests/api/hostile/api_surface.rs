//! The API's surface beyond single requests: server functions answer refusals with their
//! status, and the OpenAPI document names only operations that are routed.

use http::{Method, StatusCode};

use super::scene;
use crate::helpers::Req;

#[tokio::test]
async fn server_functions_answer_refusals_with_their_status() {
    let s = scene().await;
    let cases: [(&str, &str, &str, Option<&str>, StatusCode); 6] = [
        (
            "accounts as a reporter",
            "/fn/admin_users",
            "",
            Some("field"),
            StatusCode::FORBIDDEN,
        ),
        (
            "arguments missing",
            "/fn/item",
            "plan=taibaihu-2024",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown plan",
            "/fn/overview",
            "plan=nope",
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "item of an unknown plan",
            "/fn/item",
            "plan=nope&number=1",
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "as_of out of range",
            "/fn/overview",
            "plan=taibaihu-2024&as_of=1900-01-01",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "weekly as_of at chrono's end",
            "/fn/weekly",
            "plan=taibaihu-2024&as_of=%2B262142-12-31",
            Some("manager"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (name, path, body, who, status) in cases {
        let mut req = Req::new(Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string());
        match who {
            Some("field") => req = req.cookie(&s.field.cookie),
            Some(_) => req = req.cookie(&s.manager),
            None => {}
        }
        let reply = s.app.send(req).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.body);
    }
}

/// The OpenAPI document is generated from the code and names only routes that exist.
#[tokio::test]
async fn the_openapi_document_describes_every_route_it_names() {
    let s = scene().await;
    let (status, doc) = s.app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    for expected in [
        "/sync/push",
        "/sync/pull",
        "/plans/{id}/progress",
        "/session",
        "/audit",
        "/uploads",
        "/uploads/{id}",
        "/photos/{photo}/{part}",
    ] {
        assert!(paths.contains_key(expected), "{expected} is documented");
    }
    let mut operations = 0;
    for (path, methods) in paths {
        let concrete = path.replace("{id}", "1").replace(
            "/reports/1/",
            "/reports/01930000-0000-7000-8000-000000000000/",
        );
        for method in methods.as_object().expect("methods").keys() {
            let method: Method = method.to_uppercase().parse().expect("method");
            let reply = s
                .app
                .send(
                    Req::new(method.clone(), &format!("/api/v1{concrete}"))
                        .cookie(&s.supervisor)
                        .header("content-type", "application/json")
                        .body("{}".into()),
                )
                .await;
            let case = format!("{method} {path}");
            assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{case}");
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(&reply.body) {
                assert_ne!(
                    json["error"]["code"], "no_route",
                    "{case} is documented but not routed"
                );
            }
            assert!(!reply.status.is_server_error(), "{case}: {}", reply.body);
            operations += 1;
        }
    }
    assert!(operations >= 18, "{operations} operations");
}
