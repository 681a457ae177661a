//! Progress from accepted reports only, credited by capture date; review by the lead unit
//! (batch, all-or-nothing, locked once accepted); 分阶段目标 changing the colour; the
//! breakdown reconciling to the total. The 2024 plan runs 2024-04-02 → 2024-12-31 (273 days);
//! item 1 targets 30 户.

use app::domain::account::Role;
use http::{Method, StatusCode};
use uuid::Uuid;

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{Field, date, field_worker, new_op, push, report};

struct Scene {
    app: TestApp,
    manager: String,
    /// 5 户 on 05-07 at 石桥村, 4 户 on 06-11 at 前营村, 2 户 on 06-12 (石桥镇);
    /// 3 户 on 06-20 at 许庄社区 (许庄街道).
    ids: [Uuid; 4],
}

async fn households(app: &TestApp, as_of: &str) -> f64 {
    app.store
        .plan_progress(PLAN, date(as_of))
        .await
        .expect("progress")
        .iter()
        .find(|a| a.item == 1 && a.code == "households")
        .map_or(0.0, |a| a.actual)
}

fn at(field: &Field, households: f64, on: &str, place: &str) -> app::domain::report::Report {
    let mut r = report(field, households, on);
    r.place = place.to_string();
    r
}

async fn review_form(
    app: &TestApp,
    cookie: &str,
    ids: &[Uuid],
    decision: &str,
    comment: &str,
) -> crate::helpers::Reply {
    let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let mut fields: Vec<(&str, &str)> = ids.iter().map(|id| ("report", id.as_str())).collect();
    fields.push(("decision", decision));
    fields.push(("comment", comment));
    app.send(
        Req::new(Method::POST, "/plans/taibaihu-2024/items/1/review")
            .cookie(cookie)
            .form(&fields),
    )
    .await
}

/// Four reports pushed; the first, second and fourth accepted by 区社会事业发展局's manager.
async fn scene() -> Scene {
    let app = spawn_app().await;
    let shiqiao = field_worker(&app, "shiqiao").await;
    app.add_user("xuzhuang", "许庄街道办事处", Some(Role::Reporter))
        .await;
    let xu_plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let xu = Field {
        name: "xuzhuang 姓名".to_string(),
        user_id: app
            .store
            .credentials("xuzhuang")
            .await
            .expect("read")
            .expect("user")
            .id,
        unit_id: xu_plan
            .units
            .iter()
            .find(|u| u.name == "许庄街道办事处")
            .expect("unit")
            .id,
        cookie: app.sign_in("xuzhuang").await,
    };
    let reports = [
        at(&shiqiao, 5.0, "2024-05-07", "石桥村"),
        at(&shiqiao, 4.0, "2024-06-11", "前营村"),
        at(&shiqiao, 2.0, "2024-06-12", "石桥村"),
    ];
    let ops: Vec<_> = reports.iter().cloned().map(new_op).collect();
    assert_eq!(
        push(&app, &shiqiao.cookie, &ops).await.status,
        StatusCode::OK
    );
    let mut xu_report = at(&xu, 3.0, "2024-06-20", "许庄社区");
    xu_report.author = "xuzhuang".into();
    assert_eq!(
        push(&app, &xu.cookie, &[new_op(xu_report.clone())])
            .await
            .status,
        StatusCode::OK
    );
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    let ids = [reports[0].id, reports[1].id, reports[2].id, xu_report.id];
    let reply = review_form(&app, &manager, &[ids[0], ids[1], ids[3]], "accept", "").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.location(),
        Some("/plans/taibaihu-2024/items/1?done=reviewed")
    );
    Scene { app, manager, ids }
}

#[tokio::test]
async fn only_accepted_reports_count_credited_to_their_capture_date() {
    let s = scene().await;
    // 5 + 4 + 3; the pending 2 户 do not count.
    assert_eq!(households(&s.app, "2024-12-31").await, 12.0);
    assert_eq!(households(&s.app, "2024-05-31").await, 5.0);
    assert_eq!(households(&s.app, "2024-06-15").await, 9.0);
    assert_eq!(households(&s.app, "2024-05-06").await, 0.0);
    let (status, page) = s
        .app
        .get("/plans/taibaihu-2024/items/1?as_of=2024-06-30")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("12户"), "{page}");
    assert!(page.contains("1 条填报待牵头单位审核"), "{page}");
}

