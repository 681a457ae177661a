//! Two `taizhang serve` processes on one PostgreSQL database under many phones syncing at
//! once: each phone signs in on one of the two servers, then pushes a batch of new reports
//! and pulls what changed, again and again. Measures throughput, the latency of a whole
//! sync (push + pull), and each server's memory; checks every report is stored exactly once.
//!
//! Usage: bench-sync cluster --postgres URL [CLIENTS] [ROUNDS] [BATCH]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use app::domain::account::{PlanRole, Role, Viewer};
use app::domain::audit::Actor;
use app::store::NewUserRecord;
use app::sync::{Outcome, PullResponse, PushRequest, PushResponse, ReportOp};
use uuid::Uuid;

use crate::target::{Backend, Database};
use crate::{PASSWORD, report};

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(bin: &str, url: &str, photos: &str) -> (Process, String) {
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--no-default-plan"])
        .args(["--database-url", url, "--photo-store", photos])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("taizhang starts");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("address line");
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let addr = line
        .trim()
        .split_once("http://")
        .map(|(_, a)| a.to_string())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (Process(child), addr)
}

/// Resident memory of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU seconds a process has used (user + system; Linux, 100 ticks per second).
fn cpu_secs(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // Fields after the command name, which is in parentheses and may hold spaces.
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks: u64 =
                fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            Some(ticks as f64 / 100.0)
        })
        .unwrap_or(0.0)
}

async fn sign_in(base: &str, username: &str) -> reqwest::Client {
    server::store::blobs::install_tls_provider();
    let reply = reqwest::Client::new()
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("sign in");
    assert!(reply.status().is_success(), "sign in: {}", reply.status());
    let cookie = reply
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().expect("header"));
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client")
}

