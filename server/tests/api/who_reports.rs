//! Who reports what, end to end: the 2024 plan marks each indicator for the lead unit, the
//! towns or every unit; a town's phone is sent only its indicators, each with what the
//! town's accepted reports add up to; a figure for another's indicator is refused with the
//! reason and kept in 同步异常; markings change by importing the plan again.

use app::domain::account::Role;
use app::domain::audit::Actor;
use app::domain::plan_file::{TAIBAIHU_2024, parse_plan_file};
use app::domain::report::{IndicatorInput, IndicatorValue};
use app::domain::reporters::ReportedBy;
use app::store::ImportOutcome;
use app::sync::ReviewStatus;
use http::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{Field, field_worker, new_op, outcomes, push, report, result_field};

fn value(code: &str, input: IndicatorInput) -> IndicatorValue {
    IndicatorValue {
        code: code.into(),
        input,
    }
}

async fn catalogue(app: &TestApp, cookie: &str) -> Value {
    let reply = app
        .send(Req::new(Method::GET, "/api/v1/sync/catalogue").cookie(cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

/// item number → the indicator codes the catalogue sends.
fn codes(catalogue: &Value) -> Vec<(u64, Vec<String>)> {
    catalogue["plans"][0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let codes = i["indicators"]
                .as_array()
                .expect("indicators")
                .iter()
                .map(|x| x["code"].as_str().unwrap_or_default().to_string())
                .collect();
            (i["number"].as_u64().unwrap_or_default(), codes)
        })
        .collect()
}

async fn lead_reporter(app: &TestApp) -> Field {
    let user_id = app
        .add_user("shehui-tb", "区社会事业发展局", Some(Role::Reporter))
        .await;
    Field {
        name: "shehui-tb 姓名".into(),
        user_id,
        unit_id: app.unit_id("区社会事业发展局").await,
        cookie: app.sign_in("shehui-tb").await,
    }
}

#[tokio::test]
async fn a_town_is_asked_only_for_what_it_can_know() {
    let app = spawn_app().await;
    let town = field_worker(&app, "shiqiao").await;
    let lead = lead_reporter(&app).await;

    let sent = codes(&catalogue(&app, &town.cookie).await);
    let item = |n: u64| sent.iter().find(|(i, _)| *i == n).map(|(_, c)| c.clone());
    assert_eq!(item(1), Some(vec!["households".to_string()]));
    // 养老服务从业人员培训 is the bureau's; the facilities are in the towns.
    assert_eq!(item(3), Some(vec!["facilities".to_string()]));
    assert_eq!(item(4), Some(vec!["smoke-alarms".to_string()]));
    // District-wide standards and a project done once for the district: not asked.
    assert_eq!(item(14), None, "{sent:?}");
    assert_eq!(item(18), None, "{sent:?}");
    // The bureau, for its part, is not asked for households.
    let theirs = codes(&catalogue(&app, &lead.cookie).await);
    let of = |n: u64| theirs.iter().find(|(i, _)| *i == n).map(|(_, c)| c.clone());
    assert_eq!(of(1), None, "{theirs:?}");
    assert_eq!(of(3), Some(vec!["trainees".to_string()]));
    assert_eq!(of(14).map(|c| c.len()), Some(6));

    // Figures for another's indicator are refused, whole, with the reason.
    let mut dibao = report(&town, 0.0, "2024-06-04");
    dibao.item = 14;
    dibao.values = vec![value("urban-dibao", IndicatorInput::Current { value: 7.5 })];
    let mut both = report(&town, 0.0, "2024-06-04");
    both.item = 3;
    both.values = vec![
        value("facilities", IndicatorInput::Increment { amount: 1.0 }),
        value("trainees", IndicatorInput::Increment { amount: 20.0 }),
    ];
    let mut facilities = report(&town, 0.0, "2024-06-04");
    facilities.item = 3;
    facilities.values = vec![value(
        "facilities",
        IndicatorInput::Increment { amount: 1.0 },
    )];
    let households = report(&town, 4.0, "2024-06-04");
    let reply = push(
        &app,
        &town.cookie,
        &[
            new_op(dibao),
            new_op(both),
            new_op(facilities),
            new_op(households.clone()),
        ],
    )
    .await;
    assert_eq!(
        outcomes(&reply),
        ["rejected", "rejected", "applied", "applied"]
    );
    let reason = |i| {
        result_field(&reply, i, "message")
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        reason(0).contains("由牵头单位填报，本单位不填报该指标"),
        "{}",
        reason(0)
    );
    assert!(reason(1).contains("养老服务从业人员培训"), "{}", reason(1));
    let quarantine = app.store.quarantine(10).await.expect("quarantine");
    assert_eq!(quarantine.len(), 2, "kept, not lost");

    let mut wrong_way = report(&lead, 2.0, "2024-06-04");
    wrong_way.author = lead.name.clone();
    let mut standard = report(&lead, 0.0, "2024-06-04");
    standard.item = 14;
    standard.values = vec![value("urban-dibao", IndicatorInput::Current { value: 7.5 })];
    let reply = push(&app, &lead.cookie, &[new_op(wrong_way), new_op(standard)]).await;
    assert_eq!(outcomes(&reply), ["rejected", "applied"]);
    assert!(
        result_field(&reply, 0, "message")
            .as_str()
            .unwrap_or_default()
            .contains("由各镇（街道）填报"),
        "{}",
        reply.body
    );

    // Once accepted, the town's phone shows what the town has done against the target.
    app.store
        .review_many(
            &[households.id],
            ReviewStatus::Accepted,
            None,
            &Actor::command_line(),
        )
        .await
        .expect("accept");
    let again = catalogue(&app, &town.cookie).await;
    let one = &again["plans"][0]["items"][0];
    assert_eq!(one["number"], 1);
    assert_eq!(one["indicators"][0]["mine"]["done"], 4.0, "{one}");
    assert!(one["indicators"][0]["mine"]["share"].is_null(), "{one}");

    // The town's pace board: its indicators only, the district's target and colour with
    // the town's part beside what is done.
    let board = board_row(
        &app,
        &town.cookie,
        "/plans/taibaihu-2024/towns?as_of=2024-06-30",
        1,
    )
    .await;
    assert!(board.contains("30 户（全区）"), "{board}");
    assert!(board.contains("全区 4 户 · 本镇 4 户"), "{board}");
    assert!(board.contains(r#"data-own="false""#), "{board}");
    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/towns").cookie(&town.cookie))
        .await
        .body;
    assert!(page.contains("石桥镇政府进度看板"), "{page}");
    assert!(
        !page.contains(r#"data-item="14""#),
        "not the town's: {page}"
    );
    let anonymous = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/towns"))
        .await;
    assert!(
        !anonymous.body.contains("进度看板</h1>"),
        "{}",
        anonymous.body
    );
}

/// The `<tr>` of item `n` on a town's board.
async fn board_row(app: &TestApp, cookie: &str, path: &str, n: u32) -> String {
    let reply = app.send(Req::new(Method::GET, path).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.body;
    let start = body
        .find(&format!(r#"<tr data-item="{n}""#))
        .unwrap_or_else(|| panic!("item {n} on the board: {body}"));
    let end = start + body[start..].find("</tr>").expect("its end");
    body[start..end].to_string()
}

#[tokio::test]
async fn markings_are_checked_on_import_and_change_by_importing_again() {
    // The rule is checked in `import`: every problem named with its place.
    let bad = TAIBAIHU_2024
        .replacen(
            "code = \"pocket-parks\"\nreported_by = \"lead\"",
            "code = \"pocket-parks\"\nreported_by = \"towns\"",
            1,
        )
        .replacen(
            "code = \"households\"\nreported_by = \"towns\"",
            "code = \"households\"\nreported_by = \"towns\"\nshares = [{ unit = \"石桥镇人民政府\", target = 18 }, { unit = \"许庄街道办事处\", target = 10 }]",
            1,
        )
        .replacen(
            "code = \"canteens\"\nreported_by = \"towns\"",
            "code = \"canteens\"\nreported_by = \"village\"",
            1,
        );
    let errors: Vec<String> = parse_plan_file(&bad)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    let all = errors.join("\n");
    assert_eq!(errors.len(), 3, "{all}");
    assert!(
        all.contains("序号 17 › 指标 pocket-parks") && all.contains("没有镇（街道）"),
        "{all}"
    );
    assert!(
        all.contains("序号 1 › 指标 households") && all.contains("之和 28 不等于总目标 30"),
        "{all}"
    );
    assert!(all.contains("village"), "{all}");

    // A split that adds up, by an alias, is stored under the canonical name; importing the
    // same promise again with other markings changes only them.
    let app = spawn_app().await;
    let split = TAIBAIHU_2024.replacen(
        "code = \"households\"\nreported_by = \"towns\"",
        "code = \"households\"\nreported_by = \"towns\"\nshares = [{ unit = \"石桥镇人民政府\", target = 18 }, { unit = \"许庄街道办事处\", target = 12 }]",
        1,
    ).replacen(
        "code = \"performances\"\nreported_by = \"units\"",
        "code = \"performances\"\nreported_by = \"lead\"",
        1,
    );
    let plan = parse_plan_file(&split).expect("a valid file");
    let outcome = app
        .store
        .import_plan(&plan, &Actor::command_line())
        .await
        .expect("import");
    assert_eq!(outcome, ImportOutcome::Unchanged);
    let stored = app.store.plan(PLAN).await.expect("read").expect("plan");
    let households = &stored.item(1).expect("item 1").indicators[0];
    let shares: Vec<(String, f64)> = households
        .shares
        .iter()
        .map(|s| (s.unit.clone(), s.target))
        .collect();
    assert_eq!(
        shares,
        vec![
            ("石桥镇政府".to_string(), 18.0),
            ("许庄街道办事处".to_string(), 12.0)
        ]
    );
    let performances = &stored.item(10).expect("item 10").indicators[1];
    assert_eq!(performances.reported_by, ReportedBy::Lead);

    // The town's phone now shows its share, and its board measures it against it.
    let town = field_worker(&app, "shiqiao").await;
    let sent = catalogue(&app, &town.cookie).await;
    assert_eq!(
        sent["plans"][0]["items"][0]["indicators"][0]["mine"]["share"],
        18.0
    );
    let row = board_row(
        &app,
        &town.cookie,
        "/plans/taibaihu-2024/towns?as_of=2024-06-30",
        1,
    )
    .await;
    assert!(row.contains("18 户（全区 30 户）"), "{row}");
    assert!(row.contains(r#"data-own="true""#), "{row}");
    // Nothing done by 30 June against 18 × 89/273 expected: red, the town's own colour.
    assert!(row.contains("5.9 户"), "{row}");
    assert!(row.contains(r#"data-status="red""#), "{row}");
    // The 督查室 chooses the town.
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let desk = app.sign_in("ducha").await;
    let street = app.unit_id("许庄街道办事处").await;
    let row = board_row(
        &app,
        &desk,
        &format!("/plans/taibaihu-2024/towns?unit={street}&as_of=2024-06-30"),
        1,
    )
    .await;
    assert!(row.contains("12 户（全区 30 户）"), "{row}");
}
