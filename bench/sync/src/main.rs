//! Sync benchmarks (issue 4), all against a real server on loopback HTTP and a real SQLite
//! file, in one run on one machine:
//!
//! 1. ingest: N reports pushed through `POST /api/v1/sync/push` (batches of 200, a few
//!    phones at once) beside a raw batched INSERT of the same rows into the same database;
//! 2. drain: one phone's queue of 10,000 reports synced end to end by the real sync run.
//!
//! 3. cluster (`cluster.rs`): two server processes on one PostgreSQL database under many
//!    phones syncing at once.
//!
//! Usage: bench-sync [--postgres URL] [N ...]   (default 10000 100000; SQLite unless
//!        `--postgres`, then each round gets a fresh schema on that server)
//!        bench-sync cluster --postgres URL [CLIENTS] [ROUNDS] [BATCH]
//! Prints Markdown for BENCHMARKS.md.

use std::sync::Arc;
use std::time::Instant;

use app::domain::account::{PlanRole, Role, Viewer};
use app::domain::audit::Actor;
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::field::engine::{MemoryStore, Transport, TransportError, sync_once};
use app::field::outbox::OutboxEntry;
use app::store::{NewUserRecord, SharedStore};
use app::sync::{MAX_BATCH, PullResponse, PushRequest, PushResponse, ReportOp};
use chrono::{Duration, NaiveDate, Utc};
use uuid::Uuid;

mod cluster;
mod raw;
// Shared with bench-ledger, which also measures the database's size.
#[allow(dead_code)]
mod target;

use target::{Backend, Database};

const PHONES: usize = 4;
pub(crate) const PASSWORD: &str = "bench password 2024";

struct Server {
    base: String,
    store: SharedStore,
    db: Database,
}

async fn start_server(backend: &Backend) -> Server {
    let db = Database::fresh(backend).await;
    let dir = db.dir.clone();
    let store = server::store::open(&db.url).await.expect("db");
    server::cmd::serve::load_default_plan(store.as_ref())
        .await
        .expect("plan");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    // Four phones stand in for a whole district here, so the per-account push limit (a
    // guard against one runaway phone) would throttle the measurement itself: lifted.
    let state = server::AppState::new(
        store.clone(),
        server::store::Blobs::open(&dir.join("photos").display().to_string()).expect("photo store"),
        &dir.join("site"),
        addr,
    )
    .with_auth(server::auth::AuthSettings {
        push_per_minute: u32::MAX,
        ..Default::default()
    });
    let app = server::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum_serve(listener, app).await });
    Server {
        base: format!("http://{addr}"),
        store,
        db,
    }
}

impl Server {
    /// Removes the run's database (the server task keeps only an idle pool).
    async fn finish(self) {
        drop(self.store);
        self.db.remove().await;
    }
}

async fn axum_serve(
    listener: tokio::net::TcpListener,
    app: axum::extract::connect_info::IntoMakeServiceWithConnectInfo<
        axum::Router,
        std::net::SocketAddr,
    >,
) {
    let _ = axum::serve(listener, app).await;
}

async fn reporter(server: &Server, username: &str) -> (Viewer, reqwest::Client) {
    let plan = server
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = plan
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("unit")
        .id;
    let record = NewUserRecord {
        username: username.into(),
        display_name: username.into(),
        unit_id: unit,
        password_hash: server::auth::hash_password(PASSWORD).await.expect("hash"),
        role: Some(PlanRole {
            plan: "taibaihu-2024".into(),
            role: Role::Reporter,
            categories: vec![],
        }),
    };
    let id = server
        .store
        .create_user(&record, &Actor::command_line())
        .await
        .expect("user");
    let viewer: Viewer = server
        .store
        .user(id)
        .await
        .expect("read")
        .expect("user")
        .into();
    server::store::blobs::install_tls_provider();
    let client = reqwest::Client::new();
    let reply = client
        .post(format!("{}/api/v1/session", server.base))
        .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("sign in");
    let cookie = reply
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", cookie.parse().expect("header"));
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client");
    (viewer, client)
}

