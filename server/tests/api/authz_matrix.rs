//! Every write, tried as every role: exactly the allowed ones succeed, each success writes
//! one audit row, each refusal writes none and changes nothing.
// Over 500 lines: one table of every write × every role, which reads best in one place.

use app::domain::account::Role;
use http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, Reply, Req, TestApp, spawn_app};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Supervisor,
    Leader,
    UnitManager,
    Reporter,
    Evaluator,
    Anonymous,
}

const EVERYONE: [Who; 6] = [
    Who::Supervisor,
    Who::Leader,
    Who::UnitManager,
    Who::Reporter,
    Who::Evaluator,
    Who::Anonymous,
];
const SIGNED_IN: &[Who] = &[
    Who::Supervisor,
    Who::Leader,
    Who::UnitManager,
    Who::Reporter,
    Who::Evaluator,
];
const SUPERVISOR: &[Who] = &[Who::Supervisor];

/// What a request may use: the target user's id, and the actor's own username.
struct Ctx {
    target: i64,
    me: &'static str,
    /// A report of 石桥镇 on item 1 (led by 区社会事业发展局).
    report: uuid::Uuid,
    /// A difficulty raised on item 1, and a 督办单 to 区社会事业发展局 on it.
    difficulty: i64,
    notice: i64,
    /// A second 督办单 to it, already answered: to be closed or sent back.
    answered_notice: i64,
    /// 石桥镇's unit id (a co-unit of item 1).
    co_unit: i64,
    /// A resident's suggestion on item 1, waiting for an answer.
    feedback: i64,
    /// A 分阶段目标 proposed on item 1, waiting for the 督查室.
    proposal: i64,
}

struct Write {
    name: &'static str,
    allowed: &'static [Who],
    make: fn(&Ctx) -> Req,
    succeeded: fn(&Reply) -> bool,
}

fn api_ok(r: &Reply) -> bool {
    r.status.is_success()
}

fn redirected_done(r: &Reply) -> bool {
    r.status == StatusCode::SEE_OTHER && r.location().is_some_and(|l| l.contains("done="))
}

fn redirected_home(r: &Reply) -> bool {
    r.status == StatusCode::SEE_OTHER && r.location() == Some("/")
}

fn role_body() -> serde_json::Value {
    json!({ "plan": "taibaihu-2024", "role": "unit_manager", "categories": [] })
}

