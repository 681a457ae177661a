//! Fault suite (a), short: several phones sync many rounds through a TCP proxy that cuts
//! connections at random points of requests and of answers (an answer cut after the
//! server committed is a lost acknowledgement). At the end every report is stored exactly
//! once, as the phone last wrote it, and no retry ever looked like a conflict. The long
//! run is `bench/faults.sh`. Runs on both backends.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use app::domain::account::Role;
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::field::engine::{MemoryStore, Transport, TransportError, sync_once};
use app::field::outbox::OutboxEntry;
use app::sync::{PullResponse, PushRequest, PushResponse};
use chrono::Utc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

use crate::helpers::{PLAN, TestApp, spawn_app};

/// A small deterministic generator: the same seed cuts the same places.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What the proxy did, for the test to check that faults really happened.
#[derive(Default)]
pub struct FaultStats {
    pub connections: AtomicU64,
    pub requests_cut: AtomicU64,
    pub answers_cut: AtomicU64,
    pub refused: AtomicU64,
}

/// Forwards at most `limit` bytes from `from` to `to`; returns how many went.
async fn forward(
    from: &mut (impl AsyncReadExt + Unpin),
    to: &mut (impl AsyncWriteExt + Unpin),
    limit: usize,
) -> usize {
    let mut sent = 0;
    let mut buf = [0u8; 4096];
    while sent < limit {
        let want = buf.len().min(limit - sent);
        match from.read(&mut buf[..want]).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buf[..n]).await.is_err() {
                    break;
                }
                sent += n;
            }
        }
    }
    let _ = to.flush().await;
    sent
}

/// Starts the proxy in front of `upstream`; faults only while `faulty` is set.
pub async fn start_proxy(
    upstream: String,
    seed: u64,
    faulty: Arc<AtomicBool>,
    stats: Arc<FaultStats>,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let dice = Arc::new(std::sync::Mutex::new(Dice::new(seed)));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            stats.connections.fetch_add(1, Ordering::Relaxed);
            // 0..=5 pass, 6 refuse, 7..=8 cut the request, 9..=11 cut the answer.
            let (roll, cut_at) = {
                let mut d = dice.lock().expect("dice");
                (d.below(12), d.below(3000) as usize)
            };
            let roll = if faulty.load(Ordering::Relaxed) {
                roll
            } else {
                0
            };
            let upstream = upstream.clone();
            let stats = stats.clone();
            tokio::spawn(async move {
                if roll == 6 {
                    stats.refused.fetch_add(1, Ordering::Relaxed);
                    return; // dropped before a byte is read
                }
                let Ok(server) = TcpStream::connect(&upstream).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                match roll {
                    7 | 8 => {
                        stats.requests_cut.fetch_add(1, Ordering::Relaxed);
                        forward(&mut cr, &mut sw, cut_at).await;
                        // Both sides closed mid-request.
                    }
                    9..=11 => {
                        stats.answers_cut.fetch_add(1, Ordering::Relaxed);
                        let up = tokio::spawn(async move {
                            forward(&mut cr, &mut sw, usize::MAX).await;
                        });
                        forward(&mut sr, &mut cw, cut_at / 10).await;
                        up.abort();
                    }
                    _ => {
                        let up = tokio::spawn(async move {
                            forward(&mut cr, &mut sw, usize::MAX).await;
                        });
                        forward(&mut sr, &mut cw, usize::MAX).await;
                        up.abort();
                    }
                }
            });
        }
    });
    addr
}

/// A phone's network: HTTP to `base` with its session cookie, one connection per request
/// (so every request meets the proxy's dice), answers read as the browser's transport does.
pub struct HttpTransport {
    pub client: reqwest::Client,
    pub base: String,
    pub cookie: String,
}

impl HttpTransport {
    pub fn new(base: &str, cookie: &str) -> Self {
        HttpTransport {
            client: {
                server::store::blobs::install_tls_provider();
                reqwest::Client::builder()
                    .pool_max_idle_per_host(0)
                    .timeout(Duration::from_secs(10))
                    .build()
                    .expect("client")
            },
            base: base.to_string(),
            cookie: cookie.to_string(),
        }
    }

    async fn answer<T: serde::de::DeserializeOwned>(
        result: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<T, TransportError> {
        let response = result.map_err(|e| TransportError::Retry(e.to_string()))?;
        match response.status().as_u16() {
            200..=299 => response
                .json::<T>()
                .await
                .map_err(|e| TransportError::Retry(format!("not an answer of ours: {e}"))),
            401 => Err(TransportError::SignInRequired),
            426 => Err(TransportError::ClientTooOld),
            429 => Err(TransportError::Busy(1)),
            other => Err(TransportError::Retry(format!("status {other}"))),
        }
    }
}

impl Transport for HttpTransport {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        let sent = self
            .client
            .post(format!("{}/api/v1/sync/push", self.base))
            .header("cookie", &self.cookie)
            .json(request)
            .send()
            .await;
        Self::answer(sent).await
    }

