//! 督查督办 end to end through the page forms: a difficulty raised from a report and
//! coordinated to resolution with its timeline; a 督办单 issued, flagged overdue, answered
//! once; an on-site visit recorded. Bad input changes nothing.

use app::domain::account::Role;
use app::domain::supervision::DifficultyStatus;
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Reply, Req, TestApp, spawn_app};
use crate::sync_support::{field_worker, new_op, push, report};

struct Scene {
    app: TestApp,
    reporter: String,
    manager: String,
    supervisor: String,
    report: uuid::Uuid,
}

async fn scene() -> Scene {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let mut r = report(&field, 2.0, "2024-05-07");
    r.difficulties = "两户老人拒绝入户施工，需要镇村两级做工作".into();
    assert_eq!(
        push(&app, &field.cookie, &[new_op(r.clone())]).await.status,
        StatusCode::OK
    );
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    Scene {
        manager: app.sign_in("shehui").await,
        supervisor: app.sign_in("ducha").await,
        reporter: field.cookie,
        report: r.id,
        app,
    }
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

#[tokio::test]
async fn a_difficulty_from_a_report_is_coordinated_to_resolution() {
    let s = scene().await;
    let id = s.report.to_string();
    let raised = post(
        &s.app,
        &s.manager,
        "/plans/taibaihu-2024/items/1/difficulties",
        &[("from_report", id.as_str())],
    )
    .await;
    assert_eq!(raised.status, StatusCode::SEE_OTHER, "{}", raised.body);
    let location = raised.location().expect("to the difficulty").to_string();
    let list = s.app.store.difficulties(PLAN, Some(1)).await.expect("list");
    assert_eq!(list.len(), 1);
    let d = &list[0];
    assert_eq!(d.report_id.as_deref(), Some(id.as_str()));
    assert_eq!(d.detail, "两户老人拒绝入户施工，需要镇村两级做工作");
    assert_eq!(d.status, DifficultyStatus::Open);
    assert!(location.starts_with(&format!("/plans/taibaihu-2024/difficulties/{}", d.id)));
    let base = format!("/plans/taibaihu-2024/difficulties/{}", d.id);

    // The reporter may comment but not coordinate.
    let comment = post(
        &s.app,
        &s.reporter,
        &format!("{base}/comment"),
        &[("text", "已与村委沟通")],
    )
    .await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER);
    let refused = post(
        &s.app,
        &s.reporter,
        &format!("{base}/status"),
        &[("status", "resolved"), ("text", "好了")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let owner = post(
        &s.app,
        &s.manager,
        &format!("{base}/owner"),
        &[("text", "石桥镇 赵镇长")],
    )
    .await;
    assert_eq!(owner.status, StatusCode::SEE_OTHER);
    let coordinating = post(
        &s.app,
        &s.manager,
        &format!("{base}/status"),
        &[("status", "coordinating"), ("text", "")],
    )
    .await;
    assert_eq!(coordinating.status, StatusCode::SEE_OTHER);
    let bare = post(
        &s.app,
        &s.manager,
        &format!("{base}/status"),
        &[("status", "resolved"), ("text", " ")],
    )
    .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains("标记为已解决时请说明解决情况"));
    let resolved = post(
        &s.app,
        &s.manager,
        &format!("{base}/status"),
        &[("status", "resolved"), ("text", "两户同意施工")],
    )
    .await;
    assert_eq!(resolved.status, StatusCode::SEE_OTHER);

    let (_, d, events) = s
        .app
        .store
        .difficulty(d.id)
        .await
        .expect("read")
        .expect("found");
    assert_eq!(d.status, DifficultyStatus::Resolved);
    assert_eq!(d.owner, "石桥镇 赵镇长");
    assert!(d.resolved_at.is_some());
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["raised", "comment", "owner", "status", "status"]
    );
    let timeline = page(&s.app, &s.supervisor, &base).await;
    assert!(timeline.contains("两户同意施工"), "{timeline}");
    assert!(timeline.contains("状态改为“已解决”"), "{timeline}");
    // Resolved ones leave the supervisor's open list.
    let overview = page(&s.app, &s.supervisor, "/plans/taibaihu-2024/supervision").await;
    assert!(
        !overview.contains(&format!("data-difficulty=\"{}\"", d.id)),
        "{overview}"
    );
}

