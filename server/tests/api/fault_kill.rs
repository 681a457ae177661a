//! Fault suite (b), short: the server process is killed with SIGKILL while several phones
//! push and a manager reviews, then started again, a few times over. Afterwards the
//! database passes its integrity checks, every op the server acknowledged is there, every
//! review it acknowledged holds, and progress counts exactly the accepted reports. Runs on
//! both backends; the long run is `bench/faults.sh`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::account::Role;
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::sync::{PushRequest, PushResponse, ReportOp};
use chrono::Utc;
use uuid::Uuid;

use crate::cli_serve::start;
use crate::fault_proxy::Dice;
use crate::helpers::{PASSWORD, PLAN, spawn_app};

#[derive(Default)]
struct Acknowledged {
    /// (report id, revision) the server answered applied or already-had.
    ops: Vec<(Uuid, u32)>,
    /// Reports whose acceptance the server answered 204.
    accepted: Vec<Uuid>,
}

async fn sign_in(client: &reqwest::Client, addr: &str, username: &str) -> String {
    let answer = client
        .post(format!("http://{addr}/api/v1/session"))
        .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("signs in");
    answer
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string()
}

fn report(user_id: i64, unit_id: i64, n: usize) -> Report {
    Report {
        id: Uuid::now_v7(),
        schema_version: SCHEMA,
        plan: PLAN.into(),
        item: 1,
        unit_id,
        author_id: user_id,
        author: String::new(),
        captured_on: chrono::NaiveDate::from_ymd_opt(2024, 6, 1 + (n % 28) as u32).expect("day"),
        captured_at: Utc::now(),
        values: vec![IndicatorValue {
            code: "households".into(),
            input: IndicatorInput::Increment { amount: 1.0 },
        }],
        narrative: format!("第 {n} 户"),
        difficulties: String::new(),
        next_steps: String::new(),
        photos: Vec::new(),
        location: None,
        place: "石桥村".into(),
    }
}

