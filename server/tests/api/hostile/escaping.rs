//! No user-typed text reaches HTML unescaped: every field that is shown somewhere, with
//! payloads that try to close `<title>`, `<textarea>`, `<script>`, `<style>` and
//! attributes. A case passes when the payload never appears verbatim, its marker does
//! (the text was shown), the `<title>` holds no tag, and every `<script>` of the page
//! carries the nonce of the page's Content-Security-Policy.

use http::StatusCode;

use super::{Scene, get_as, post_form, scene};
use crate::helpers::{PLAN, Reply};
use crate::sync_support::{new_op, push, report};

/// Payloads, each with its marker `XSSn` to find it again.
pub const PAYLOADS: [&str; 8] = [
    "</title><script>alert('XSS0')</script>",
    "</textarea><script>alert('XSS1')</script>",
    "</script><script>alert('XSS2')</script>",
    "</style><script>alert('XSS3')</script>",
    "\"><img src=x onerror=alert('XSS4')>",
    "'><svg onload=alert('XSS5')>",
    "<!--XSS6--><script>alert(6)</script>",
    "&lt;script&gt;XSS7 <a href=\"javascript:alert(7)\">x</a>",
];

fn marker(i: usize) -> String {
    format!("XSS{i}")
}

/// The checks every page showing a payload must pass.
pub fn assert_escaped(case: &str, page: &Reply, payload: &str, marker: &str) {
    assert_eq!(page.status, StatusCode::OK, "{case}: {}", page.body);
    let body = &page.body;
    assert!(
        !body.contains(payload),
        "{case}: the payload appears unescaped"
    );
    assert!(
        body.contains(marker),
        "{case}: the text is not shown at all"
    );
    if let Some(start) = body.find("<title>") {
        let rest = &body[start + "<title>".len()..];
        let title = &rest[..rest.find("</title>").unwrap_or(rest.len())];
        assert!(
            !title.contains('<'),
            "{case}: a tag inside <title>: {title}"
        );
    }
    assert_scripts_carry_the_nonce(case, page);
}

/// Every `<script` of an HTML page carries the nonce its CSP names.
pub fn assert_scripts_carry_the_nonce(case: &str, page: &Reply) {
    let csp = page
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{case}: no Content-Security-Policy"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("{case}: no nonce in {csp}"));
    for (at, _) in page.body.match_indices("<script") {
        let tag = &page.body[at..at + page.body[at..].find('>').unwrap_or(0)];
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "{case}: a script without the page's nonce: {tag}"
        );
    }
}

const ITEM: &str = "/plans/taibaihu-2024/items/1";

async fn raise(s: &Scene, title: &str, detail: &str) -> String {
    let raised = post_form(
        &s.app,
        &s.manager,
        &format!("{ITEM}/difficulties"),
        &[("title", title), ("detail", detail)],
    )
    .await;
    assert_eq!(raised.status, StatusCode::SEE_OTHER, "{}", raised.body);
    raised
        .location()
        .expect("to the difficulty")
        .split('?')
        .next()
        .expect("path")
        .to_string()
}

#[tokio::test]
async fn difficulty_texts_are_escaped_on_the_difficulty_page() {
    let s = scene().await;
    let mut cases = 0;
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let m = marker(i);
        // The title is what the finding was about: it lands in <title> and <h1>.
        let page_path = raise(&s, payload, &format!("详情 {payload}")).await;
        let page = get_as(&s.app, &s.supervisor, &page_path).await;
        assert_escaped(
            &format!("difficulty title and detail, payload {i}"),
            &page,
            payload,
            &m,
        );
        // Comment, owner and status note, each through its own form.
        for (action, fields) in [
            ("comment", vec![("text", *payload)]),
            ("owner", vec![("text", &payload[..payload.len().min(60)])]),
            (
                "status",
                vec![("status", "coordinating"), ("text", *payload)],
            ),
        ] {
            let who = if action == "comment" {
                &s.field.cookie
            } else {
                &s.supervisor
            };
            let done = post_form(&s.app, who, &format!("{page_path}/{action}"), &fields).await;
            assert_eq!(
                done.status,
                StatusCode::SEE_OTHER,
                "{action} {i}: {}",
                done.body
            );
            let page = get_as(&s.app, &s.supervisor, &page_path).await;
            let shown = fields.last().map(|(_, v)| *v).unwrap_or_default();
            assert_escaped(
                &format!("difficulty {action}, payload {i}"),
                &page,
                shown,
                &m,
            );
            cases += 1;
        }
        cases += 1;
    }
    println!("escaping cases (difficulties): {cases}");
}

