//! 考核 through the page and the .xlsx: every lead unit scored for June 2024 from what the
//! ledger holds, each point with its facts (a unit that never reported loses a point per
//! missing week and two for the missing monthly submission); the total is the sum of its
//! points; a unit's manager sees its own row only; the download says the same.

use std::io::Cursor;

use app::domain::account::Role;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{field_worker, new_op, push, report};

const PAGE: &str = "/plans/taibaihu-2024/assessment?month=2024-06";

async fn scene() -> (TestApp, String, String, String) {
    let app = spawn_app().await;
    let field = field_worker(&app, "shiqiao").await;
    let june = report(&field, 4.0, "2024-06-11");
    push(&app, &field.cookie, &[new_op(june.clone())]).await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let manager = app.sign_in("shehui").await;
    let reply = app
        .send(
            Req::new(Method::POST, &format!("/api/v1/reports/{}/review", june.id))
                .cookie(&manager)
                .json(serde_json::json!({ "decision": "accept" })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let supervisor = app.sign_in("ducha").await;
    (app, manager, supervisor, field.cookie)
}

async fn page(app: &TestApp, cookie: &str) -> String {
    let reply = app.send(Req::new(Method::GET, PAGE).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

/// The `<tr>` of a unit, its total, and its points.
fn unit_row(body: &str, unit: &str) -> (String, f64, Vec<f64>) {
    let start = body
        .find(&format!(r#"<tr data-unit="{unit}""#))
        .unwrap_or_else(|| panic!("{unit}: {body}"));
    let end = start + body[start..].find("</tr>").expect("row end");
    let row = body[start..end].to_string();
    let number = |after: &str| -> f64 {
        let at = after.find('"').expect("a quote") + 1;
        let len = after[at..].find('"').expect("closing quote");
        after[at..at + len].parse().expect("a number")
    };
    let total = number(&row[row.find("data-total=").expect("total")..]);
    let points = row
        .match_indices("data-points=")
        .map(|(i, _)| number(&row[i..]))
        .collect();
    (row, total, points)
}

#[tokio::test]
async fn every_lead_unit_is_scored_with_the_facts_behind_each_point() {
    let (app, manager, supervisor, reporter) = scene().await;
    let body = page(&app, &supervisor).await;
    assert!(body.contains("完成率 30 分"), "the rule is on the page");
    assert!(body.contains("每缺报一次周台账扣 1 分"));
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    // 北湖消防救援大队 never reported: five June weeks (Sundays 2, 9, 16, 23, 30) missing
    // for each item it leads, and no monthly submission.
    let unit = plan
        .units
        .iter()
        .find(|u| u.name == "北湖消防救援大队")
        .expect("unit");
    let led = plan.items.iter().filter(|i| i.leads(unit.id)).count();
    let (row, total, points) = unit_row(&body, &unit.name);
    assert!(
        row.contains(&format!(
            "应更新 {} 次：按时 0，逾期 0（计一半），缺报 {}",
            5 * led,
            5 * led
        )),
        "{row}"
    );
    assert!(
        row.contains(&format!(
            "扣分：缺报周台账：{} 次 × 1 分 → -{} 分",
            5 * led,
            5 * led
        )),
        "{row}"
    );
    assert!(
        row.contains(&format!("扣分：逾期未报月度情况：{led} 次 × 2 分")),
        "{row}"
    );
    let sum: f64 = points.iter().sum();
    assert!(
        (total - sum.max(0.0)).abs() < 0.05,
        "the total is the sum of its points: {total} vs {points:?}"
    );
    // Every lead unit has a row, highest first.
    let totals: Vec<f64> = body
        .match_indices("data-total=")
        .map(|(i, _)| {
            let rest = &body[i + 12..];
            rest[..rest.find('"').expect("quote")]
                .parse()
                .expect("number")
        })
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    assert!(totals.iter().all(|t| (0.0..=100.0).contains(t)));

    // A unit's manager sees its own row only; a reporter nothing.
    let own = page(&app, &manager).await;
    assert!(own.contains(r#"<tr data-unit="区社会事业发展局""#));
    assert_eq!(own.matches("data-total=").count(), 1);
    let refused = app
        .send(Req::new(Method::GET, PAGE).cookie(&reporter))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The download says the same.
    let xlsx = app
        .send(
            Req::new(
                Method::GET,
                "/plans/taibaihu-2024/assessment.xlsx?month=2024-06",
            )
            .cookie(&supervisor),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.bytes.clone())).expect("xlsx");
    let sheet = book.worksheet_range("考核").expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    let fire = rows
        .iter()
        .find(|r| r.get(1) == Some(&Data::String(unit.name.clone())))
        .expect("the unit's row");
    assert_eq!(fire[2], Data::Float(total));
    assert_eq!(
        rows.iter()
            .filter(|r| matches!(r.first(), Some(Data::Float(_))))
            .count(),
        totals.len()
    );
}
