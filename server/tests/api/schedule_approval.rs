//! 分阶段目标 with approval, through the item page's forms: a lead unit's proposal changes
//! nothing until the 督查室 approves it, and then only from the approval day, so the pace
//! of every earlier day stays as it was measured. A proposal sent back keeps its reason, a
//! new proposal supersedes the waiting one, and nothing is ever dropped from the history.

use app::domain::account::Role;
use app::domain::schedule::approval::ProposalState;
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Reply, Req, TestApp, spawn_app};

const ITEM: &str = "/plans/taibaihu-2024/items/1";

async fn post(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Reply {
    app.send(Req::new(Method::POST, path).cookie(cookie).form(fields))
        .await
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let reply = app.send(Req::new(Method::GET, path).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.body
}

async fn propose(app: &TestApp, cookie: &str, nodes: &str) -> Reply {
    post(
        app,
        cookie,
        &format!("{ITEM}/schedule"),
        &[("code", "households"), ("nodes", nodes)],
    )
    .await
}

async fn decide(app: &TestApp, cookie: &str, id: i64, fields: &[(&str, &str)]) -> Reply {
    post(app, cookie, &format!("{ITEM}/schedule/{id}/decide"), fields).await
}

async fn states(app: &TestApp) -> Vec<(i64, ProposalState)> {
    app.store
        .schedule_proposals(PLAN)
        .await
        .expect("read")
        .into_iter()
        .map(|p| (p.id, p.state))
        .collect()
}

/// The item's colour and its explanation on a day, as the 督查室 sees it.
async fn pace_on(app: &TestApp, cookie: &str, day: &str) -> String {
    let body = page(app, cookie, &format!("{ITEM}?as_of={day}")).await;
    let class = body.find(r#"class="item-pace""#).expect("the pace line");
    let start = body[..class].rfind("<p").expect("its start");
    let end = start + body[start..].find("</p>").expect("its end");
    body[start..end].to_string()
}

#[tokio::test]
async fn a_schedule_counts_only_once_approved_and_only_from_that_day() {
    let app = spawn_app().await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shiqiao", "石桥镇政府", Some(Role::Reporter))
        .await;
    let manager = app.sign_in("shehui").await;
    let supervisor = app.sign_in("ducha").await;
    let reporter = app.sign_in("shiqiao").await;
    let today = app::domain::china_time::today().to_string();
    // Nothing done by 30 April: 28 of 273 days have passed, 10 points behind → yellow; all
    // 30 due by then would be red.
    let before = pace_on(&app, &supervisor, "2024-04-30").await;
    assert!(before.contains(r#"data-status="yellow""#), "{before}");

    // Only the lead unit's manager proposes; bad lines are named and nothing is filed.
    assert_ne!(
        propose(&app, &reporter, "2024-04-30 30").await.status,
        StatusCode::SEE_OTHER
    );
    let bad = propose(&app, &manager, "2024-13-01 5").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("第 1 行：日期“2024-13-01”无效"),
        "{}",
        bad.body
    );
    assert!(states(&app).await.is_empty());

    // Proposed twice: the first is superseded, the second waits. Pace has not moved.
    assert_eq!(
        propose(&app, &manager, "2024-05-31 30").await.status,
        StatusCode::SEE_OTHER
    );
    let filed = propose(&app, &manager, "2024-04-30 30").await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let s = states(&app).await;
    assert_eq!(
        s.iter().map(|(_, st)| *st).collect::<Vec<_>>(),
        vec![ProposalState::Superseded, ProposalState::Pending]
    );
    let (first, second) = (s[0].0, s[1].0);
    assert_eq!(pace_on(&app, &supervisor, "2024-04-30").await, before);
    let item = page(&app, &supervisor, ITEM).await;
    assert!(
        item.contains(&format!(r#"data-proposal="{second}""#)),
        "{item}"
    );
    assert!(item.contains("待审批：2024-04-30 累计 30户"), "{item}");
    let todo = page(&app, &supervisor, "/plans/taibaihu-2024/reminders").await;
    assert!(todo.contains("分阶段目标待审批"), "{todo}");

    // The lead unit cannot approve its own; a superseded one cannot be decided; sending
    // back needs a reason.
    let own = decide(&app, &manager, second, &[("decision", "approve")]).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    let stale = decide(&app, &supervisor, first, &[("decision", "approve")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale.body.contains("已被牵头单位的新方案取代"),
        "{}",
        stale.body
    );
    let bare = decide(&app, &supervisor, second, &[("decision", "reject")]).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.body.contains("请填写退回理由"), "{}", bare.body);
    assert_eq!(states(&app).await[1].1, ProposalState::Pending);

    // Sent back, with its reason kept; deciding it again is refused.
    let back = decide(
        &app,
        &supervisor,
        second,
        &[("decision", "reject"), ("reason", "4月底全部完成不现实")],
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    let again = decide(&app, &supervisor, second, &[("decision", "approve")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let item = page(&app, &manager, ITEM).await;
    assert!(item.contains("退回：4月底全部完成不现实"), "{item}");

    // Proposed once more and approved: in force from today, not a day earlier.
    assert_eq!(
        propose(&app, &manager, "2024-04-30 30").await.status,
        StatusCode::SEE_OTHER
    );
    let third = states(&app).await[2].0;
    let approved = decide(&app, &supervisor, third, &[("decision", "approve")]).await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let proposals = app.store.schedule_proposals(PLAN).await.expect("read");
    assert_eq!(proposals[2].state, ProposalState::Approved);
    assert_eq!(
        proposals[2].effective_from.map(|d| d.to_string()),
        Some(today.clone())
    );
    assert_eq!(pace_on(&app, &supervisor, "2024-04-30").await, before);
    let now = pace_on(&app, &supervisor, &today).await;
    assert!(now.contains("按分阶段目标"), "{now}");
    let item = page(&app, &supervisor, &format!("{ITEM}?as_of={today}")).await;
    assert!(
        item.contains(&format!(
            "现行：2024-04-30 累计 30户（{today} 起执行，ducha 批准）"
        )),
        "{item}"
    );
    // The history keeps all three, and the plan as read is untouched.
    assert!(item.contains("审批记录（3）"), "{item}");
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    assert!(
        plan.item(1).expect("item").indicators[0]
            .schedule
            .is_empty()
    );
    let audited = app
        .raw_count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'schedule.%'")
        .await;
    assert_eq!(audited, 5, "three proposals, one sent back, one approved");
}

#[tokio::test]
async fn a_proposal_of_another_plan_or_none_is_not_found() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let supervisor = app.sign_in("ducha").await;
    let missing = decide(&app, &supervisor, 999, &[("decision", "approve")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    let odd = decide(&app, &supervisor, 999, &[("decision", "maybe")]).await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", odd.body);
}

/// A refused proposal comes back with what was typed, in its own indicator's form only:
/// the item's other indicators keep the schedule they show.
#[tokio::test]
async fn a_refused_schedule_comes_back_in_its_own_form_only() {
    let app = spawn_app().await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    let bad = post(
        &app,
        &manager,
        "/plans/taibaihu-2024/items/3/schedule",
        &[("code", "trainees"), ("nodes", "2024-13-01 20")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let trainees = form_of(&bad.body, "trainees");
    let facilities = form_of(&bad.body, "facilities");
    assert!(trainees.contains("2024-13-01 20"), "{trainees}");
    assert!(!facilities.contains("2024-13-01 20"), "{facilities}");
}

/// The schedule form of one indicator in a page.
fn form_of(body: &str, code: &str) -> String {
    let hidden = format!(r#"name="code" value="{code}""#);
    let at = body.find(&hidden).expect("the indicator's schedule form");
    let start = body[..at].rfind("<form").expect("its start");
    let end = at + body[at..].find("</form>").expect("its end");
    body[start..end].to_string()
}