#[tokio::test]
async fn supervision_texts_are_escaped_on_the_item_page() {
    let s = scene().await;
    let lead = s.app.unit_id("区社会事业发展局").await.to_string();
    let mut cases = 0;
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let m = marker(i);
        let issued = post_form(
            &s.app,
            &s.supervisor,
            &format!("{ITEM}/notices"),
            &[
                ("unit_id", lead.as_str()),
                ("colour", "yellow"),
                ("requirement", payload),
                ("deadline", "2024-07-15"),
            ],
        )
        .await;
        assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
        let page = get_as(&s.app, &s.supervisor, ITEM).await;
        assert_escaped(
            &format!("督办单 requirement, payload {i}"),
            &page,
            payload,
            &m,
        );
        let notices = s
            .app
            .store
            .directives(PLAN, Some(1))
            .await
            .expect("notices");
        let id = notices.iter().map(|n| n.id).max().expect("a notice");
        let answered = post_form(
            &s.app,
            &s.manager,
            &format!("/plans/taibaihu-2024/notices/{id}/respond"),
            &[("response", &format!("答复 {payload}"))],
        )
        .await;
        assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
        let page = get_as(&s.app, &s.supervisor, ITEM).await;
        assert_escaped(&format!("督办单 response, payload {i}"), &page, payload, &m);
        let visit = post_form(
            &s.app,
            &s.supervisor,
            &format!("{ITEM}/visits"),
            &[
                ("visited_on", "2024-07-10"),
                ("place", &payload[..payload.len().min(100)]),
                ("findings", payload),
            ],
        )
        .await;
        assert_eq!(visit.status, StatusCode::SEE_OTHER, "{}", visit.body);
        let page = get_as(&s.app, &s.supervisor, ITEM).await;
        assert_escaped(
            &format!("visit place and findings, payload {i}"),
            &page,
            payload,
            &m,
        );
        cases += 3;
    }
    println!("escaping cases (supervision): {cases}");
}

#[tokio::test]
async fn report_texts_and_review_comments_are_escaped() {
    let s = scene().await;
    let mut cases = 0;
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let m = marker(i);
        let mut r = report(&s.field, 1.0, "2024-05-07");
        r.narrative = format!("进展 {payload}");
        r.difficulties = format!("困难 {payload}");
        r.next_steps = format!("计划 {payload}");
        r.place = payload.to_string();
        let pushed = push(&s.app, &s.field.cookie, &[new_op(r.clone())]).await;
        assert_eq!(pushed.status, StatusCode::OK, "{}", pushed.body);
        assert_eq!(
            pushed.json()["results"][0]["outcome"],
            "applied",
            "{}",
            pushed.body
        );
        let page = get_as(&s.app, &s.manager, ITEM).await;
        assert_escaped(
            &format!("report texts on the item page, payload {i}"),
            &page,
            payload,
            &m,
        );
        let id = r.id.to_string();
        let returned = post_form(
            &s.app,
            &s.manager,
            &format!("{ITEM}/review"),
            &[
                ("report", id.as_str()),
                ("decision", "return"),
                ("comment", payload),
            ],
        )
        .await;
        assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
        let page = get_as(&s.app, &s.manager, ITEM).await;
        assert_escaped(&format!("review comment, payload {i}"), &page, payload, &m);
        cases += 2;
    }
    println!("escaping cases (reports): {cases}");
}

#[tokio::test]
async fn names_and_refused_form_echoes_are_escaped() {
    let s = scene().await;
    let mut cases = 0;
    let units = s
        .app
        .store
        .plan(PLAN)
        .await
        .expect("read")
        .expect("plan")
        .units;
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let m = marker(i);
        // A display name typed by the supervisor, shown on the accounts page.
        let name: String = payload.chars().take(40).collect();
        let created = s
            .app
            .send(
                crate::helpers::Req::new(http::Method::POST, "/api/v1/users")
                    .cookie(&s.supervisor)
                    .json(serde_json::json!({
                        "username": format!("user{i}"),
                        "display_name": name,
                        "unit_id": units[0].id,
                        "password": "a long enough password",
                    })),
            )
            .await;
        if created.status == StatusCode::CREATED {
            let page = get_as(&s.app, &s.supervisor, "/admin/users").await;
            assert_escaped(&format!("display name, payload {i}"), &page, &name, &m);
        } else {
            // Refused names must be refused clearly, never half-stored.
            super::assert_refusal(
                &format!("display name, payload {i}"),
                &created,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        // A refused 分阶段目标 form shows what was typed inside its <textarea>.
        let refused = post_form(
            &s.app,
            &s.manager,
            &format!("{ITEM}/schedule"),
            &[
                ("code", "households"),
                ("nodes", &format!("不是日期 {payload}")),
            ],
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        let mut as_page = refused;
        as_page.status = StatusCode::OK;
        assert_escaped(
            &format!("schedule textarea echo, payload {i}"),
            &as_page,
            payload,
            &m,
        );
        // A refused sign-in shows the username typed.
        let login = s
            .app
            .send(
                crate::helpers::Req::new(http::Method::POST, "/login").form(&[
                    ("username", payload),
                    ("password", "wrong"),
                    ("next", "/"),
                ]),
            )
            .await;
        // Refused, or throttled after the first tries from this address.
        assert!(
            matches!(
                login.status,
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ),
            "{}",
            login.body
        );
        assert!(
            !login.body.contains(payload),
            "login echo, payload {i}: unescaped"
        );
        assert_scripts_carry_the_nonce(&format!("login echo, payload {i}"), &login);
        cases += 3;
    }
    println!("escaping cases (names and echoes): {cases}");
}
