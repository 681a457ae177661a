//! The monthly report: the page, the .xlsx read back and checked against the database, the
//! drafted 通报, and the raw CSV (for the supervisor and leaders only).

use std::io::Cursor;

use app::domain::account::Role;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{date, field_worker, new_op, push, report};

/// 5 户 in May and 4 户 in June accepted on item 1; 2 户 in June pending.
async fn scene() -> (TestApp, String) {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let mut may = report(&field, 5.0, "2024-05-07");
    may.narrative = "五月完成石桥村 5 户改造".into();
    let mut june = report(&field, 4.0, "2024-06-11");
    june.narrative = "六月完成前营村 4 户改造".into();
    june.difficulties = "部分老人不愿改造".into();
    june.next_steps = "七月入户做通剩余老人工作".into();
    let pending = report(&field, 2.0, "2024-06-12");
    let ops: Vec<_> = [may.clone(), june.clone(), pending]
        .into_iter()
        .map(new_op)
        .collect();
    assert_eq!(push(&app, &field.cookie, &ops).await.status, StatusCode::OK);
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    for id in [may.id, june.id] {
        let reply = app
            .send(
                Req::new(Method::POST, &format!("/api/v1/reports/{id}/review"))
                    .cookie(&manager)
                    .json(serde_json::json!({ "decision": "accept" })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    }
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let supervisor = app.sign_in("ducha").await;
    (app, supervisor)
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[tokio::test]
async fn the_xlsx_reads_back_with_the_databases_figures() {
    let (app, supervisor) = scene().await;
    let reply = app
        .send(
            Req::new(
                Method::GET,
                "/plans/taibaihu-2024/monthly.xlsx?month=2024-06",
            )
            .cookie(&supervisor),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let disposition = reply.headers[http::header::CONTENT_DISPOSITION]
        .to_str()
        .expect("test value")
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename*=UTF-8''"),
        "{disposition}"
    );
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(reply.bytes.clone())).expect("an xlsx");
    assert_eq!(
        book.sheet_names(),
        vec!["月报".to_string(), "通报".to_string()]
    );
    let sheet = book.worksheet_range("月报").expect("sheet");
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(rows[0][0], "类别");
    assert_eq!(rows[0][8], "完成率(%)");
    // One row per indicator of the plan.
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let indicators: usize = plan.items.iter().map(|i| i.indicators.len()).sum();
    assert_eq!(rows.len(), indicators + 1);
    // Item 1's row against the database as of 30 June.
    let progress = app
        .store
        .plan_progress(PLAN, date("2024-06-30"))
        .await
        .expect("progress");
    let actual = progress
        .iter()
        .find(|a| a.item == 1)
        .expect("item 1")
        .actual;
    assert_eq!(actual, 9.0);
    let row = rows.iter().find(|r| r[1] == "1").expect("item 1 row");
    assert_eq!(row[7], "9");
    assert_eq!(row[8], "30");
    assert_eq!(row[9], "+4 户");
    assert!(row[13].contains("六月完成前营村 4 户改造"), "{row:?}");
    assert!(!row[13].contains("五月"), "only June's narratives: {row:?}");
    assert!(row[14].contains("部分老人不愿改造"), "{row:?}");
    // 下步计划: the reviewers' and leaders' view of what comes next.
    assert_eq!(rows[0][17], "下步计划");
    assert!(row[17].contains("七月入户做通剩余老人工作"), "{row:?}");
    let notice = book.worksheet_range("通报").expect("sheet");
    let first = text(notice.get((0, 0)).expect("a title"));
    assert!(
        first.starts_with("关于2024年") && first.contains("6月份推进情况的通报"),
        "{first}"
    );
    assert_eq!(first.matches("2024年").count(), 1, "the year once: {first}");
    let body: Vec<String> = notice.rows().map(|r| text(&r[0])).collect();
    assert!(
        body.iter().any(|l| l.contains("截至2024年6月30日")),
        "{body:?}"
    );
}

#[tokio::test]
async fn the_monthly_page_shows_the_bulletin_and_the_downloads() {
    let (app, supervisor) = scene().await;
    let reply = app
        .send(
            Req::new(Method::GET, "/plans/taibaihu-2024/monthly?month=2024-06").cookie(&supervisor),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let page = reply.body;
    assert!(page.contains("2024年6月 月度报告"), "{page}");
    assert!(page.contains("/plans/taibaihu-2024/monthly.xlsx?month=2024-06"));
    assert!(page.contains("/plans/taibaihu-2024/reports.csv"));
    assert!(page.contains("慢于序时进度"), "{page}");
    assert!(
        page.contains("下步计划：\n石桥镇政府：七月入户做通剩余老人工作"),
        "{page}"
    );
    // And on the item page, beside the report, for its reviewers.
    let item = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1").cookie(&supervisor))
        .await
        .body;
    assert!(
        item.contains("下步计划：七月入户做通剩余老人工作"),
        "{item}"
    );
    let bad = app
        .send(
            Req::new(Method::GET, "/plans/taibaihu-2024/monthly?month=2019-01").cookie(&supervisor),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("不在该计划的实施期内"));
    // Signed out: to the sign-in page.
    let (status, _) = app.get("/plans/taibaihu-2024/monthly").await;
    assert_eq!(status, StatusCode::FOUND);
}

#[tokio::test]
async fn the_csv_has_every_report_and_only_for_the_office() {
    let (app, supervisor) = scene().await;
    let reply = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/reports.csv").cookie(&supervisor))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = reply.body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{}", reply.body);
    assert!(lines[0].contains("填报编号,项目序号"));
    assert_eq!(
        lines.iter().filter(|l| l.contains(",已通过,")).count(),
        2,
        "{}",
        reply.body
    );
    assert_eq!(
        lines.iter().filter(|l| l.contains(",待审核,")).count(),
        1,
        "{}",
        reply.body
    );
    let reporter = app.sign_in("shiqiao").await;
    let refused = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/reports.csv").cookie(&reporter))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (anonymous, _) = app.get("/plans/taibaihu-2024/reports.csv").await;
    assert_eq!(anonymous, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_csv_streams_every_report_across_pages() {
    let (app, supervisor) = scene().await;
    // Several pages' worth (a page is 2,000 reports), pushed as phones would.
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let author = app
        .store
        .credentials("shiqiao")
        .await
        .expect("read")
        .expect("user")
        .id;
    let reports = server::cmd::demo_data::demo_reports(&plan, author, plan.summary.ends_on, 6, 11);
    assert!(reports.len() > 4_000, "{}", reports.len());
    server::cmd::demo_data::push(
        app.store.as_ref(),
        &reports,
        &app::domain::audit::Actor::user(author, "shiqiao"),
        chrono::Utc::now(),
    )
    .await
    .expect("push");
    let reply = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/reports.csv").cookie(&supervisor))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let ids: Vec<&str> = reply
        .body
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    assert_eq!(
        ids.len(),
        reports.len() + 3,
        "every report, the scene's three included"
    );
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "none twice across page boundaries");
}

#[tokio::test]
async fn the_monthly_lines_are_the_latest_accepted_reports_that_say_something() {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    // Three older reports with a narrative, then forty newer ones without (more than a page
    // of candidates), one pending with a narrative, and one from the next month.
    let mut reports = Vec::new();
    for (day, text) in [(3, "三日入户"), (4, "四日入户"), (5, "五日入户")] {
        let mut r = report(&field, 1.0, &format!("2024-06-{day:02}"));
        r.narrative = text.into();
        reports.push(r);
    }
    for i in 0..40 {
        let mut r = report(&field, 1.0, &format!("2024-06-{:02}", 10 + i % 15));
        r.narrative = String::new();
        reports.push(r);
    }
    let mut july = report(&field, 1.0, "2024-07-01");
    july.narrative = "七月".into();
    reports.push(july);
    let ops: Vec<_> = reports.iter().cloned().map(new_op).collect();
    assert_eq!(push(&app, &field.cookie, &ops).await.status, StatusCode::OK);
    let ids: Vec<_> = reports.iter().map(|r| r.id).collect();
    app.store
        .review_many(
            &ids,
            app::sync::ReviewStatus::Accepted,
            None,
            &app::domain::audit::Actor::command_line(),
        )
        .await
        .expect("accept");
    let mut pending = report(&field, 1.0, "2024-06-28");
    pending.narrative = "待审核的不算".into();
    push(&app, &field.cookie, &[new_op(pending)]).await;

    let lines = app
        .store
        .narratives(PLAN, None, date("2024-06-01"), date("2024-06-30"), 3)
        .await
        .expect("narratives");
    let said: Vec<&str> = lines.iter().map(|l| l.narrative.as_str()).collect();
    assert_eq!(said, ["五日入户", "四日入户", "三日入户"], "newest first");
    assert!(lines.iter().all(|l| l.item == 1 && l.unit == "石桥镇政府"));
    let two = app
        .store
        .narratives(PLAN, None, date("2024-06-01"), date("2024-06-30"), 2)
        .await
        .expect("narratives");
    assert_eq!(two.len(), 2);
    // Only the items asked for: item 1's lines, or none for item 2.
    let only = |items: &'static [u32]| {
        let store = app.store.clone();
        async move {
            store
                .narratives(PLAN, Some(items), date("2024-06-01"), date("2024-06-30"), 3)
                .await
                .expect("narratives")
                .len()
        }
    };
    assert_eq!(only(&[1]).await, 3);
    assert_eq!(only(&[2]).await, 0);
}
