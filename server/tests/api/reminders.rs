//! 我的待办: a lead unit's manager sees, in one list with deadlines, the weeks it owes, the
//! month's submission, a 督办单 to answer, a report to review and a 代表意见 to answer —
//! the nearest deadline first, overdue ones marked — and a count on the overview; each
//! leaves the list when done, and the 督查室 sees the answer waiting for its 办结.

use app::domain::account::Role;
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{field_worker, new_op, push, report};

const PAGE: &str = "/plans/taibaihu-2024/reminders";

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let reply = app.send(Req::new(Method::GET, path).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.body
}

/// The kinds listed, in order.
fn kinds(body: &str) -> Vec<String> {
    body.match_indices("data-kind=\"")
        .map(|(i, _)| {
            let rest = &body[i + 11..];
            rest[..rest.find('"').expect("quote")].to_string()
        })
        .collect()
}

#[tokio::test]
async fn everything_owed_in_one_list_by_deadline() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    push(
        &app,
        &field.cookie,
        &[new_op(report(&field, 2.0, "2024-06-11"))],
    )
    .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("daibiao", "区党工委", Some(Role::Evaluator))
        .await;
    let manager = app.sign_in("shehui").await;
    let supervisor = app.sign_in("ducha").await;
    let evaluator = app.sign_in("daibiao").await;
    let unit = app.unit_id("区社会事业发展局").await.to_string();
    let issued = app
        .send(
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/notices")
                .cookie(&supervisor)
                .form(&[
                    ("unit_id", unit.as_str()),
                    ("colour", "red"),
                    ("requirement", "补齐剩余改造"),
                    ("deadline", "2025-12-30"),
                ]),
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER);
    let opinion = app
        .send(
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/opinions")
                .cookie(&evaluator)
                .form(&[("text", "建议公布改造户名单的核实方式")]),
        )
        .await;
    assert_eq!(opinion.status, StatusCode::SEE_OTHER, "{}", opinion.body);

    let mine = page(&app, &manager, PAGE).await;
    // The plan ended on 31 December 2024: its last two weeks (due 30 December and 6
    // January with a day's grace), December's submission (due 5 January), the red 督办单
    // (due 30 December 2025; red goes no higher), then what has no deadline.
    assert_eq!(
        kinds(&mine),
        [
            "weekly",
            "submission",
            "weekly",
            "directive",
            "review",
            "opinion"
        ],
        "{mine}"
    );
    assert_eq!(mine.matches(r#"data-overdue="true""#).count(), 4, "{mine}");
    assert!(mine.contains("补齐剩余改造") && mine.contains("建议公布改造户名单"));
    assert!(mine.contains("/plans/taibaihu-2024/submissions?month=2024-12"));
    let overview = page(&app, &manager, "/plans/taibaihu-2024").await;
    assert!(
        overview.contains("我的待办：6 项，其中 4 项已逾期"),
        "{overview}"
    );

    // Answered: off the unit's list, onto the 督查室's, until it is closed.
    let id = app.store.directives(PLAN, None).await.expect("list")[0].id;
    let answered = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/notices/{id}/respond"),
            )
            .cookie(&manager)
            .form(&[("response", "已补齐")]),
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    assert!(!kinds(&page(&app, &manager, PAGE).await).contains(&"directive".to_string()));
    let desk = page(&app, &supervisor, PAGE).await;
    assert_eq!(kinds(&desk), ["closing"], "{desk}");
    let closed = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/notices/{id}/close"),
            )
            .cookie(&supervisor)
            .form(&[]),
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert!(
        page(&app, &supervisor, PAGE)
            .await
            .contains("没有待办事项。")
    );
    let none = page(&app, &supervisor, "/plans/taibaihu-2024").await;
    assert!(!none.contains("我的待办："));
}