fn report(viewer: &Viewer, i: usize) -> Report {
    Report {
        id: Uuid::now_v7(),
        schema_version: SCHEMA,
        plan: "taibaihu-2024".into(),
        item: 1,
        unit_id: viewer.unit.id,
        author_id: viewer.id,
        author: viewer.username.clone(),
        captured_on: NaiveDate::from_ymd_opt(2024, 4, 8).expect("date")
            + Duration::days((i % 250) as i64),
        captured_at: Utc::now(),
        values: vec![IndicatorValue {
            code: "households".into(),
            input: IndicatorInput::Increment { amount: 1.0 },
        }],
        narrative: format!("第 {i} 户完成适老化改造，入户核实无误。"),
        difficulties: String::new(),
        next_steps: "继续推进下一批入户改造".into(),
        photos: Vec::new(),
        location: None,
        place: format!("石桥镇第{}村", i % 40),
    }
}

/// Pushes `n` reports from `PHONES` phones at once; returns reports per second.
async fn http_ingest(server: &Server, n: usize, run: usize) -> f64 {
    let mut phones = Vec::new();
    for p in 0..PHONES {
        phones.push(reporter(server, &format!("phone{run}x{p}")).await);
    }
    let per_phone = n / PHONES;
    let batches: Vec<Vec<Vec<ReportOp>>> = phones
        .iter()
        .map(|(viewer, _)| {
            (0..per_phone)
                .map(|i| ReportOp {
                    op_id: Uuid::now_v7(),
                    base_revision: None,
                    report: report(viewer, i),
                })
                .collect::<Vec<_>>()
                .chunks(MAX_BATCH)
                .map(<[ReportOp]>::to_vec)
                .collect()
        })
        .collect();
    let base = Arc::new(server.base.clone());
    let start = Instant::now();
    let mut tasks = Vec::new();
    for ((_, client), batches) in phones.into_iter().zip(batches) {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            for ops in batches {
                let reply: PushResponse = client
                    .post(format!("{base}/api/v1/sync/push"))
                    .json(&PushRequest { ops })
                    .send()
                    .await
                    .expect("push")
                    .json()
                    .await
                    .expect("acknowledged");
                assert!(
                    reply
                        .results
                        .iter()
                        .all(|r| r.outcome == app::sync::Outcome::Applied)
                );
            }
        }));
    }
    for t in tasks {
        t.await.expect("phone");
    }
    (per_phone * PHONES) as f64 / start.elapsed().as_secs_f64()
}

/// (min, median, max)
fn stats(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[0],
        values[values.len() / 2],
        values[values.len() - 1],
    )
}

/// The phone's transport over real HTTP.
struct Http {
    base: String,
    client: reqwest::Client,
}

impl Transport for Http {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        let reply = self
            .client
            .post(format!("{}/api/v1/sync/push", self.base))
            .json(request)
            .send()
            .await
            .map_err(|e| TransportError::Retry(e.to_string()))?;
        reply
            .json()
            .await
            .map_err(|e| TransportError::Retry(e.to_string()))
    }

    async fn pull(&self, cursor: i64) -> Result<PullResponse, TransportError> {
        let reply = self
            .client
            .get(format!("{}/api/v1/sync/pull?cursor={cursor}", self.base))
            .send()
            .await
            .map_err(|e| TransportError::Retry(e.to_string()))?;
        reply
            .json()
            .await
            .map_err(|e| TransportError::Retry(e.to_string()))
    }
}

/// One phone's queue of `n` reports, drained by the real sync run; seconds.
async fn drain(server: &Server, n: usize) -> f64 {
    let (viewer, client) = reporter(server, "drainer").await;
    let mut phone = MemoryStore::default();
    for i in 0..n {
        phone.insert(OutboxEntry::new(report(&viewer, i), Uuid::now_v7()));
    }
    let transport = Http {
        base: server.base.clone(),
        client,
    };
    let start = Instant::now();
    let run = sync_once(
        &mut phone,
        &transport,
        viewer.id,
        Utc::now(),
        true,
        Uuid::now_v7,
        |_, _| {},
    )
    .await
    .expect("store");
    assert_eq!(run.applied, n, "{run:?}");
    start.elapsed().as_secs_f64()
}