#[tokio::test]
async fn pace_colour_is_computed_and_explained_as_of_a_day() {
    let s = scene().await;
    // 30 June: 89 of 273 days, 9.8 户 due; 12 done → on pace.
    let (_, june) = s
        .app
        .get("/plans/taibaihu-2024/items/1?as_of=2024-06-30")
        .await;
    assert!(june.contains(r#"data-status="on_pace""#), "{june}");
    assert!(june.contains("已过 89/273 天"), "{june}");
    // 30 September: 181 days, 66.3% due, 40% done → 26.3 points behind → red.
    let (_, sept) = s
        .app
        .get("/plans/taibaihu-2024/items/1?as_of=2024-09-30")
        .await;
    assert!(sept.contains(r#"data-status="red""#), "{sept}");
    assert!(
        sept.contains("落后序时 26.3 个百分点，达到红色阈值 20"),
        "{sept}"
    );
    // The overview colours the item the same way, for anyone.
    let (_, overview) = s.app.get("/plans/taibaihu-2024?as_of=2024-09-30").await;
    assert!(
        overview.contains(r#"<li data-item="1" data-status="red""#),
        "{overview}"
    );
}

#[tokio::test]
async fn accepted_reports_are_locked_and_never_counted_twice() {
    let s = scene().await;
    let again = s
        .app
        .send(
            Req::new(
                Method::POST,
                &format!("/api/v1/reports/{}/review", s.ids[0]),
            )
            .cookie(&s.manager)
            .json(serde_json::json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let back = s
        .app
        .send(
            Req::new(
                Method::POST,
                &format!("/api/v1/reports/{}/review", s.ids[0]),
            )
            .cookie(&s.manager)
            .json(serde_json::json!({ "decision": "return", "comment": "重报" })),
        )
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT);
    assert_eq!(households(&s.app, "2024-12-31").await, 12.0);
}

#[tokio::test]
async fn a_batch_is_all_or_nothing() {
    let s = scene().await;
    // The pending report with an accepted one: refused as a whole.
    let reply = review_form(&s.app, &s.manager, &[s.ids[2], s.ids[0]], "accept", "").await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(
        reply.body.contains("已审核通过，不能再更改"),
        "{}",
        reply.body
    );
    let pending = s
        .app
        .store
        .report(s.ids[2])
        .await
        .expect("read")
        .expect("report");
    assert_eq!(pending.status, app::sync::ReviewStatus::Submitted);
    assert_eq!(households(&s.app, "2024-12-31").await, 12.0);
}

#[tokio::test]
async fn returning_needs_a_reason_and_the_reporter_sees_it() {
    let s = scene().await;
    let bare = review_form(&s.app, &s.manager, &[s.ids[2]], "return", "  ").await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains("退回时请写明原因"));
    let none = review_form(&s.app, &s.manager, &[], "accept", "").await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("请先勾选要审核的填报"));
    let ok = review_form(&s.app, &s.manager, &[s.ids[2]], "return", "户数与名册不符").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let returned = s
        .app
        .store
        .report(s.ids[2])
        .await
        .expect("read")
        .expect("report");
    assert_eq!(returned.status, app::sync::ReviewStatus::Returned);
    assert_eq!(returned.review_comment.as_deref(), Some("户数与名册不符"));
}

#[tokio::test]
async fn the_breakdown_reconciles_to_the_total() {
    let s = scene().await;
    let rows = s
        .app
        .store
        .item_breakdown(PLAN, 1, date("2024-12-31"))
        .await
        .expect("breakdown");
    let got: Vec<(String, String, f64)> = rows
        .iter()
        .map(|r| (r.unit.clone(), r.place.clone(), r.amount))
        .collect();
    assert_eq!(
        got,
        vec![
            ("石桥镇政府".to_string(), "前营村".to_string(), 4.0),
            ("石桥镇政府".to_string(), "石桥村".to_string(), 5.0),
            ("许庄街道办事处".to_string(), "许庄社区".to_string(), 3.0),
        ]
    );
    assert_eq!(
        rows.iter().map(|r| r.amount).sum::<f64>(),
        households(&s.app, "2024-12-31").await
    );
}

#[tokio::test]
async fn the_public_sees_progress_but_no_names_or_comments() {
    let s = scene().await;
    review_form(&s.app, &s.manager, &[s.ids[2]], "return", "内部意见不公开").await;
    for path in ["/plans/taibaihu-2024", "/plans/taibaihu-2024/items/1"] {
        let (status, page) = s.app.get(path).await;
        assert_eq!(status, StatusCode::OK);
        for private in ["shiqiao", "xuzhuang", "内部意见不公开", "完成适老化改造"] {
            assert!(!page.contains(private), "{path} shows {private}");
        }
    }
    let (_, item) = s.app.get("/plans/taibaihu-2024/items/1").await;
    assert!(item.contains("12户"));
}

#[tokio::test]
async fn the_item_page_charts_actual_against_planned() {
    let s = scene().await;
    let (_, page) = s
        .app
        .get("/plans/taibaihu-2024/items/1?as_of=2024-09-30")
        .await;
    // Planned: straight from 0 to 30 户 (y_max 33: at 200 − 30/33·200 = 18.2).
    assert!(
        page.contains(r#"points="0.0,200.0 600.0,18.2" fill="none" class="planned""#),
        "{page}"
    );
    // Actual: steps up to 12 户 (127.3) and holds until 30 September (day 181 of 273: x 397.8).
    assert!(
        page.contains(r#"397.8,127.3" fill="none" class="actual""#),
        "{page}"
    );
    assert!(page.contains("：12户，实际进度与序时进度对比图"), "{page}");
    let series = s
        .app
        .store
        .item_series(PLAN, 1, date("2024-09-30"))
        .await
        .expect("series");
    let total: f64 = series.iter().map(|p| p.increment).sum();
    assert_eq!(total, 12.0);
    assert_eq!(series.len(), 3, "three days with accepted progress");
}

#[tokio::test]
async fn a_leader_sees_the_quarters_of_the_categories_in_charge() {
    let s = scene().await;
    // Test leaders are in charge of categories 1 and 2.
    s.app
        .add_user("lingdao", "济宁太白湖新区管委会", Some(Role::Leader))
        .await;
    let leader = s.app.sign_in("lingdao").await;
    let reply = s
        .app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/quarterly").cookie(&leader))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.body;
    assert!(page.contains("第二季度"), "{page}");
    assert!(page.contains("第四季度"), "{page}");
    assert!(page.contains(r#"<tr data-item="1">"#), "{page}");
    assert!(page.contains(r#"<tr data-item="5">"#), "category 2: {page}");
    assert!(
        !page.contains(r#"<tr data-item="6">"#),
        "category 3 is not theirs"
    );
    // Item 1: 40% at every quarter's end; on pace at 30 June, red from 30 September.
    let row = page
        .split(r#"<tr data-item="1">"#)
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("item 1's row");
    let statuses: Vec<&str> = row
        .split(r#"<td data-status=""#)
        .skip(1)
        .filter_map(|c| c.split('"').next())
        .collect();
    assert_eq!(statuses, vec!["on_pace", "red", "red"], "{row}");
    assert_eq!(row.matches("40%").count(), 3, "{row}");
}

#[tokio::test]
async fn a_lead_units_manager_sees_what_waits_for_review() {
    let s = scene().await;
    let reply = s
        .app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024").cookie(&s.manager))
        .await;
    assert!(
        reply.body.contains(
            r##"href="/plans/taibaihu-2024/items/1#reports" class="to-review">1 条填报待您审核"##
        ),
        "{}",
        reply.body
    );
    // The reporter reviews nothing; the public sees no such link.
    let reporter = s.app.sign_in("shiqiao").await;
    let theirs = s
        .app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024").cookie(&reporter))
        .await;
    assert!(!theirs.body.contains("待您审核"));
    let (_, public) = s.app.get("/plans/taibaihu-2024").await;
    assert!(!public.contains("待您审核"));
}