#[tokio::test]
async fn raising_needs_text_and_a_unit_on_the_item() {
    let s = scene().await;
    let empty = post(
        &s.app,
        &s.reporter,
        "/plans/taibaihu-2024/items/1/difficulties",
        &[("title", ""), ("detail", "")],
    )
    .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("请填写问题概述"), "{}", empty.body);
    // 石桥镇 is not on item 5.
    let other = post(
        &s.app,
        &s.reporter,
        "/plans/taibaihu-2024/items/5/difficulties",
        &[("title", "t"), ("detail", "d")],
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert!(
        s.app
            .store
            .difficulties(PLAN, None)
            .await
            .expect("list")
            .is_empty()
    );
}

#[tokio::test]
async fn a_notice_is_flagged_overdue_and_answered_once() {
    let s = scene().await;
    let plan = s.app.store.plan(PLAN).await.expect("read").expect("plan");
    let lead = plan
        .units
        .iter()
        .find(|u| u.name == "区社会事业发展局")
        .expect("unit")
        .id
        .to_string();
    let issued = post(
        &s.app,
        &s.supervisor,
        "/plans/taibaihu-2024/items/1/notices",
        &[
            ("unit_id", lead.as_str()),
            ("colour", "red"),
            ("requirement", "7月15日前完成剩余改造"),
            ("deadline", "2024-07-15"),
        ],
    )
    .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let bad = post(
        &s.app,
        &s.supervisor,
        "/plans/taibaihu-2024/items/1/notices",
        &[
            ("unit_id", lead.as_str()),
            ("colour", "red"),
            ("requirement", "x"),
            ("deadline", "下周"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let notices = s.app.store.directives(PLAN, None).await.expect("list");
    assert_eq!(notices.len(), 1);
    let id = notices[0].id;
    // Today is long past 15 July 2024 and nobody answered: overdue.
    let overview = page(&s.app, &s.supervisor, "/plans/taibaihu-2024/supervision").await;
    assert!(
        overview.contains(&format!(
            r#"data-notice="{id}" data-colour="red" data-phase="waiting" data-overdue="true""#
        )),
        "{overview}"
    );
    // The unit it went to answers from the 督办 page itself, not only from the item page.
    let desk = page(&s.app, &s.manager, "/plans/taibaihu-2024/supervision").await;
    assert!(
        desk.contains(&format!("/plans/taibaihu-2024/notices/{id}/respond\"")),
        "the answer form is on the 督办 page"
    );
    let others = page(&s.app, &s.supervisor, "/plans/taibaihu-2024/supervision").await;
    assert!(
        !others.contains(&format!("/notices/{id}/respond")),
        "not for the 督查室"
    );
    // Only the unit it went to answers; once.
    let path = format!("/plans/taibaihu-2024/notices/{id}/respond");
    let reporter = post(&s.app, &s.reporter, &path, &[("response", "不是我单位")]).await;
    assert_eq!(reporter.status, StatusCode::FORBIDDEN);
    let answered = post(
        &s.app,
        &s.manager,
        &path,
        &[("response", "已完成剩余 8 户改造")],
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let again = post(&s.app, &s.manager, &path, &[("response", "再答一次")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let item = page(&s.app, &s.supervisor, "/plans/taibaihu-2024/items/1").await;
    assert!(item.contains("已完成剩余 8 户改造"), "{item}");
    assert!(item.contains(r#"data-overdue="false""#), "{item}");
    // Answered long after 15 July 2024: the lateness stays, with the day of the answer.
    let today = app::domain::china_time::today().to_string();
    assert!(
        item.contains(r#"data-late="true""#) && item.contains("逾期答复"),
        "{item}"
    );
    assert!(item.contains(&format!("答复于 {today}")), "{item}");
}

#[tokio::test]
async fn the_supervisor_records_on_site_visits() {
    let s = scene().await;
    let path = "/plans/taibaihu-2024/items/1/visits";
    let fields = [
        ("visited_on", "2024-07-10"),
        ("place", "石桥镇前营村"),
        ("findings", "已改造 12 户，与台账一致"),
    ];
    let refused = post(&s.app, &s.manager, path, &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let future = post(
        &s.app,
        &s.supervisor,
        path,
        &[
            ("visited_on", "2099-01-01"),
            ("place", "x"),
            ("findings", "y"),
        ],
    )
    .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = post(&s.app, &s.supervisor, path, &fields).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let visits = s.app.store.visits(PLAN, Some(1)).await.expect("list");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].findings, "已改造 12 户，与台账一致");
    let item = page(&s.app, &s.reporter, "/plans/taibaihu-2024/items/1").await;
    assert!(item.contains("石桥镇前营村"), "{item}");
}
