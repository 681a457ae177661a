//! Fuzzing the push decoder and the form decoders through the real router: mutated
//! copies of valid bodies and arbitrary bytes never get a 5xx, and a push answered 200 is
//! always a real acknowledgement. `TAIZHANG_FUZZ_SECONDS=600 cargo test --release -p
//! server --test api fuzz::` is the ten-minute run (README).

#[path = "../../../app/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use http::{Method, StatusCode};
use proptest::prelude::*;

use fuzz_support::{apply, edit, fuzz};

use crate::helpers::Req;
use crate::hostile::scene;
use crate::sync_support::{new_op, report};

#[test]
fn pushes_never_get_a_server_error() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let s = rt.block_on(scene());
    let valid = serde_json::to_string(&app::sync::PushRequest {
        ops: vec![
            new_op(report(&s.field, 1.0, "2024-05-07")),
            new_op(report(&s.field, 2.0, "2024-05-08")),
        ],
    })
    .expect("json");
    let bodies = prop_oneof![
        4 => proptest::collection::vec(edit(), 1..8).prop_map(move |e| apply(&valid, &e).into_bytes()),
        1 => proptest::collection::vec(any::<u8>(), 0..300),
    ];
    fuzz("push decoder", bodies, |body| {
        let reply = rt.block_on(
            s.app.send(
                Req::new(Method::POST, "/api/v1/sync/push")
                    .cookie(&s.field.cookie)
                    .header("content-type", "application/json")
                    .body_bytes(body),
            ),
        );
        prop_assert!(
            !reply.status.is_server_error(),
            "{}: {}",
            reply.status,
            reply.body
        );
        if reply.status == StatusCode::OK {
            let answer: app::sync::PushResponse = serde_json::from_str(&reply.body)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(answer.ack, app::sync::ACK);
        }
        Ok(())
    });
}

const FORMS: [(&str, &str); 10] = [
    ("/login", "username=shiqiao&password=x&next=%2Ffield"),
    (
        "/plans/taibaihu-2024/items/1/difficulties",
        "title=%E8%B5%84%E9%87%91&detail=%E7%BC%BA%E5%8F%A3",
    ),
    (
        "/plans/taibaihu-2024/items/1/notices",
        "unit_id=1&colour=red&requirement=x&deadline=2024-07-15",
    ),
    (
        "/plans/taibaihu-2024/items/1/visits",
        "visited_on=2024-07-10&place=a&findings=b",
    ),
    (
        "/plans/taibaihu-2024/items/1/review",
        "report=01930000-0000-7000-8000-000000000000&decision=accept&comment=",
    ),
    (
        "/plans/taibaihu-2024/items/1/schedule",
        "code=households&nodes=2024-06-30+10%0A2024-12-31+30",
    ),
    (
        "/plans/taibaihu-2024/weekly/statement",
        "item=1&week=2024-05-06&reason=x",
    ),
    ("/plans/taibaihu-2024/difficulties/1/comment", "text=x"),
    (
        "/admin/users",
        "username=abc&display_name=x&unit_id=1&password=long+enough+pw&role=reporter",
    ),
    ("/account/password", "current_password=a&new_password=b"),
];

#[test]
fn forms_never_get_a_server_error() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let s = rt.block_on(scene());
    let cases = (
        0..FORMS.len(),
        proptest::collection::vec(edit(), 0..8),
        prop_oneof![Just(0u8), Just(1u8), Just(2u8)],
    );
    fuzz("form decoders", cases, |(form, edits, who)| {
        let (path, valid) = FORMS[form];
        let body = apply(valid, &edits);
        let cookie = match who {
            0 => s.supervisor.as_str(),
            1 => s.manager.as_str(),
            _ => s.field.cookie.as_str(),
        };
        let reply = rt.block_on(
            s.app.send(
                Req::new(Method::POST, path)
                    .cookie(cookie)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone()),
            ),
        );
        prop_assert!(
            !reply.status.is_server_error(),
            "{path} {body:?}: {} {}",
            reply.status,
            reply.body.chars().take(300).collect::<String>()
        );
        Ok(())
    });
}