pub async fn run(backend: &Backend, args: &[String]) {
    let Backend::Postgres(_) = backend else {
        panic!("cluster needs --postgres URL");
    };
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (clients, rounds, batch) = (number(0, 200), number(1, 10), number(2, 25));
    let bin = std::env::var("TAIZHANG_BIN").expect("TAIZHANG_BIN: the release taizhang binary");
    let db = Database::fresh(backend).await;
    let store = server::store::open(&db.url).await.expect("db");
    server::cmd::serve::load_default_plan(store.as_ref())
        .await
        .expect("plan");
    let plan = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    // Half the phones in each town that reports on item 1: a pull brings the changes of the
    // phone's whole unit since its last pull, so this fan-out is part of what is measured.
    let unit_of = |name: &str| plan.units.iter().find(|u| u.name == name).expect("unit").id;
    let units = [unit_of("石桥镇政府"), unit_of("许庄街道办事处")];
    let hash = server::auth::hash_password(PASSWORD).await.expect("hash");
    let mut viewers = Vec::new();
    for c in 0..clients {
        let record = NewUserRecord {
            username: format!("phone{c}"),
            display_name: format!("phone{c}"),
            unit_id: units[(c / 2) % 2],
            password_hash: hash.clone(),
            role: Some(PlanRole {
                plan: "taibaihu-2024".into(),
                role: Role::Reporter,
                categories: vec![],
            }),
        };
        let id = store
            .create_user(&record, &Actor::command_line())
            .await
            .expect("user");
        let viewer: Viewer = store.user(id).await.expect("read").expect("user").into();
        viewers.push(viewer);
    }

    let photos = std::env::temp_dir().join(format!("taizhang-bench-photos-{}", std::process::id()));
    let photos = photos.display().to_string();
    let servers = [serve(&bin, &db.url, &photos), serve(&bin, &db.url, &photos)];
    let pids = [servers[0].0.0.id(), servers[1].0.0.id()];
    let bases: Vec<String> = servers.iter().map(|(_, a)| format!("http://{a}")).collect();
    let mut phones = Vec::new();
    for (c, viewer) in viewers.into_iter().enumerate() {
        let base = bases[c % 2].clone();
        let client = sign_in(&base, &viewer.username).await;
        phones.push((viewer, base, client));
    }
    let idle = [rss_kib(pids[0]), rss_kib(pids[1])];

    // Peak resident memory of each server while the phones sync.
    let stop = Arc::new(AtomicBool::new(false));
    let peaks = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    let sampler = {
        let (stop, peaks) = (stop.clone(), peaks.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                for (peak, pid) in peaks.iter().zip(pids) {
                    peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let cpu_before = [cpu_secs(pids[0]), cpu_secs(pids[1])];
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (viewer, base, client) in phones {
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(rounds);
            let (mut pushes, mut pulls) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
            let mut pulled = 0;
            let mut cursor = 0;
            for round in 0..rounds {
                let ops: Vec<ReportOp> = (0..batch)
                    .map(|i| ReportOp {
                        op_id: Uuid::now_v7(),
                        base_revision: None,
                        report: report(&viewer, round * batch + i),
                    })
                    .collect();
                let t = Instant::now();
                let pushed: PushResponse = client
                    .post(format!("{base}/api/v1/sync/push"))
                    .json(&PushRequest { ops })
                    .send()
                    .await
                    .expect("push")
                    .json()
                    .await
                    .expect("acknowledged");
                assert!(pushed.results.iter().all(|r| r.outcome == Outcome::Applied));
                pushes.push(t.elapsed());
                let p = Instant::now();
                loop {
                    let page: PullResponse = client
                        .get(format!("{base}/api/v1/sync/pull?cursor={cursor}"))
                        .send()
                        .await
                        .expect("pull")
                        .json()
                        .await
                        .expect("changes");
                    cursor = page.cursor;
                    pulled += page.changes.len();
                    if !page.more {
                        break;
                    }
                }
                pulls.push(p.elapsed());
                latencies.push(t.elapsed());
            }
            (latencies, pushes, pulls, pulled)
        }));
    }
    let (mut all, mut push_times, mut pull_times, mut changes) = (vec![], vec![], vec![], 0);
    for t in tasks {
        let (syncs, pushes, pulls, pulled) = t.await.expect("phone");
        all.extend(syncs);
        push_times.extend(pushes);
        pull_times.extend(pulls);
        changes += pulled;
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = [
        cpu_secs(pids[0]) - cpu_before[0],
        cpu_secs(pids[1]) - cpu_before[1],
    ];
    stop.store(true, Ordering::Relaxed);
    sampler.join().expect("sampler");
    let pct = |times: &mut Vec<Duration>, p: f64| {
        times.sort();
        times[((times.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0
    };
    let triple = |times: &mut Vec<Duration>| {
        format!(
            "{:.0} / {:.0} / {:.0} ms",
            pct(times, 0.5),
            pct(times, 0.95),
            pct(times, 0.99)
        )
    };
    let stored: i64 = {
        let pool = sqlx::PgPool::connect(&db.url).await.expect("pool");
        let n = sqlx::query_scalar("SELECT COUNT(*) FROM reports")
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        n
    };
    let sent = clients * rounds * batch;
    assert_eq!(stored as usize, sent, "every report stored exactly once");
    drop(servers);
    drop(store);

    println!("### Two servers on one PostgreSQL database, {clients} phones syncing at once\n");
    println!(
        "Each phone: {rounds} syncs, each a push of {batch} new reports then a pull; phones split evenly over the two servers and over the two towns that report on item 1. {sent} reports sent, {stored} stored (each exactly once).\n"
    );
    println!("| What | Figure |");
    println!("|---|---|");
    println!(
        "| Throughput | {:.0} reports/s ({:.0} syncs/s) over {wall:.1} s |",
        sent as f64 / wall,
        (clients * rounds) as f64 / wall
    );
    println!(
        "| One sync (push + pull), p50 / p95 / p99 | {} |",
        triple(&mut all)
    );
    println!(
        "| its push, p50 / p95 / p99 | {} |",
        triple(&mut push_times)
    );
    println!(
        "| its pull, p50 / p95 / p99 ({:.0} changes per pull on average) | {} |",
        changes as f64 / (clients * rounds) as f64,
        triple(&mut pull_times)
    );
    println!(
        "| CPU used by the servers (of 2 cores × {wall:.1} s = {:.0} core-s) | A {:.1} core-s, B {:.1} core-s; the rest is PostgreSQL and the 200 phones |",
        2.0 * wall,
        cpu[0],
        cpu[1]
    );
    for (i, name) in ["A", "B"].iter().enumerate() {
        println!(
            "| Server {name} memory (RSS): idle after sign-ins → peak under load | {:.1} → {:.1} MiB |",
            idle[i] as f64 / 1024.0,
            peaks[i].load(Ordering::Relaxed) as f64 / 1024.0
        );
    }
    db.remove().await;
}