/// `emit-queue N AUTHOR_ID UNIT_ID USERNAME`: a phone's queue as the browser stores it
/// (key → entry JSON), for the browser drain benchmark (bench/drain_browser.mjs).
fn emit_queue(args: &[String]) {
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let number = |i: usize| args.get(i).and_then(|a| a.parse::<i64>().ok()).unwrap_or(0);
    let viewer = Viewer {
        id: number(1),
        username: args.get(3).cloned().unwrap_or_default(),
        display_name: String::new(),
        unit: app::domain::plan::UnitRef {
            id: number(2),
            name: String::new(),
        },
        roles: vec![],
    };
    let entries: serde_json::Map<String, serde_json::Value> = (0..n)
        .map(|i| {
            let entry = OutboxEntry::new(report(&viewer, i), Uuid::now_v7());
            (
                format!("taizhang.report.{}", entry.report.id),
                serde_json::to_value(&entry).expect("json"),
            )
        })
        .collect();
    println!("{}", serde_json::Value::Object(entries));
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = Backend::from_args(&mut args);
    if args.first().map(String::as_str) == Some("cluster") {
        cluster::run(&backend, &args[1..]).await;
        return;
    }
    if args.first().map(String::as_str) == Some("direct") {
        let server = start_server(&backend).await;
        let (viewer, _) = reporter(&server, "direct").await;
        let ops: Vec<ReportOp> = (0..10_000)
            .map(|i| ReportOp {
                op_id: Uuid::now_v7(),
                base_revision: None,
                report: report(&viewer, i),
            })
            .collect();
        let start = Instant::now();
        for chunk in ops.chunks(MAX_BATCH) {
            server::service::sync::push(
                server.store.as_ref(),
                &viewer,
                PushRequest {
                    ops: chunk.to_vec(),
                }
                .into(),
                Utc::now(),
            )
            .await
            .expect("push");
        }
        println!(
            "direct push (no HTTP): {:.0} reports/s",
            10_000.0 / start.elapsed().as_secs_f64()
        );
        server.finish().await;
        return;
    }
    if args.first().map(String::as_str) == Some("emit-queue") {
        emit_queue(&args[1..]);
        return;
    }
    let sizes: Vec<usize> = args
        .iter()
        .filter_map(|a| a.parse().ok())
        .collect::<Vec<_>>();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    // fsync times on this disk vary a lot from run to run: alternate the two and take
    // medians over several rounds, each on a fresh database.
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    println!(
        "Ingest on {} ({rounds} round(s) per size, each on a fresh database):\n",
        backend.name()
    );
    println!(
        "| reports | push via HTTP, median (min–max) reports/s | raw multi-row INSERT of the same rows (200 per transaction), median (min–max) rows/s | push ÷ raw (goal ≥ 0.5) |"
    );
    println!("|---|---|---|---|");
    let mut run = 0;
    for n in &sizes {
        let (mut pushes, mut raws) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            run += 1;
            let server = start_server(&backend).await;
            pushes.push(http_ingest(&server, *n, run).await);
            raws.push(raw::raw_insert(&server, *n).await);
            server.finish().await;
        }
        let (p, r) = (stats(&mut pushes), stats(&mut raws));
        println!(
            "| {n} | {:.0} ({:.0}–{:.0}) | {:.0} ({:.0}–{:.0}) | {:.2} |",
            p.1,
            p.0,
            p.2,
            r.1,
            r.0,
            r.2,
            p.1 / r.1
        );
    }
    let server = start_server(&backend).await;
    let secs = drain(&server, 10_000).await;
    server.finish().await;
    println!();
    println!(
        "One phone's queue of 10,000 reports drained end to end (sync run, batches of {MAX_BATCH}, real HTTP): {secs:.1} s ({:.0} reports/s).",
        10_000.0 / secs
    );
}
