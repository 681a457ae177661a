//! 群众评价 (issue 14): a resident rates an item with no account and may leave a
//! suggestion; it shows only once the 督查室 publishes it with the lead unit's answer.
//! Abuse controls, the lead unit's reminder, the export and the audit trail.

use app::domain::account::Role;
use app::domain::audit::AuditFilter;
use http::Method;

use crate::helpers::{PLAN, Req, TestApp, spawn_app};

const ITEM: &str = "/plans/taibaihu-2024/items/3";

/// A resident's rating from the item page; `device` is the rater cookie to send back.
async fn rate(
    app: &TestApp,
    device: Option<&str>,
    rating: &str,
    text: &str,
) -> crate::helpers::Reply {
    let mut req = Req::new(Method::POST, &format!("{ITEM}/feedback"))
        .form(&[("rating", rating), ("suggestion", text)]);
    if let Some(cookie) = device {
        req = req.cookie(cookie);
    }
    app.send(req).await
}

fn rater_cookie(reply: &crate::helpers::Reply) -> String {
    let set = reply
        .headers
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("taizhang_rater="))
        .expect("a rater cookie on the first rating")
        .to_string();
    set.split(';').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn a_suggestion_is_answered_by_the_lead_unit_and_published_by_the_supervision_office() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shiye", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    app.add_user("wenlv", "区文旅局", Some(Role::UnitManager))
        .await;
    let ducha = app.sign_in("ducha").await;
    let shiye = app.sign_in("shiye").await;
    let wenlv = app.sign_in("wenlv").await;

    // A resident, no account: 不满意 with a suggestion.
    let first = rate(&app, None, "unsatisfied", "  社区养老设施还没开门  ").await;
    assert_eq!(first.status, 303, "{}", first.body);
    assert_eq!(
        first.location(),
        Some("/plans/taibaihu-2024/items/3?done=feedback#feedback")
    );
    let device = rater_cookie(&first);
    let page = app.send(Req::new(Method::GET, ITEM)).await.body;
    assert!(page.contains("满意 0 · 基本满意 0 · 不满意 1（共 1 人次）"));
    assert!(
        !page.contains("社区养老设施还没开门"),
        "not shown before it is published"
    );

    // The same phone rates the same item again the same day: refused, in Chinese.
    let again = rate(&app, Some(&device), "satisfied", "").await;
    assert_eq!(again.status, 429);
    assert!(again.body.contains("您今天已经评价过这个项目"));
    // A link, or an empty choice, is refused and nothing is counted.
    let spam = rate(&app, None, "satisfied", "领奖请访问 www.spam.cn").await;
    assert_eq!(spam.status, 422);
    assert!(spam.body.contains("不能包含网址"));
    assert!(
        spam.body.contains("领奖请访问"),
        "what was typed is shown again"
    );
    let empty = rate(&app, None, "", "").await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("请选择满意、基本满意或不满意"));
    // Another resident: a rating alone is counted at once.
    assert_eq!(rate(&app, None, "satisfied", "").await.status, 303);
    let page = app.send(Req::new(Method::GET, ITEM)).await.body;
    assert!(page.contains("满意 1 · 基本满意 0 · 不满意 1（共 2 人次）"));

    // The lead unit is told on its overview; another unit is not.
    let overview = |cookie: String| {
        let app = &app;
        async move {
            app.send(Req::new(Method::GET, "/plans/taibaihu-2024").cookie(&cookie))
                .await
                .body
        }
    };
    assert!(
        overview(shiye.clone())
            .await
            .contains("有 1 条群众意见建议待本单位答复")
    );
    assert!(
        !overview(wenlv.clone())
            .await
            .contains("群众意见建议待本单位答复")
    );
    let queue = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/feedback").cookie(&shiye))
        .await
        .body;
    assert!(queue.contains("社区养老设施还没开门") && queue.contains("待答复"));
    let other = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/feedback").cookie(&wenlv))
        .await
        .body;
    assert!(
        !other.contains("社区养老设施还没开门"),
        "another unit's item"
    );
    let id: i64 = app.raw_count("SELECT MIN(id) FROM feedback").await;

    // Publishing needs an answer, and only the 督查室 publishes.
    let early = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/{PLAN}/feedback/{id}/publish"),
            )
            .cookie(&ducha)
            .form(&[]),
        )
        .await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("请先填写答复"));
    let foreign = app
        .send(
            Req::new(Method::POST, &format!("/plans/{PLAN}/feedback/{id}/answer"))
                .cookie(&wenlv)
                .form(&[("answer", "不是我们的项目")]),
        )
        .await;
    assert_eq!(foreign.status, 403);
    let answered = app
        .send(
            Req::new(Method::POST, &format!("/plans/{PLAN}/feedback/{id}/answer"))
                .cookie(&shiye)
                .form(&[("answer", "已于 11 月 20 日开放，欢迎前往。")]),
        )
        .await;
    assert_eq!(answered.status, 303, "{}", answered.body);
    assert!(
        !overview(shiye.clone()).await.contains("待本单位答复"),
        "answered: no reminder"
    );
    let by_unit = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/{PLAN}/feedback/{id}/publish"),
            )
            .cookie(&shiye)
            .form(&[]),
        )
        .await;
    assert_eq!(by_unit.status, 403);
    assert!(
        !app.send(Req::new(Method::GET, ITEM))
            .await
            .body
            .contains("社区养老设施还没开门")
    );
    let published = app
        .send(
            Req::new(
                Method::POST,
                &format!("/plans/{PLAN}/feedback/{id}/publish"),
            )
            .cookie(&ducha)
            .form(&[]),
        )
        .await;
    assert_eq!(published.status, 303);
    let page = app.send(Req::new(Method::GET, ITEM)).await.body;
    assert!(page.contains("社区养老设施还没开门"));
    assert!(page.contains("已于 11 月 20 日开放，欢迎前往。"));

    // Hidden again: gone from the public page, its rating no longer counted.
    let hidden = app
        .send(
            Req::new(Method::POST, &format!("/plans/{PLAN}/feedback/{id}/hide"))
                .cookie(&ducha)
                .form(&[]),
        )
        .await;
    assert_eq!(hidden.status, 303);
    let page = app.send(Req::new(Method::GET, ITEM)).await.body;
    assert!(!page.contains("社区养老设施还没开门"));
    assert!(page.contains("满意 1 · 基本满意 0 · 不满意 0（共 1 人次）"));

    // Every moderation step is in the audit trail, by whom.
    let trail = app
        .store
        .audit(&AuditFilter {
            action: Some("feedback.moderate".into()),
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(trail.len(), 2);
    assert!(
        trail
            .iter()
            .all(|e| e.actor == "ducha" && e.entity == "feedback")
    );
    let answers = app
        .store
        .audit(&AuditFilter {
            action: Some("feedback.answer".into()),
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].actor, "shiye");

    // The export carries every rating, with and without text; a reporter may not have it.
    let csv = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/feedback.csv")).cookie(&ducha))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("社区养老设施还没开门") && csv.body.contains("不公开"));
    assert_eq!(
        csv.body.lines().count(),
        3,
        "header and two ratings:\n{}",
        csv.body
    );
    app.add_user("feng", "石桥镇政府", Some(Role::Reporter))
        .await;
    let feng = app.sign_in("feng").await;
    let refused = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/feedback.csv")).cookie(&feng))
        .await;
    assert_eq!(refused.status, 403);
}