#[tokio::test]
async fn sigkill_during_pushes_and_reviews_keeps_everything_acknowledged() {
    let app = spawn_app().await;
    let url = app.database_url.clone();
    let site = app.dir.path().join("site").display().to_string();
    let unit_id = app.unit_id("石桥镇政府").await;
    let mut reporters = Vec::new();
    for n in 0..3 {
        let name = format!("kill{n}");
        reporters.push((
            name.clone(),
            app.add_user(&name, "石桥镇政府", Some(Role::Reporter))
                .await,
        ));
    }
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let args = |url: &str| {
        vec![
            "serve".to_string(),
            "--addr".into(),
            "127.0.0.1:0".into(),
            "--database-url".into(),
            url.to_string(),
            "--no-default-plan".into(),
            "--photo-store".into(),
            app.dir.path().join("photos").display().to_string(),
            "--site-root".into(),
            site.clone(),
            "--push-limit-per-minute".into(),
            "1000000".into(),
        ]
    };
    server::store::blobs::install_tls_provider();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let mut dice = Dice::new(7);
    let kills: u64 = std::env::var("TAIZHANG_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let mut cookies: Vec<String> = Vec::new();
    let mut manager = String::new();
    for round in 0..kills {
        let argv = args(&url);
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let (server, addr) = start(&[], &argv);
        if round == 0 {
            // Sessions live in the database: they survive every kill.
            for (name, _) in &reporters {
                cookies.push(sign_in(&client, &addr, name).await);
            }
            manager = sign_in(&client, &addr, "shehui").await;
        }
        let mut tasks = Vec::new();
        for (i, (_, user_id)) in reporters.iter().enumerate() {
            let (client, addr, cookie, acked) = (
                client.clone(),
                addr.clone(),
                cookies[i].clone(),
                acked.clone(),
            );
            let user_id = *user_id;
            tasks.push(tokio::spawn(async move {
                for batch in 0.. {
                    let ops: Vec<ReportOp> = (0..10)
                        .map(|k| ReportOp {
                            op_id: Uuid::now_v7(),
                            base_revision: None,
                            report: report(user_id, unit_id, batch * 10 + k),
                        })
                        .collect();
                    let Ok(answer) = client
                        .post(format!("http://{addr}/api/v1/sync/push"))
                        .header("cookie", &cookie)
                        .json(&PushRequest { ops })
                        .send()
                        .await
                    else {
                        return;
                    };
                    let Ok(body) = answer.json::<PushResponse>().await else {
                        return;
                    };
                    let mut held = acked.lock().expect("lock");
                    for r in body.results {
                        if let Some(rev) = r.revision {
                            held.ops.push((r.report_id, rev));
                        }
                    }
                }
            }));
        }
        let (client2, addr2, acked2, manager2) =
            (client.clone(), addr.clone(), acked.clone(), manager.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let next = {
                    let held = acked2.lock().expect("lock");
                    held.ops
                        .iter()
                        .map(|(id, _)| *id)
                        .find(|id| !held.accepted.contains(id))
                };
                let Some(id) = next else {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    continue;
                };
                let Ok(answer) = client2
                    .post(format!("http://{addr2}/api/v1/reports/{id}/review"))
                    .header("cookie", &manager2)
                    .json(&serde_json::json!({ "decision": "accept" }))
                    .send()
                    .await
                else {
                    return;
                };
                if answer.status() == 204 {
                    acked2.lock().expect("lock").accepted.push(id);
                }
            }
        }));
        tokio::time::sleep(Duration::from_millis(300 + dice.below(500))).await;
        drop(server); // SIGKILL, mid-write
        for t in tasks {
            t.abort();
        }
    }

    // It starts again on what the kills left, and everything acknowledged is there.
    let argv = args(&url);
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let (_server, addr) = start(&[], &argv);
    let (status, _) = crate::helpers::raw_get(&addr, "/readyz").await;
    assert_eq!(status, 200, "the server starts again after being killed");
    if !url.starts_with("postgres") {
        assert_eq!(
            app.raw_count(
                "SELECT COUNT(*) FROM pragma_integrity_check() WHERE integrity_check <> 'ok'"
            )
            .await,
            0,
            "SQLite's integrity check passes"
        );
        assert_eq!(
            app.raw_count("SELECT COUNT(*) FROM pragma_foreign_key_check()")
                .await,
            0
        );
    }
    // A copy: the tasks that filled it are gone, and no lock is held across the reads.
    let held = {
        let held = acked.lock().expect("lock");
        Acknowledged {
            ops: held.ops.clone(),
            accepted: held.accepted.clone(),
        }
    };
    assert!(
        held.ops.len() >= 30,
        "too few pushes got through to prove anything"
    );
    for (id, revision) in &held.ops {
        let stored = app.store.report(*id).await.expect("read");
        let stored = stored.unwrap_or_else(|| panic!("acknowledged report {id} is lost"));
        assert!(stored.revision >= *revision);
    }
    for id in &held.accepted {
        let stored = app.store.report(*id).await.expect("read").expect("present");
        assert_eq!(stored.status, app::sync::ReviewStatus::Accepted, "{id}");
    }
    let accepted_total = app
        .raw_count("SELECT COUNT(*) FROM reports WHERE status = 'accepted'")
        .await;
    assert!(accepted_total >= held.accepted.len() as i64);
    // Progress is exactly the accepted reports (each +1 户): the day totals written at
    // acceptance were written with it, or not at all.
    let progress = app
        .store
        .plan_progress(
            PLAN,
            chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("day"),
        )
        .await
        .expect("progress");
    let households = progress
        .iter()
        .find(|a| a.item == 1 && a.code == "households")
        .map_or(0.0, |a| a.actual);
    assert_eq!(households, accepted_total as f64);
    println!(
        "kill suite: {kills} kills, {} acknowledged ops, {} acknowledged reviews",
        held.ops.len(),
        held.accepted.len()
    );
}
