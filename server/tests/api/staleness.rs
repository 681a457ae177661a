//! Staleness: every push and pull notes the phone's sync; the weekly page lists each field
//! user's last sync for the 督查室 and the lead units, silent ones marked; the overview
//! names the units none of whose users synced for seven days (never first), and a unit
//! leaves that list as soon as one of its phones syncs again.

use app::domain::account::Role;
use chrono::{Duration, Utc};
use http::{Method, StatusCode};

use crate::helpers::{PLAN, Req, TestApp, spawn_app};
use crate::sync_support::{field_worker, new_op, push, report};

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let reply = app.send(Req::new(Method::GET, path).cookie(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.body
}

/// The overview's quiet-units line, or nothing.
fn quiet_line(body: &str) -> String {
    body.find("以下单位的填报人员已超过")
        .map(|i| body[i..i + body[i..].find("</p>").unwrap_or(0)].to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn silent_units_are_named_until_a_phone_syncs_again() {
    let app = spawn_app().await;
    let shiqiao = field_worker(&app, "shiqiao").await;
    push(
        &app,
        &shiqiao.cookie,
        &[new_op(report(&shiqiao, 1.0, "2024-05-07"))],
    )
    .await;
    app.add_user("xuzhuang", "许庄街道办事处", Some(Role::Reporter))
        .await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let supervisor = app.sign_in("ducha").await;
    let manager = app.sign_in("shehui").await;
    let xuzhuang = app.unit_id("许庄街道办事处").await;

    let weekly = page(
        &app,
        &supervisor,
        "/plans/taibaihu-2024/weekly?as_of=2024-05-31",
    )
    .await;
    assert!(
        weekly.contains(&format!(
            r#"<tr data-unit="{}" data-quiet="false">"#,
            shiqiao.unit_id
        )),
        "synced today: {weekly}"
    );
    assert!(
        weekly.contains(&format!(r#"<tr data-unit="{xuzhuang}" data-quiet="true">"#)),
        "{weekly}"
    );
    assert!(weekly.contains("从未同步"));
    // A lead unit follows the units on its items (both towns are co-units of item 1).
    let theirs = page(
        &app,
        &manager,
        "/plans/taibaihu-2024/weekly?as_of=2024-05-31",
    )
    .await;
    assert!(theirs.contains("填报人员最近同步") && theirs.contains("从未同步"));

    let line = quiet_line(&page(&app, &supervisor, "/plans/taibaihu-2024").await);
    assert!(line.contains("许庄街道办事处（从未同步）"), "{line}");
    assert!(!line.contains("石桥镇政府"), "{line}");

    // Ten days of silence from 石桥镇 (its last note set back).
    app.raw_execute("UPDATE users SET last_sync_at = NULL")
        .await
        .expect("reset");
    app.store
        .touch_sync(shiqiao.user_id, Utc::now() - Duration::days(10))
        .await
        .expect("note");
    let line = quiet_line(&page(&app, &supervisor, "/plans/taibaihu-2024").await);
    assert!(
        line.starts_with(
            "以下单位的填报人员已超过 7 天未同步：许庄街道办事处（从未同步）、石桥镇政府（10 天）"
        ),
        "never first, then the longest silence: {line}"
    );
    // One pull, even with nothing new, and 石桥镇 is heard from again.
    let pulled = app
        .send(Req::new(Method::GET, "/api/v1/sync/pull?cursor=0").cookie(&shiqiao.cookie))
        .await;
    assert_eq!(pulled.status, StatusCode::OK);
    let line = quiet_line(&page(&app, &supervisor, "/plans/taibaihu-2024").await);
    assert!(!line.contains("石桥镇政府"), "{line}");
    let seen = app.store.sync_seen(PLAN).await.expect("read");
    let mine = seen
        .iter()
        .find(|s| s.unit.id == shiqiao.unit_id)
        .expect("石桥镇's reporter");
    assert!(
        mine.last
            .is_some_and(|l| Utc::now() - l < Duration::minutes(1))
    );
}
