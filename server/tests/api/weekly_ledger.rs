//! The weekly ledger end to end: a report captured offline on Tuesday and synced on Friday
//! is credited to Tuesday's week; "本周无进展" statements; what a lead unit still owes.

use app::domain::account::Role;
use app::domain::audit::Actor;
use app::sync::CheckedOp;
use chrono::{TimeZone, Utc};
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{date, field_worker, new_op, report};

/// Item 1's report captured Tuesday 7 May 2024, reaching the server Friday 10 May.
async fn scene() -> (TestApp, String) {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let op = new_op(report(&field, 3.0, "2024-05-07"));
    let friday = Utc
        .with_ymd_and_hms(2024, 5, 10, 2, 0, 0)
        .single()
        .expect("a time");
    app.store
        .apply_ops(
            &[CheckedOp {
                op,
                verdict: Ok(()),
            }],
            &Actor::user(field.user_id, "shiqiao"),
            friday,
        )
        .await
        .expect("stored");
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    (app, manager)
}

async fn page(app: &TestApp, cookie: &str, as_of: &str) -> String {
    let reply = app
        .send(
            Req::new(
                Method::GET,
                &format!("/plans/taibaihu-2024/weekly?as_of={as_of}"),
            )
            .cookie(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn statement(cookie: &str, item: &str, week: &str, reason: &str) -> Req {
    Req::new(Method::POST, "/plans/taibaihu-2024/weekly/statement")
        .cookie(cookie)
        .form(&[("item", item), ("week", week), ("reason", reason)])
}

#[tokio::test]
async fn a_late_sync_is_credited_to_the_capture_week() {
    let (app, _) = scene().await;
    let arrivals = app
        .store
        .arrivals(PLAN, date("2024-05-06"), date("2024-05-13"))
        .await
        .expect("arrivals");
    assert_eq!(arrivals.len(), 1);
    assert_eq!(arrivals[0].item, 1);
    assert_eq!(arrivals[0].week, date("2024-05-06"));
    assert!(!arrivals[0].statement);
}

#[tokio::test]
async fn a_lead_unit_sees_what_it_owes_and_can_state_no_progress() {
    let (app, manager) = scene().await;
    let before = page(&app, &manager, "2024-05-12").await;
    // Item 1 is updated; item 2 (also led by 区社会事业发展局) is owed.
    assert!(
        before.contains(r#"<li data-item="2" data-owed-week="2024-05-06""#),
        "{before}"
    );
    assert!(
        !before.contains(r#"<li data-item="1" data-owed-week="2024-05-06""#),
        "{before}"
    );
    // The week before is owed in full, item 1 included.
    assert!(
        before.contains(r#"<li data-item="1" data-owed-week="2024-04-29""#),
        "{before}"
    );

    let empty = app.send(statement(&manager, "2", "2024-05-06", "  ")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("请写明本周无进展的原因"));
    let future = app
        .send(statement(&manager, "2", "2027-05-03", "以后"))
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);

    let ok = app
        .send(statement(
            &manager,
            "2",
            "2024-05-08",
            "选址调整，本周无新增",
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let again = app
        .send(statement(&manager, "2", "2024-05-06", "再说一次"))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // Any day of the week names the week: the statement counts for 6 May.
    let arrivals = app
        .store
        .arrivals(PLAN, date("2024-05-06"), date("2024-05-06"))
        .await
        .expect("arrivals");
    assert!(arrivals.iter().any(|a| a.item == 2 && a.statement));
    // Seen now, item 2 no longer owed for that week; seen as of 12 May 2024 it still was
    // (the statement came later).
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let unit = plan
        .units
        .iter()
        .find(|u| u.name == "区社会事业发展局")
        .expect("unit")
        .id;
    let owed_now =
        app::domain::weekly::owed(&plan, unit, &arrivals, &[], date("2024-05-06"), Utc::now());
    assert!(
        !owed_now.contains(&2) && !owed_now.contains(&1),
        "{owed_now:?}"
    );
    let then = page(&app, &manager, "2024-05-12").await;
    assert!(
        then.contains(r#"<li data-item="2" data-owed-week="2024-05-06""#),
        "{then}"
    );
}

#[tokio::test]
async fn only_the_lead_units_manager_states_no_progress() {
    let (app, _) = scene().await;
    let reporter = app.sign_in("shiqiao").await;
    let refused = app
        .send(statement(&reporter, "1", "2024-05-06", "无"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let arrivals = app
        .store
        .arrivals(PLAN, date("2024-05-06"), date("2024-05-06"))
        .await
        .expect("arrivals");
    assert!(arrivals.iter().all(|a| !a.statement));
}

#[tokio::test]
async fn the_supervisor_sees_the_grid_with_missing_weeks() {
    let (app, _) = scene().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let supervisor = app.sign_in("ducha").await;
    let grid = page(&app, &supervisor, "2024-05-31").await;
    assert!(grid.contains(r#"data-week="2024-05-06""#), "{grid}");
    assert!(grid.contains("wk wk-missing"), "{grid}");
    assert!(grid.contains("未更新项目"), "{grid}");
    // No unit of the supervisor's owes anything: no statement forms.
    assert!(!grid.contains("statement-form"));
    // Signed out: to sign-in.
    let (status, _) = app.get("/plans/taibaihu-2024/weekly").await;
    assert_eq!(status, StatusCode::FOUND);
}

#[tokio::test]
async fn a_finished_item_is_no_longer_owed() {
    let (app, manager) = scene().await;
    // All 30 户 of item 1 reported on Tuesday 7 May and accepted: finished that week.
    let field = crate::sync_support::Field {
        name: "shiqiao 姓名".to_string(),
        user_id: app
            .store
            .credentials("shiqiao")
            .await
            .expect("read")
            .expect("user")
            .id,
        unit_id: app
            .store
            .plan(PLAN)
            .await
            .expect("read")
            .expect("plan")
            .units
            .iter()
            .find(|u| u.name == "石桥镇政府")
            .expect("unit")
            .id,
        cookie: String::new(),
    };
    let all = report(&field, 30.0, "2024-05-07");
    app.store
        .apply_ops(
            &[CheckedOp {
                op: new_op(all.clone()),
                verdict: Ok(()),
            }],
            &Actor::user(field.user_id, "shiqiao"),
            Utc::now(),
        )
        .await
        .expect("stored");
    let id = all.id.to_string();
    let reply = app
        .send(
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/review")
                .cookie(&manager)
                .form(&[
                    ("report", id.as_str()),
                    ("decision", "accept"),
                    ("comment", ""),
                ]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let later = page(&app, &manager, "2024-05-21").await;
    assert!(
        !later.contains(r#"<li data-item="1" data-owed-week="2024-05-20""#),
        "{later}"
    );
    assert!(
        later.contains(r#"<li data-item="2" data-owed-week="2024-05-20""#),
        "{later}"
    );
}

/// The plan is over (its year was 2024); its last weeks were never updated. A statement
/// filed now for one of them clears that item from what the unit owes, on the weekly page
/// and on the overview's reminder — seen now, not as of the plan's last day.
#[tokio::test]
async fn a_statement_filed_after_the_plan_ended_clears_what_it_owed() {
    let (app, manager) = scene().await;
    let owed = |body: &str, week: &str| {
        body.contains(&format!(r#"<li data-item="2" data-owed-week="{week}""#))
    };
    let get = |path: &'static str| {
        let app = &app;
        let manager = manager.clone();
        async move {
            let reply = app.send(Req::new(Method::GET, path).cookie(&manager)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            reply.body
        }
    };
    // Seen as of the plan's last day (Tuesday 31 December): both its weeks are owed.
    let before = get("/plans/taibaihu-2024/weekly").await;
    assert!(
        owed(&before, "2024-12-23") && owed(&before, "2024-12-30"),
        "{before}"
    );
    let reminded = get("/plans/taibaihu-2024").await;
    assert!(reminded.contains("(2) 建设老年人食堂"), "{reminded}");
    for week in ["2024-12-23", "2024-12-30"] {
        let ok = app
            .send(statement(&manager, "2", week, "年末项目已收尾，本周无新增"))
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    }
    let after = get("/plans/taibaihu-2024/weekly").await;
    assert!(
        !owed(&after, "2024-12-23") && !owed(&after, "2024-12-30"),
        "{after}"
    );
    let overview = get("/plans/taibaihu-2024").await;
    assert!(
        !overview.contains("(2) 建设老年人食堂"),
        "item 2 is not in the reminder: {overview}"
    );
}

/// A leader (in charge of categories 1 and 2) sees those categories on the overview and
/// their items' units in the weekly grid by default, and the whole plan when asking for it.
#[tokio::test]
async fn a_leader_sees_the_categories_in_charge_first() {
    let (app, _) = scene().await;
    app.add_user("lingdao", "济宁太白湖新区管委会", Some(Role::Leader))
        .await;
    let leader = app.sign_in("lingdao").await;
    let get = |path: String| {
        let app = &app;
        let leader = leader.clone();
        async move {
            let reply = app.send(Req::new(Method::GET, &path).cookie(&leader)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            reply.body
        }
    };
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let outside: Vec<u32> = plan
        .categories
        .iter()
        .map(|c| c.number)
        .filter(|n| *n > 2)
        .collect();
    assert!(
        !outside.is_empty(),
        "the plan has categories beyond 1 and 2"
    );
    let mine = get("/plans/taibaihu-2024".to_string()).await;
    assert!(mine.contains("仅显示您分管的第1、2类。"), "{mine}");
    assert!(mine.contains(r#"data-category="1""#));
    for n in &outside {
        assert!(!mine.contains(&format!(r#"data-category="{n}""#)), "{n}");
    }
    let all = get("/plans/taibaihu-2024?all=1".to_string()).await;
    for n in &outside {
        assert!(all.contains(&format!(r#"data-category="{n}""#)), "{n}");
    }
    // The weekly grid: only units leading an item of categories 1 and 2.
    let leads_in = |cats: &[u32]| -> Vec<i64> {
        plan.units
            .iter()
            .filter(|u| {
                plan.items
                    .iter()
                    .any(|i| cats.contains(&i.category) && i.leads(u.id))
            })
            .map(|u| u.id)
            .collect()
    };
    let only_outside: Vec<i64> = leads_in(&outside)
        .into_iter()
        .filter(|u| !leads_in(&[1, 2]).contains(u))
        .collect();
    assert!(!only_outside.is_empty());
    let grid = get("/plans/taibaihu-2024/weekly?as_of=2024-05-31".to_string()).await;
    let whole = get("/plans/taibaihu-2024/weekly?as_of=2024-05-31&all=1".to_string()).await;
    for unit in &only_outside {
        let row = format!(r#"<tr data-unit="{unit}">"#);
        assert!(!grid.contains(&row), "{row} hidden by default");
        assert!(whole.contains(&row), "{row} shown with all=1");
    }
    // The latest week comes first in the grid.
    let first = grid.find(r#"data-week="2024-05-27""#).expect("latest week");
    let older = grid
        .find(r#"data-week="2024-05-06""#)
        .expect("an older week");
    assert!(first < older, "the latest week first");
}