const WRITES: &[Write] = &[
    Write {
        name: "POST /plans/{plan}/items/1/difficulties (form)",
        allowed: &[Who::Supervisor, Who::UnitManager, Who::Reporter],
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/difficulties")
                .form(&[("title", "资金缺口"), ("detail", "配套资金未到位")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/difficulties/{id}/comment (form)",
        allowed: &[
            Who::Supervisor,
            Who::Leader,
            Who::UnitManager,
            Who::Reporter,
        ],
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/difficulties/{}/comment", c.difficulty),
            )
            .form(&[("text", "请尽快协调")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/difficulties/{id}/status (form)",
        allowed: &[Who::Supervisor, Who::UnitManager],
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/difficulties/{}/status", c.difficulty),
            )
            .form(&[("status", "coordinating"), ("text", "")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/notices (form)",
        allowed: SUPERVISOR,
        make: |c| {
            let unit = c.co_unit.to_string();
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/notices").form(&[
                ("unit_id", unit.as_str()),
                ("colour", "yellow"),
                ("requirement", "加快进度"),
                ("deadline", "2024-07-15"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/notices/{id}/respond (form)",
        allowed: &[Who::UnitManager],
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/notices/{}/respond", c.notice),
            )
            .form(&[("response", "已整改")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/notices/{id}/close (form)",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/notices/{}/close", c.answered_notice),
            )
            .form(&[])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/notices/{id}/send_back (form)",
        allowed: SUPERVISOR,
        make: |c| {
            let deadline = app::domain::china_time::today().to_string();
            Req::new(
                Method::POST,
                &format!(
                    "/plans/taibaihu-2024/notices/{}/send_back",
                    c.answered_notice
                ),
            )
            .form(&[("reason", "未附整改照片"), ("deadline", deadline.as_str())])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/submissions/1 (form)",
        allowed: &[Who::UnitManager],
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/submissions/1").form(&[
                ("month", "2024-06"),
                ("figures", ""),
                ("narrative", "六月完成 4 户"),
                ("next_steps", ""),
                ("action", "submit"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/visits (form)",
        allowed: SUPERVISOR,
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/visits").form(&[
                ("visited_on", "2024-07-10"),
                ("place", "石桥村"),
                ("findings", "现场进度与台账一致"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/review (form, batch)",
        allowed: &[Who::UnitManager],
        make: |c| {
            let id = c.report.to_string();
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/review").form(&[
                ("report", id.as_str()),
                ("decision", "accept"),
                ("comment", ""),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/weekly/statement (form)",
        allowed: &[Who::UnitManager],
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/weekly/statement").form(&[
                ("item", "1"),
                ("week", "2024-05-06"),
                ("reason", "本周无新增"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/schedule (form)",
        allowed: &[Who::UnitManager],
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/schedule")
                .form(&[("code", "households"), ("nodes", "2024-06-30 15")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/schedule/{id}/decide (form)",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(
                Method::POST,
                &format!(
                    "/plans/taibaihu-2024/items/1/schedule/{}/decide",
                    c.proposal
                ),
            )
            .form(&[("decision", "reject"), ("reason", "节点依据不足")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /api/v1/reports/{id}/review",
        allowed: &[Who::UnitManager],
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/api/v1/reports/{}/review", c.report),
            )
            .json(json!({ "decision": "accept" }))
        },
        succeeded: api_ok,
    },
    Write {
        name: "POST /api/v1/users",
        allowed: SUPERVISOR,
        make: |_| {
            Req::new(Method::POST, "/api/v1/users").json(json!({
                "username": "newcomer", "display_name": "新同事", "unit_id": 1,
                "password": "long enough password"
            }))
        },
        succeeded: api_ok,
    },
    Write {
        name: "POST /api/v1/users/{id}/disable",
        allowed: SUPERVISOR,
        make: |c| Req::new(Method::POST, &format!("/api/v1/users/{}/disable", c.target)),
        succeeded: api_ok,
    },
    Write {
        name: "POST /api/v1/users/{id}/enable",
        allowed: SUPERVISOR,
        make: |c| Req::new(Method::POST, &format!("/api/v1/users/{}/enable", c.target)),
        succeeded: api_ok,
    },
    Write {
        name: "PUT /api/v1/users/{id}/password",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(Method::PUT, &format!("/api/v1/users/{}/password", c.target))
                .json(json!({ "new_password": "reset by supervisor" }))
        },
        succeeded: api_ok,
    },
    Write {
        name: "PUT /api/v1/users/{id}/role",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(Method::PUT, &format!("/api/v1/users/{}/role", c.target)).json(role_body())
        },
        succeeded: api_ok,
    },
    Write {
        name: "PUT /api/v1/session/password",
        allowed: SIGNED_IN,
        make: |_| {
            Req::new(Method::PUT, "/api/v1/session/password")
                .json(json!({ "current_password": PASSWORD, "new_password": "my new passphrase" }))
        },
        succeeded: api_ok,
    },
    Write {
        name: "DELETE /api/v1/session",
        allowed: SIGNED_IN,
        make: |_| Req::new(Method::DELETE, "/api/v1/session"),
        succeeded: api_ok,
    },
    Write {
        name: "POST /api/v1/session (own credentials)",
        allowed: SIGNED_IN,
        make: |c| {
            Req::new(Method::POST, "/api/v1/session")
                .json(json!({ "username": c.me, "password": PASSWORD }))
        },
        succeeded: api_ok,
    },
    Write {
        name: "POST /admin/users (form)",
        allowed: SUPERVISOR,
        make: |_| {
            Req::new(Method::POST, "/admin/users").form(&[
                ("username", "newcomer"),
                ("display_name", "新同事"),
                ("unit_id", "1"),
                ("plan", "taibaihu-2024"),
                ("role", "reporter"),
                ("password", "long enough password"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /admin/users/{id}/disable (form)",
        allowed: SUPERVISOR,
        make: |c| Req::new(Method::POST, &format!("/admin/users/{}/disable", c.target)).form(&[]),
        succeeded: redirected_done,
    },
    Write {
        name: "POST /admin/users/{id}/enable (form)",
        allowed: SUPERVISOR,
        make: |c| Req::new(Method::POST, &format!("/admin/users/{}/enable", c.target)).form(&[]),
        succeeded: redirected_done,
    },
    Write {
        name: "POST /admin/users/{id}/password (form)",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(Method::POST, &format!("/admin/users/{}/password", c.target))
                .form(&[("new_password", "reset by supervisor")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /admin/users/{id}/role (form)",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(Method::POST, &format!("/admin/users/{}/role", c.target)).form(&[
                ("plan", "taibaihu-2024"),
                ("role", "leader"),
                ("categories", "1"),
                ("categories", "13"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /account/password (form)",
        allowed: SIGNED_IN,
        make: |_| {
            Req::new(Method::POST, "/account/password").form(&[
                ("current_password", PASSWORD),
                ("new_password", "my new passphrase"),
                ("confirm_password", "my new passphrase"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/feedback/{id}/answer (form)",
        allowed: &[Who::Supervisor, Who::UnitManager],
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/feedback/{}/answer", c.feedback),
            )
            .form(&[("answer", "已安排")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/feedback/{id}/hide (form)",
        allowed: SUPERVISOR,
        make: |c| {
            Req::new(
                Method::POST,
                &format!("/plans/taibaihu-2024/feedback/{}/hide", c.feedback),
            )
            .form(&[])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/evaluation/ballot (form)",
        allowed: &[Who::Evaluator],
        make: |_| {
            let fields: Vec<(String, String)> = (1..=20)
                .map(|n| (format!("item-{n}"), "satisfied".to_string()))
                .collect();
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Req::new(Method::POST, "/plans/taibaihu-2024/evaluation/ballot").form(&fields)
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/evaluation/paper (form)",
        allowed: SUPERVISOR,
        make: |_| {
            let mut fields: Vec<(String, String)> = (1..=20)
                .map(|n| (format!("item-{n}"), "basic".to_string()))
                .collect();
            fields.push(("ballot_number".to_string(), "P-1".to_string()));
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Req::new(Method::POST, "/plans/taibaihu-2024/evaluation/paper").form(&fields)
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/3/decisions (form, a target)",
        allowed: SUPERVISOR,
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/3/decisions").form(&[
                ("indicator", "facilities"),
                ("new_target", "4"),
                ("body", "区人大常委会"),
                ("doc_number", "太人常〔2024〕5号"),
                ("decided_on", "2024-07-01"),
                ("reason", "选址调整"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/3/decisions (form, suspend the item)",
        allowed: SUPERVISOR,
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/3/decisions").form(&[
                ("kind", "suspend"),
                ("body", "区人大常委会"),
                ("doc_number", "太人常〔2024〕6号"),
                ("decided_on", "2024-08-01"),
                ("reason", "选址重新论证"),
            ])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/notes/write (form)",
        allowed: &[Who::UnitManager],
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/notes/write")
                .form(&[("month", "2024-09"), ("text", "9月完成 2 户改造")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/items/1/opinions (form)",
        allowed: &[Who::Evaluator],
        make: |_| {
            Req::new(Method::POST, "/plans/taibaihu-2024/items/1/opinions")
                .form(&[("text", "建议公布验收标准")])
        },
        succeeded: redirected_done,
    },
    Write {
        name: "POST /plans/{plan}/evaluation/close (form)",
        allowed: SUPERVISOR,
        make: |_| Req::new(Method::POST, "/plans/taibaihu-2024/evaluation/close").form(&[]),
        succeeded: redirected_done,
    },
    Write {
        name: "POST /logout (form)",
        allowed: SIGNED_IN,
        make: |_| Req::new(Method::POST, "/logout").form(&[]),
        succeeded: redirected_home,
    },
    Write {
        name: "POST /login (form, own credentials)",
        allowed: SIGNED_IN,
        make: |c| {
            Req::new(Method::POST, "/login").form(&[("username", c.me), ("password", PASSWORD)])
        },
        succeeded: redirected_home,
    },
];

/// A fresh plan with one user per role and a target user; returns the actor's cookie.
async fn setup(who: Who) -> (TestApp, Ctx, Option<String>) {
    let app = spawn_app().await;
    let users = [
        (
            Who::Supervisor,
            "ducha",
            "区党政办公室督查室",
            Role::Supervisor,
        ),
        (Who::Leader, "lingdao", "济宁太白湖新区管委会", Role::Leader),
        (
            Who::UnitManager,
            "shehui",
            "区社会事业发展局",
            Role::UnitManager,
        ),
        (Who::Reporter, "shiqiao", "石桥镇政府", Role::Reporter),
        (Who::Evaluator, "daibiao", "区党工委", Role::Evaluator),
    ];
    for (_, username, unit, role) in users {
        app.add_user(username, unit, Some(role)).await;
    }
    let target = app
        .add_user("target", "许庄街道办事处", Some(Role::Reporter))
        .await;
    let me = users.iter().find(|u| u.0 == who).map_or("nobody", |u| u.1);
    // A report of 石桥镇 on item 1, for the review write.
    let shiqiao = app.store.list_users().await.expect("users");
    let shiqiao = shiqiao
        .iter()
        .find(|u| u.username == "shiqiao")
        .expect("shiqiao");
    let field = crate::sync_support::Field {
        name: shiqiao.display_name.clone(),
        user_id: shiqiao.id,
        unit_id: shiqiao.unit.id,
        cookie: app.sign_in("shiqiao").await,
    };
    let op = crate::sync_support::new_op(crate::sync_support::report(&field, 1.0, "2024-05-07"));
    crate::sync_support::push(&app, &field.cookie, std::slice::from_ref(&op)).await;
    let (difficulty, notice, answered_notice) = supervision_fixtures(&app, field.user_id).await;
    let (feedback, _) = public_fixtures(&app).await;
    let shehui = app
        .store
        .credentials("shehui")
        .await
        .expect("read")
        .expect("shehui")
        .id;
    let proposal = app
        .store
        .propose_schedule(
            "taibaihu-2024",
            1,
            "households",
            &[app::domain::plan::ScheduleNode {
                due_on: "2024-06-30".parse().expect("a day"),
                planned: Some(15.0),
            }],
            &app::domain::audit::Actor::user(shehui, "shehui"),
        )
        .await
        .expect("a proposal");
    let cookie = match who {
        Who::Anonymous => None,
        _ => Some(app.sign_in(me).await),
    };
    (
        app,
        Ctx {
            target,
            me,
            report: op.report.id,
            difficulty,
            notice,
            answered_notice,
            co_unit: field.unit_id,
            feedback,
            proposal,
        },
        cookie,
    )
}

/// A difficulty on item 1 raised by 石桥镇's reporter, and two notices to 区社会事业发展局,
/// the second answered.
async fn supervision_fixtures(app: &TestApp, reporter: i64) -> (i64, i64, i64) {
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = |name: &str| plan.units.iter().find(|u| u.name == name).expect("unit").id;
    let by = app::domain::audit::Actor::user(reporter, "shiqiao");
    let difficulty = app
        .store
        .raise_difficulty(
            &app::store::NewDifficulty {
                plan: "taibaihu-2024".into(),
                item: 1,
                report_id: None,
                unit_id: unit("石桥镇政府"),
                title: "用地".into(),
                detail: "用地手续未完成".into(),
            },
            &by,
        )
        .await
        .expect("difficulty");
    let supervisor = app
        .store
        .credentials("ducha")
        .await
        .expect("read")
        .expect("ducha")
        .id;
    let new = app::store::NewDirective {
        plan: "taibaihu-2024".into(),
        item: 1,
        unit_id: unit("区社会事业发展局"),
        colour: app::domain::directive::DirectiveColour::Yellow,
        requirement: "加快改造进度".into(),
        deadline: "2024-07-15".parse().expect("date"),
    };
    let ducha = app::domain::audit::Actor::user(supervisor, "ducha");
    let notice = app
        .store
        .issue_directive(&new, &ducha)
        .await
        .expect("notice");
    let answered = app
        .store
        .issue_directive(&new, &ducha)
        .await
        .expect("notice");
    let shehui = app
        .store
        .credentials("shehui")
        .await
        .expect("read")
        .expect("shehui")
        .id;
    app.store
        .respond_directive(
            answered,
            "已整改",
            &app::domain::audit::Actor::user(shehui, "shehui"),
        )
        .await
        .expect("answer");
    (difficulty, notice, answered)
}

/// A resident's suggestion on item 1, and an open 满意度测评 window.
async fn public_fixtures(app: &TestApp) -> (i64, i64) {
    let feedback = app
        .store
        .add_feedback(
            "taibaihu-2024",
            1,
            app::domain::feedback::Rating::Unsatisfied,
            Some("进度太慢"),
            chrono::Utc::now(),
        )
        .await
        .expect("feedback")
        .expect("item 1");
    let supervisor = app
        .store
        .credentials("ducha")
        .await
        .expect("read")
        .expect("ducha")
        .id;
    let window = app
        .store
        .open_evaluation(
            "taibaihu-2024",
            app::domain::evaluation::TallyRule::default(),
            &app::domain::audit::Actor::user(supervisor, "ducha"),
        )
        .await
        .expect("window");
    (feedback, window)
}

#[tokio::test]
async fn every_write_succeeds_for_exactly_the_allowed_roles() {
    let mut failures = Vec::new();
    for write in WRITES {
        for who in EVERYONE {
            let (app, ctx, cookie) = setup(who).await;
            if write.name.contains("/enable") {
                // Something to re-enable.
                app.store
                    .set_disabled(ctx.target, true, &app::domain::audit::Actor::command_line())
                    .await
                    .expect("disable first");
            }
            let before = app.audit_count().await;
            let mut req = (write.make)(&ctx);
            if let Some(cookie) = &cookie {
                req = req.cookie(cookie);
            }
            let reply = app.send(req).await;
            let allowed = write.allowed.contains(&who);
            let succeeded = (write.succeeded)(&reply);
            let written = app.audit_count().await - before;
            if allowed != succeeded || written != usize::from(allowed) {
                failures.push(format!(
                    "{} as {who:?}: status {} (expected {}), {written} audit rows\n  {}",
                    write.name,
                    reply.status,
                    if allowed { "success" } else { "refusal" },
                    reply.body.chars().take(200).collect::<String>(),
                ));
            }
            if !allowed
                && who != Who::Anonymous
                && write.name.starts_with("P")
                && write.name.contains("/api/")
            {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{} as {who:?}",
                    write.name
                );
                assert_eq!(reply.json()["error"]["code"], "forbidden");
                let message = reply.json()["error"]["message"].to_string();
                assert!(message.contains("只有"), "a reason in Chinese: {message}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn refused_writes_leave_the_target_untouched() {
    let (app, ctx, cookie) = setup(Who::UnitManager).await;
    let cookie = cookie.expect("signed in");
    for path in ["disable", "password", "role"] {
        let method = if path == "disable" {
            Method::POST
        } else {
            Method::PUT
        };
        let req = Req::new(method, &format!("/api/v1/users/{}/{path}", ctx.target))
            .cookie(&cookie)
            .json(json!({ "new_password": "reset by supervisor", "plan": "taibaihu-2024", "role": "supervisor", "categories": [] }));
        assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    }
    let target = app
        .store
        .user(ctx.target)
        .await
        .expect("read")
        .expect("user");
    assert!(!target.disabled);
    assert_eq!(
        target.roles[0].role,
        Role::Reporter,
        "no self-made supervisors"
    );
    app.sign_in("target").await; // old password still works
}
