//! 每月报送 end to end: the lead unit's draft starts from the month's accepted reports, is
//! saved, refused when empty, submitted (late: the plan's year is long past) and is then
//! what the 月报 and its .xlsx say; the 督查室 reads it with its timeliness; others may not
//! write it.

use app::domain::account::Role;
use http::{Method, StatusCode};

use crate::helpers::{Reply, Req, TestApp, spawn_app};
use crate::sync_support::{field_worker, new_op, push, report};

const PAGE: &str = "/plans/taibaihu-2024/submissions?month=2024-06";

/// June's accepted report on item 1 (led by 区社会事业发展局), with 下步计划.
async fn scene() -> (TestApp, String, String, String) {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let mut june = report(&field, 4.0, "2024-06-11");
    june.narrative = "六月完成前营村 4 户改造".into();
    june.next_steps = "七月完成后营村".into();
    assert_eq!(
        push(&app, &field.cookie, &[new_op(june.clone())])
            .await
            .status,
        StatusCode::OK
    );
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let manager = app.sign_in("shehui").await;
    let accepted = app
        .send(
            Req::new(Method::POST, &format!("/api/v1/reports/{}/review", june.id))
                .cookie(&manager)
                .json(serde_json::json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::NO_CONTENT);
    let supervisor = app.sign_in("ducha").await;
    (app, manager, supervisor, field.cookie)
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let reply = app.send(Req::new(Method::GET, path).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.body
}

async fn save(app: &TestApp, cookie: &str, action: &str, narrative: &str) -> Reply {
    app.send(
        Req::new(Method::POST, "/plans/taibaihu-2024/submissions/1")
            .cookie(cookie)
            .form(&[
                ("month", "2024-06"),
                ("figures", "改造 4 户"),
                ("narrative", narrative),
                ("next_steps", "七月完成后营村剩余 6 户"),
                ("action", action),
            ]),
    )
    .await
}

/// The `<li>` of item `n` on the submissions page.
fn row(body: &str, n: u32) -> String {
    let start = body
        .find(&format!(r#"id="submission-{n}""#))
        .unwrap_or_else(|| panic!("item {n}: {body}"));
    let end = body[start..]
        .find("</li>")
        .map_or(body.len(), |e| start + e);
    body[start..end].to_string()
}

#[tokio::test]
async fn the_draft_starts_from_the_accepted_reports_and_is_submitted() {
    let (app, manager, supervisor, _) = scene().await;
    let mine = page(&app, &manager, PAGE).await;
    assert!(
        mine.contains("2024年6月的情况应于 2024-07-05 前（含）报送督查室。"),
        "{mine}"
    );
    let one = row(&mine, 1);
    assert!(one.contains(r#"data-timeliness="missing""#), "{one}");
    assert!(one.contains("六月完成前营村 4 户改造"), "{one}");
    assert!(one.contains("石桥镇政府：七月完成后营村"), "{one}");
    assert!(one.contains("累计"), "the figures are pre-filled: {one}");
    assert!(
        one.contains(r#"name="narrative""#),
        "a form for its lead unit"
    );
    // Item 4 is led by another unit: read only.
    assert!(!row(&mine, 4).contains("<form"), "{}", row(&mine, 4));

    let draft = save(&app, &manager, "save", "六月完成 4 户（草稿）").await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let one = row(&page(&app, &manager, PAGE).await, 1);
    assert!(
        one.contains(r#"data-draft="true""#) && one.contains("（草稿）"),
        "{one}"
    );
    assert!(
        one.contains(r#"data-timeliness="missing""#),
        "a draft is not a submission"
    );

    let audit_before = app.audit_count().await;
    let empty = save(&app, &manager, "submit", "  ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("请填写本月进展"), "{}", empty.body);
    assert_eq!(app.audit_count().await, audit_before, "nothing written");

    let sent = save(
        &app,
        &manager,
        "submit",
        "六月完成前营村 4 户改造，累计 4 户",
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let back = save(&app, &manager, "save", "改回草稿").await;
    assert_eq!(back.status, StatusCode::CONFLICT);

    // The 督查室 reads it, late (the plan's year is long past), read only.
    let desk = page(&app, &supervisor, PAGE).await;
    let one = row(&desk, 1);
    assert!(one.contains(r#"data-timeliness="late""#), "{one}");
    assert!(one.contains("逾期报送") && one.contains("报送于"), "{one}");
    assert!(!one.contains("<form"), "{one}");
    assert!(desk.contains("逾期报送 1 项"), "{desk}");

    // The 月报 says what was submitted, not the raw lines.
    let monthly = page(
        &app,
        &supervisor,
        "/plans/taibaihu-2024/monthly?month=2024-06",
    )
    .await;
    assert!(
        monthly.contains("【区社会事业发展局报送】六月完成前营村 4 户改造，累计 4 户"),
        "{monthly}"
    );
    assert!(monthly.contains("七月完成后营村剩余 6 户"), "{monthly}");
}

#[tokio::test]
async fn only_the_lead_units_manager_writes_and_only_months_of_the_plan() {
    let (app, manager, supervisor, reporter) = scene().await;
    for cookie in [&supervisor, &reporter] {
        let refused = save(&app, cookie, "submit", "不是我单位").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let reporter_page = app
        .send(Req::new(Method::GET, PAGE).cookie(&reporter))
        .await;
    assert_eq!(reporter_page.status, StatusCode::FORBIDDEN);
    for month in ["2019-01", "2024-13", "下月"] {
        let bad = app
            .send(
                Req::new(Method::POST, "/plans/taibaihu-2024/submissions/1")
                    .cookie(&manager)
                    .form(&[("month", month), ("narrative", "x"), ("action", "submit")]),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{month}");
    }
    assert!(
        app.store
            .submissions("taibaihu-2024", None)
            .await
            .expect("read")
            .is_empty()
    );
}

/// The quarter's 汇报材料 is the three months as submitted, not typed again: June's text in
/// the second quarter's pack, April and May missing, a draft left out.
#[tokio::test]
async fn the_quarterly_pack_is_assembled_from_the_submissions() {
    let (app, manager, supervisor, _) = scene().await;
    let sent = save(&app, &manager, "submit", "六月完成前营村 4 户改造").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let draft = app
        .send(
            Req::new(Method::POST, "/plans/taibaihu-2024/submissions/1")
                .cookie(&manager)
                .form(&[
                    ("month", "2024-05"),
                    ("figures", ""),
                    ("narrative", "五月草稿不报"),
                    ("next_steps", ""),
                    ("action", "save"),
                ]),
        )
        .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);

    let second = page(&app, &supervisor, "/plans/taibaihu-2024/quarterly?q=0").await;
    let start = second
        .find(r#"<section data-item="1" class="pack-item""#)
        .unwrap_or_else(|| panic!("item 1 in the pack: {second}"));
    let end = start + second[start..].find("</section>").expect("its end");
    let one = &second[start..end];
    assert!(second.contains("第二季度汇报材料"), "{second}");
    assert!(one.contains("2024年6月 · 逾期报送"), "{one}");
    assert!(one.contains("六月完成前营村 4 户改造"), "{one}");
    assert!(one.contains("七月完成后营村剩余 6 户"), "{one}");
    assert!(one.contains("2024年4月 · 逾期未报"), "{one}");
    assert!(one.contains("2024年5月 · 逾期未报"), "{one}");
    assert!(!one.contains("五月草稿不报"), "a draft is not sent: {one}");

    // By default the latest quarter's, where nothing was submitted.
    let latest = page(&app, &supervisor, "/plans/taibaihu-2024/quarterly").await;
    assert!(latest.contains("第四季度汇报材料"), "{latest}");
    assert!(!latest.contains("六月完成前营村"), "{latest}");
}