    async fn pull(&self, cursor: i64) -> Result<PullResponse, TransportError> {
        let sent = self
            .client
            .get(format!("{}/api/v1/sync/pull?cursor={cursor}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await;
        Self::answer(sent).await
    }
}

/// The app served over real TCP; returns its address.
pub async fn serve_over_tcp(app: &TestApp) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = server::AppState::new(
        app.store.clone(),
        app.blobs.clone(),
        &app.dir.path().join("site"),
        addr,
    )
    .with_auth(server::auth::AuthSettings {
        push_per_minute: 100_000,
        ..Default::default()
    });
    tokio::spawn(server::cmd::serve::serve(
        listener,
        state,
        std::future::pending(),
    ));
    addr.to_string()
}

struct Phone {
    user_id: i64,
    unit_id: i64,
    name: String,
    store: MemoryStore,
    transport: HttpTransport,
    made: u32,
}

impl Phone {
    fn new_report(&mut self, day: u32) -> Report {
        self.made += 1;
        Report {
            id: Uuid::now_v7(),
            schema_version: SCHEMA,
            plan: PLAN.into(),
            item: 1,
            unit_id: self.unit_id,
            author_id: self.user_id,
            author: self.name.clone(),
            captured_on: chrono::NaiveDate::from_ymd_opt(2024, 5, 1 + day % 28).expect("day"),
            captured_at: Utc::now(),
            values: vec![IndicatorValue {
                code: "households".into(),
                input: IndicatorInput::Increment { amount: 1.0 },
            }],
            narrative: format!("{} 第 {} 条", self.name, self.made),
            difficulties: String::new(),
            next_steps: String::new(),
            photos: Vec::new(),
            location: None,
            place: "石桥村".into(),
        }
    }

    async fn sync(&mut self) -> app::field::engine::SyncRun {
        sync_once(
            &mut self.store,
            &self.transport,
            self.user_id,
            Utc::now(),
            true,
            Uuid::now_v7,
            |_, _| {},
        )
        .await
        .expect("the phone's store works")
    }
}

#[tokio::test]
async fn cut_connections_and_lost_answers_store_every_report_exactly_once() {
    let app = spawn_app().await;
    let direct = serve_over_tcp(&app).await;
    let faulty = Arc::new(AtomicBool::new(true));
    let stats = Arc::new(FaultStats::default());
    let seed = std::env::var("TAIZHANG_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_241_129);
    let proxy = start_proxy(direct.clone(), seed, faulty.clone(), stats.clone()).await;
    let rounds: u32 = std::env::var("TAIZHANG_FAULT_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);

    let unit_id = app.unit_id("石桥镇政府").await;
    let mut phones = Vec::new();
    for n in 0..3 {
        let username = format!("phone{n}");
        let user_id = app
            .add_user(&username, "石桥镇政府", Some(Role::Reporter))
            .await;
        let cookie = app.sign_in(&username).await;
        phones.push(Phone {
            user_id,
            unit_id,
            name: format!("{username} 姓名"),
            store: MemoryStore::default(),
            transport: HttpTransport::new(&format!("http://{proxy}"), &cookie),
            made: 0,
        });
    }

    for round in 0..rounds {
        for phone in &mut phones {
            for _ in 0..2 {
                let report = phone.new_report(round);
                phone.store.insert(OutboxEntry::new(report, Uuid::now_v7()));
            }
            // Every third round an earlier report is corrected (a new revision).
            if round % 3 == 2 {
                let mut entries = phone.store.all();
                entries.sort_by_key(|e| e.report.id);
                if let Some(mut entry) = entries.into_iter().find(|e| !e.is_locked()) {
                    let mut changed = entry.report.clone();
                    changed.narrative.push_str("（已更正）");
                    if entry.edit(changed, Uuid::now_v7()).is_ok() {
                        phone.store.insert(entry.clone());
                    }
                }
            }
        }
        // The phones sync at the same time, through the faults.
        futures::future::join_all(phones.iter_mut().map(Phone::sync)).await;
    }

    // The network heals: everything drains.
    faulty.store(false, Ordering::Relaxed);
    for _ in 0..10 {
        futures::future::join_all(phones.iter_mut().map(Phone::sync)).await;
    }

    let cuts = stats.requests_cut.load(Ordering::Relaxed)
        + stats.answers_cut.load(Ordering::Relaxed)
        + stats.refused.load(Ordering::Relaxed);
    assert!(
        stats.answers_cut.load(Ordering::Relaxed) >= 3 && cuts >= 10,
        "the proxy cut too little to prove anything ({cuts} cuts)"
    );
    let stored = app.store.item_reports(PLAN, 1).await.expect("read");
    let mut on_phones = 0;
    for phone in &phones {
        for entry in phone.store.all() {
            on_phones += 1;
            assert!(
                entry.pending.is_none(),
                "still unsent: {:?}",
                entry.last_error
            );
            assert!(entry.blocked.is_none(), "blocked: {:?}", entry.blocked);
            let copies: Vec<_> = stored
                .iter()
                .filter(|s| s.report.id == entry.report.id)
                .collect();
            assert_eq!(copies.len(), 1, "stored exactly once");
            assert_eq!(copies[0].report, entry.report, "as the phone last wrote it");
            assert_eq!(Some(copies[0].revision), entry.confirmed_revision);
        }
    }
    assert_eq!(stored.len(), on_phones, "nothing extra on the server");
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM report_ops WHERE outcome <> 'applied'")
            .await,
        0,
        "no retry was taken for a conflict or a rejection"
    );
    println!(
        "fault proxy: {} reports, {} connections, {} requests cut, {} answers cut, {} refused",
        on_phones,
        stats.connections.load(Ordering::Relaxed),
        stats.requests_cut.load(Ordering::Relaxed),
        stats.answers_cut.load(Ordering::Relaxed),
        stats.refused.load(Ordering::Relaxed)
    );
}
