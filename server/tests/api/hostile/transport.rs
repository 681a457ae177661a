//! Malformed requests: every refusal, extractor rejections included, answers in the
//! documented JSON shape with a Chinese message and the right status; unknown API routes
//! and methods too. Server functions answer refusals as refusals, not 500.
// Over 500 lines: one table of malformed requests, one case a line, read top to bottom.

use http::{Method, StatusCode};

use super::{assert_alive, assert_refusal, scene};
use crate::helpers::Req;

struct Case {
    name: &'static str,
    method: Method,
    path: &'static str,
    content_type: Option<&'static str>,
    body: String,
    signed_in: bool,
    status: StatusCode,
}

fn case(
    name: &'static str,
    method: Method,
    path: &'static str,
    content_type: Option<&'static str>,
    body: &str,
    signed_in: bool,
    status: StatusCode,
) -> Case {
    Case {
        name,
        method,
        path,
        content_type,
        body: body.to_string(),
        signed_in,
        status,
    }
}

fn cases() -> Vec<Case> {
    use StatusCode as S;
    let json = Some("application/json");
    let push = "/api/v1/sync/push";
    let form = Some("application/x-www-form-urlencoded");
    let mut out = vec![
        case(
            "session: NUL in the username",
            Method::POST,
            "/api/v1/session",
            json,
            "{\"username\":\"a\\u0000b\",\"password\":\"x\"}",
            false,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: NUL in a key",
            Method::POST,
            push,
            json,
            "{\"ops\":[],\"\\u0000\":1}",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "plans: NUL in the path",
            Method::GET,
            "/api/v1/plans/a%00b",
            None,
            "",
            false,
            S::NOT_FOUND,
        ),
        case(
            "plans: escape in the path",
            Method::GET,
            "/api/v1/plans/%1B%5B31m",
            None,
            "",
            false,
            S::NOT_FOUND,
        ),
        case(
            "plans: NUL in the query",
            Method::GET,
            "/api/v1/plans/taibaihu-2024?as_of=%00",
            None,
            "",
            false,
            S::BAD_REQUEST,
        ),
        case(
            "form: NUL in a field",
            Method::POST,
            "/plans/taibaihu-2024/items/1/difficulties",
            form,
            "title=a%00&detail=b",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: not JSON",
            Method::POST,
            push,
            json,
            "{ops:",
            true,
            S::BAD_REQUEST,
        ),
        case(
            "push: empty body",
            Method::POST,
            push,
            json,
            "",
            true,
            S::BAD_REQUEST,
        ),
        case(
            "push: text/plain",
            Method::POST,
            push,
            Some("text/plain"),
            "{\"ops\":[]}",
            true,
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        case(
            "push: no content type",
            Method::POST,
            push,
            None,
            "{\"ops\":[]}",
            true,
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        case(
            "push: form content type",
            Method::POST,
            push,
            Some("application/x-www-form-urlencoded"),
            "ops=1",
            true,
            S::UNSUPPORTED_MEDIA_TYPE,
        ),
        case(
            "push: ops missing",
            Method::POST,
            push,
            json,
            "{}",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: ops not a list",
            Method::POST,
            push,
            json,
            "{\"ops\":5}",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: a list",
            Method::POST,
            push,
            json,
            "[]",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: null",
            Method::POST,
            push,
            json,
            "null",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: an op without op id",
            Method::POST,
            push,
            json,
            "{\"ops\":[{\"report\":{}}]}",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: op id not a UUID",
            Method::POST,
            push,
            json,
            "{\"ops\":[{\"op_id\":\"x\",\"report\":{}}]}",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: over the size limit",
            Method::POST,
            push,
            json,
            &format!("{{\"ops\":[\"{}\"]}}", "x".repeat(3 * 1024 * 1024)),
            true,
            S::PAYLOAD_TOO_LARGE,
        ),
        case(
            "push: 201 ops",
            Method::POST,
            push,
            json,
            &format!("{{\"ops\":[{}]}}", vec!["{}"; 201].join(",")),
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "push: signed out",
            Method::POST,
            push,
            json,
            "{\"ops\":[]}",
            false,
            S::UNAUTHORIZED,
        ),
        case(
            "push: GET",
            Method::GET,
            push,
            None,
            "",
            true,
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "push: DELETE",
            Method::DELETE,
            push,
            None,
            "",
            true,
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "pull: cursor not a number",
            Method::GET,
            "/api/v1/sync/pull?cursor=abc",
            None,
            "",
            true,
            S::BAD_REQUEST,
        ),
        case(
            "pull: cursor overflowing",
            Method::GET,
            "/api/v1/sync/pull?cursor=99999999999999999999999",
            None,
            "",
            true,
            S::BAD_REQUEST,
        ),
        case(
            "review: id not a UUID",
            Method::POST,
            "/api/v1/reports/nope/review",
            json,
            "{\"decision\":\"accept\"}",
            true,
            S::NOT_FOUND,
        ),
        case(
            "review: unknown report",
            Method::POST,
            "/api/v1/reports/01930000-0000-7000-8000-000000000000/review",
            json,
            "{\"decision\":\"accept\"}",
            true,
            S::NOT_FOUND,
        ),
        case(
            "review: decision missing",
            Method::POST,
            "/api/v1/reports/01930000-0000-7000-8000-000000000000/review",
            json,
            "{}",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "session: not JSON",
            Method::POST,
            "/api/v1/session",
            json,
            "username=x",
            false,
            S::BAD_REQUEST,
        ),
        case(
            "session: fields missing",
            Method::POST,
            "/api/v1/session",
            json,
            "{}",
            false,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "session: username a number",
            Method::POST,
            "/api/v1/session",
            json,
            "{\"username\":5,\"password\":\"x\"}",
            false,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "session: wrong password",
            Method::POST,
            "/api/v1/session",
            json,
            "{\"username\":\"shiqiao\",\"password\":\"x\"}",
            false,
            S::UNAUTHORIZED,
        ),
        case(
            "session: PATCH",
            Method::PATCH,
            "/api/v1/session",
            json,
            "{}",
            true,
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "users: as a reporter",
            Method::GET,
            "/api/v1/users",
            None,
            "",
            true,
            S::FORBIDDEN,
        ),
        case(
            "users: create not JSON",
            Method::POST,
            "/api/v1/users",
            json,
            "{",
            true,
            S::BAD_REQUEST,
        ),
        case(
            "users: id not a number",
            Method::POST,
            "/api/v1/users/abc/disable",
            None,
            "",
            true,
            S::NOT_FOUND,
        ),
        case(
            "users: id overflowing",
            Method::POST,
            "/api/v1/users/99999999999999999999/disable",
            None,
            "",
            true,
            S::NOT_FOUND,
        ),
        case(
            "audit: as a reporter",
            Method::GET,
            "/api/v1/audit",
            None,
            "",
            true,
            S::FORBIDDEN,
        ),
        case(
            "plans: unknown",
            Method::GET,
            "/api/v1/plans/nope",
            None,
            "",
            false,
            S::NOT_FOUND,
        ),
        case(
            "plans: as_of malformed",
            Method::GET,
            "/api/v1/plans/taibaihu-2024?as_of=soon",
            None,
            "",
            false,
            S::BAD_REQUEST,
        ),
        case(
            "plans: as_of at chrono's end",
            Method::GET,
            "/api/v1/plans/taibaihu-2024?as_of=%2B262142-12-31",
            None,
            "",
            false,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "progress: as_of in 1900",
            Method::GET,
            "/api/v1/plans/taibaihu-2024/progress?as_of=1900-01-01",
            None,
            "",
            false,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "plans: POST",
            Method::POST,
            "/api/v1/plans",
            json,
            "{}",
            true,
            S::METHOD_NOT_ALLOWED,
        ),
        case(
            "unknown API route",
            Method::GET,
            "/api/v1/nope",
            None,
            "",
            false,
            S::NOT_FOUND,
        ),
        case(
            "unknown API route, deep",
            Method::GET,
            "/api/v1/sync/push/extra",
            None,
            "",
            true,
            S::NOT_FOUND,
        ),
        case(
            "unknown API version",
            Method::GET,
            "/api/v1/../v2/plans",
            None,
            "",
            false,
            S::NOT_FOUND,
        ),
        case(
            "catalogue: signed out",
            Method::GET,
            "/api/v1/sync/catalogue",
            None,
            "",
            false,
            S::UNAUTHORIZED,
        ),
        case(
            "csv: signed out",
            Method::GET,
            "/plans/taibaihu-2024/reports.csv",
            None,
            "",
            false,
            S::UNAUTHORIZED,
        ),
        case(
            "csv: as a reporter",
            Method::GET,
            "/plans/taibaihu-2024/reports.csv",
            None,
            "",
            true,
            S::FORBIDDEN,
        ),
        case(
            "xlsx: bad month",
            Method::GET,
            "/plans/taibaihu-2024/monthly.xlsx?month=2024-13",
            None,
            "",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "xlsx: month of year 99999",
            Method::GET,
            "/plans/taibaihu-2024/monthly.xlsx?month=99999-01",
            None,
            "",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "xlsx: month 0",
            Method::GET,
            "/plans/taibaihu-2024/monthly.xlsx?month=2024-00",
            None,
            "",
            true,
            S::UNPROCESSABLE_ENTITY,
        ),
    ];
    // Every server function refuses a signed-out caller with 401 (not 500).
    for endpoint in [
        "weekly",
        "quarterly",
        "admin_users",
        "quarantine",
        "report_items",
    ] {
        out.push(Case {
            name: "server function, signed out",
            method: Method::POST,
            path: Box::leak(format!("/fn/{endpoint}").into_boxed_str()),
            content_type: Some("application/x-www-form-urlencoded"),
            body: "plan=taibaihu-2024".into(),
            signed_in: false,
            status: S::UNAUTHORIZED,
        });
    }
    out
}

#[tokio::test]
async fn malformed_requests_get_the_documented_json_error() {
    let s = scene().await;
    let all = cases();
    for c in &all {
        let mut req = Req::new(c.method.clone(), c.path);
        if c.signed_in {
            req = req.cookie(&s.field.cookie);
        }
        if let Some(ct) = c.content_type {
            req = req.header("content-type", ct);
        }
        let req = req.body(c.body.clone());
        let reply = s.app.send(req).await;
        let name = format!("{} ({} {})", c.name, c.method, c.path);
        if c.path.starts_with("/fn/") {
            // Server functions answer with their own encoded error, at the right status.
            assert_eq!(reply.status, c.status, "{name}: {}", reply.body);
        } else {
            assert_refusal(&name, &reply, c.status);
        }
        assert_alive(&name, &s.app).await;
    }
    println!("transport cases: {}", all.len());
}
