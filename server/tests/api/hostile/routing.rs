//! Redirects go only to our own paths: `next` after sign-in with every trick that makes a
//! browser leave the site, and form paths holding control characters (which used to
//! panic the redirect and drop the connection).

use http::{Method, StatusCode};

use super::{assert_alive, scene};
use crate::helpers::{PASSWORD, Req};

const HOSTILE_NEXT: [&str; 14] = [
    "/\t/evil.example/x",
    "/%09/evil.example/x",
    "/\n/evil.example",
    "/\r/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/ /evil.example",
    "/\u{3000}/evil.example",
    "/a\r\nSet-Cookie: stolen=1",
    "evil.example",
];

#[tokio::test]
async fn sign_in_never_redirects_off_the_site() {
    let s = scene().await;
    for next in HOSTILE_NEXT {
        // `%09` as typed in a link arrives decoded in the form field.
        let next_value = next.replace("%09", "\t");
        let reply = s
            .app
            .send(Req::new(Method::POST, "/login").form(&[
                ("username", "shiqiao"),
                ("password", PASSWORD),
                ("next", &next_value),
            ]))
            .await;
        let case = format!("next = {next:?}");
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{case}: {}",
            reply.body
        );
        assert_eq!(reply.location(), Some("/"), "{case}");
        assert!(
            !reply.headers.contains_key("set-cookie")
                || reply
                    .headers
                    .get_all("set-cookie")
                    .iter()
                    .all(|v| !v.to_str().unwrap_or("").contains("stolen")),
            "{case}: header injected"
        );
    }
    println!("redirect cases: {}", HOSTILE_NEXT.len());
}

#[tokio::test]
async fn form_paths_with_control_characters_are_refused_cleanly() {
    let s = scene().await;
    let paths = [
        "/plans/x%0D%0ASet-Cookie:%20a=1/items/1/difficulties",
        "/plans/x%0A/items/1/notices",
        "/plans/%09/items/1/visits",
        "/plans/x%0D%0A/weekly/statement",
        "/plans/x%0D%0A/items/1/review",
        "/plans/x%0D%0A/items/1/schedule",
        "/plans/x%0D%0A/difficulties/1/comment",
        "/plans/x%0D%0A/notices/1/respond",
        "/plans/%E7%9F%B3/items/1/difficulties",
    ];
    for (signed_in, cookie) in [(false, ""), (true, s.manager.as_str())] {
        for path in paths {
            let mut req = Req::new(Method::POST, path).form(&[("title", "t"), ("detail", "d")]);
            if signed_in {
                req = req.cookie(cookie);
            }
            let reply = s.app.send(req).await;
            let case = format!("{path} (signed in: {signed_in})");
            assert!(
                reply.status.is_client_error() || reply.status == StatusCode::SEE_OTHER,
                "{case}: {} {}",
                reply.status,
                reply.body
            );
            if let Some(to) = reply.location() {
                assert!(
                    to.bytes().all(|b| (0x21..0x7f).contains(&b)),
                    "{case}: raw bytes in Location {to:?}"
                );
            }
            assert_alive(&case, &s.app).await;
        }
    }
}
