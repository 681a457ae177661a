//! A 督办单 from issue to 办结 through the page forms: unanswered past its deadline it
//! escalates by itself (blue → yellow → red, each with a new deadline); the unit sees it on
//! its overview and answers late, and the lateness stays; the 督查室 sends the answer back
//! with a reason, the unit answers again, the 督查室 closes it. Steps out of turn are
//! refused and change nothing; the counters follow.

use app::domain::account::Role;
use chrono::Duration;
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Reply, Req, TestApp, spawn_app};

const SUPERVISION: &str = "/plans/taibaihu-2024/supervision";

struct Scene {
    app: TestApp,
    manager: String,
    supervisor: String,
    notice: i64,
}

async fn post(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
    app.send(Req::new(Method::POST, path).cookie(cookie).form(fields))
        .await
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let reply = app.send(Req::new(Method::GET, path).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.body
}

/// The `<li>` of notice `id` on a page.
fn entry(body: &str, id: i64) -> String {
    let start = body
        .find(&format!(r#"id="notice-{id}""#))
        .unwrap_or_else(|| panic!("notice {id} is on the page: {body}"));
    let end = body[start..]
        .find("</li><li id=")
        .map_or(body.len(), |e| start + e);
    body[start..end].to_string()
}

/// A blue 督办单 to 区社会事业发展局 on item 1, due 2025-12-30: long past today, so it has
/// escalated twice (yellow on 12-31 due 2026-01-04, red on 01-05 due 01-07).
async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let manager = app.sign_in("shehui").await;
    let supervisor = app.sign_in("ducha").await;
    let unit = app.unit_id("区社会事业发展局").await.to_string();
    let issued = post(
        &app,
        &supervisor,
        "/plans/taibaihu-2024/items/1/notices",
        &[
            ("unit_id", unit.as_str()),
            ("colour", "blue"),
            ("requirement", "年底前完成剩余 8 户改造"),
            ("deadline", "2025-12-30"),
        ],
    )
    .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let notice = app.store.directives(PLAN, None).await.expect("list")[0].id;
    Scene {
        app,
        manager,
        supervisor,
        notice,
    }
}

#[tokio::test]
async fn an_unanswered_notice_escalates_by_itself_and_its_unit_is_told() {
    let s = scene().await;
    let desk = page(&s.app, &s.supervisor, SUPERVISION).await;
    let n = entry(&desk, s.notice);
    for expected in [
        r#"data-colour="red""#,
        r#"data-phase="waiting""#,
        r#"data-overdue="true""#,
        r#"data-escalated="true""#,
        "2025-12-31 到期未答复，自动升为黄色督办单，新期限 2026-01-04",
        "2026-01-05 到期未答复，自动升为红色督办单，新期限 2026-01-07",
        "办结期限 2026-01-07（原期限 2025-12-30）",
    ] {
        assert!(n.contains(expected), "{expected} in {n}");
    }
    // The rule in force is on the page.
    assert!(desk.contains("蓝色升为黄色，再给 5 天"), "{desk}");
    // The 督查室 cannot close what nobody answered; nothing changes.
    let close = format!("/plans/taibaihu-2024/notices/{}/close", s.notice);
    let early = post(&s.app, &s.supervisor, &close, &[]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.body.contains("尚未答复"), "{}", early.body);
    // The unit's overview lists it with the deadline in force, linking to the 督办 page.
    let overview = page(&s.app, &s.manager, "/plans/taibaihu-2024").await;
    assert!(overview.contains("notices-owed"), "{overview}");
    assert!(
        overview.contains(&format!(
            "/plans/taibaihu-2024/supervision#notice-{}",
            s.notice
        )),
        "{overview}"
    );
    assert!(overview.contains("办结期限 2026-01-07"), "{overview}");
    // Not the 督查室's overview: it owes nothing.
    let theirs = page(&s.app, &s.supervisor, "/plans/taibaihu-2024").await;
    assert!(!theirs.contains("notices-owed"));
}

#[tokio::test]
async fn a_late_answer_is_sent_back_answered_again_and_closed() {
    let s = scene().await;
    let id = s.notice;
    let act = |what: &str| format!("/plans/taibaihu-2024/notices/{id}/{what}");
    // Answered from the 督办 page: back to it.
    let answered = post(
        &s.app,
        &s.manager,
        &act("respond"),
        &[("response", "已完成 5 户，余 3 户本周完成")],
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    assert_eq!(
        answered.location(),
        Some("/plans/taibaihu-2024/supervision?done=responded")
    );
    let again = post(&s.app, &s.manager, &act("respond"), &[("response", "再答")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let n = entry(&page(&s.app, &s.supervisor, SUPERVISION).await, id);
    assert!(
        n.contains(r#"data-phase="answered""#) && n.contains(r#"data-late="true""#),
        "{n}"
    );
    assert!(n.contains("逾期答复"), "{n}");
    // The unit may not close or send back its own 督办单.
    let today = app::domain::china_time::today();
    let next_week = (today + Duration::days(7)).to_string();
    let refused = post(&s.app, &s.manager, &act("close"), &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Sending back needs a reason and a deadline from today on.
    let audit_before = s.app.audit_count().await;
    let yesterday = (today - Duration::days(1)).to_string();
    for (reason, deadline, status) in [
        ("", next_week.as_str(), StatusCode::UNPROCESSABLE_ENTITY),
        (
            "未附照片",
            yesterday.as_str(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("未附照片", "下周", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let bad = post(
            &s.app,
            &s.supervisor,
            &act("send_back"),
            &[("reason", reason), ("deadline", deadline)],
        )
        .await;
        assert_eq!(bad.status, status, "{reason} {deadline}: {}", bad.body);
    }
    assert_eq!(
        s.app.audit_count().await,
        audit_before,
        "refusals change nothing"
    );
    // From the item page: back to it.
    let back = post(
        &s.app,
        &s.supervisor,
        &format!("{}?item=1", act("send_back")),
        &[("reason", "未附整改照片"), ("deadline", next_week.as_str())],
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert_eq!(
        back.location(),
        Some("/plans/taibaihu-2024/items/1?done=notice-sent-back")
    );
    let item = page(&s.app, &s.manager, "/plans/taibaihu-2024/items/1").await;
    let n = entry(&item, id);
    assert!(n.contains(r#"data-phase="waiting""#), "{n}");
    assert!(
        n.contains(&format!(
            "督查室退回：未附整改照片；重新答复期限 {next_week}"
        )),
        "{n}"
    );
    // The first answer stays in the timeline; the unit answers again, in time.
    assert!(n.contains("已完成 5 户，余 3 户本周完成"), "{n}");
    assert!(n.contains(&format!("/notices/{id}/respond?item=1")), "{n}");
    let answered = post(
        &s.app,
        &s.manager,
        &act("respond"),
        &[("response", "8 户全部完成，照片已上传")],
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let closed = post(&s.app, &s.supervisor, &act("close"), &[]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    for (what, fields) in [
        ("close", vec![]),
        ("respond", vec![("response", "补充")]),
        (
            "send_back",
            vec![("reason", "再退"), ("deadline", next_week.as_str())],
        ),
    ] {
        let late = post(&s.app, &s.supervisor, &act(what), &fields).await;
        assert!(
            [StatusCode::CONFLICT, StatusCode::FORBIDDEN].contains(&late.status),
            "{what} after 办结: {}",
            late.status
        );
    }
    let n = entry(&page(&s.app, &s.supervisor, SUPERVISION).await, id);
    assert!(n.contains(r#"data-phase="closed""#), "{n}");
    assert!(n.contains("已办结"), "{n}");
    // Closed in time in the second round, but the first answer's lateness stays.
    assert!(n.contains(r#"data-late="true""#), "{n}");
    assert!(!n.contains("/close"), "no more forms: {n}");
    // Counters: one issued this month to the unit, escalated, late, sent back once, closed.
    let desk = page(&s.app, &s.supervisor, SUPERVISION).await;
    let month = today.format("%Y-%m").to_string();
    let row_start = desk
        .find(&format!(
            r#"data-unit="区社会事业发展局" data-month="{month}""#
        ))
        .expect("the counters row");
    let row = &desk[row_start..row_start + desk[row_start..].find("</tr>").expect("row end")];
    let cells: Vec<&str> = row
        .split(r#"<td class="num">"#)
        .skip(1)
        .map(|c| c.split('<').next().unwrap_or(""))
        .collect();
    // issued, escalated, on time, late, sent back, closed, open, overdue
    assert_eq!(cells, ["1", "1", "0", "1", "1", "1", "0", "0"], "{row}");
    // Off the unit's overview.
    let overview = page(&s.app, &s.manager, "/plans/taibaihu-2024").await;
    assert!(!overview.contains("notices-owed"));
    for action in ["notice.respond", "notice.send_back", "notice.close"] {
        let n = s
            .app
            .raw_count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"
            ))
            .await;
        assert!(n >= 1, "{action} audited");
    }
}
