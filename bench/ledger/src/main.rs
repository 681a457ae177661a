//! Ledger benchmarks (issue 5) on a real SQLite file holding N accepted reports of the 2024
//! plan (default 1,000,000), made by the demo generator and loaded through the real paths
//! (push, then review): latency of the plan overview page and of the monthly .xlsx export
//! through loopback HTTP, p50 and p95, beside the raw aggregate SQL on the same database.
//!
//! Usage: bench-ledger [--postgres URL] [N]: SQLite unless `--postgres`, then a fresh schema
//! on that server (dropped at the end unless `BENCH_KEEP` is set). `BENCH_REUSE=URL` measures
//! again on a database an earlier run kept, without loading. Prints Markdown for
//! BENCHMARKS.md.

use std::time::{Duration, Instant};

use app::domain::account::{PlanRole, Role};
use app::domain::audit::Actor;
use app::domain::plan::PlanDetail;
use app::store::{NewUserRecord, SharedStore};
use app::sync::ReviewStatus;
use chrono::Utc;
use uuid::Uuid;

// The fresh-database helper of the sync benchmarks, shared rather than copied; each
// benchmark uses part of it.
#[allow(dead_code)]
#[path = "../../sync/src/target.rs"]
mod target;

use target::{Backend, Database};

const PLAN: &str = "taibaihu-2024";
const PASSWORD: &str = "bench password 2024";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Timing {
    p50: Duration,
    p95: Duration,
}

async fn time<F, Fut>(runs: usize, mut f: F) -> Timing
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    f().await; // warm caches
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f().await;
        all.push(t.elapsed());
    }
    all.sort();
    Timing {
        p50: percentile(&all, 0.5),
        p95: percentile(&all, 0.95),
    }
}

async fn user(store: &SharedStore, username: &str, unit: &str, role: Option<Role>) -> i64 {
    let plan = store.plan(PLAN).await.expect("read").expect("plan");
    let unit_id = plan.units.iter().find(|u| u.name == unit).expect("unit").id;
    store
        .create_user(
            &NewUserRecord {
                username: username.into(),
                display_name: username.into(),
                unit_id,
                password_hash: server::auth::hash_password(PASSWORD).await.expect("hash"),
                role: role.map(|role| PlanRole {
                    plan: PLAN.into(),
                    role,
                    categories: vec![],
                }),
            },
            &Actor::command_line(),
        )
        .await
        .expect("user")
}

/// Loads `n` accepted reports, one item at a time (bounded memory), as pushes and reviews.
async fn load(store: &SharedStore, plan: &PlanDetail, author: i64, n: usize) -> Duration {
    let started = Instant::now();
    let weeks = (plan.summary.ends_on - plan.summary.starts_on).num_days() as usize / 7 + 1;
    // The generator leaves a week in four out on two lagging items (gaps for the weekly
    // ledger): ask for 3 % more so at least `n` arrive.
    let per_item_week = ((n as f64 * 1.03) / (plan.items.len() * weeks) as f64)
        .ceil()
        .max(1.0) as u32;
    let actor = Actor::user(author, "bench");
    for item in &plan.items {
        let mut one = plan.clone();
        one.items = vec![item.clone()];
        let reports = server::cmd::demo_data::demo_reports(
            &one,
            author,
            plan.summary.ends_on,
            per_item_week,
            7,
        );
        for chunk in reports.chunks(500) {
            server::cmd::demo_data::push(store.as_ref(), chunk, &actor, Utc::now())
                .await
                .expect("push");
            let ids: Vec<Uuid> = chunk.iter().map(|r| r.id).collect();
            store
                .review_many(&ids, ReviewStatus::Accepted, None, &actor)
                .await
                .expect("accept");
        }
        eprintln!(
            "item {} loaded ({:.0} s)",
            item.number,
            started.elapsed().as_secs_f64()
        );
    }
    started.elapsed()
}

#[tokio::main]
async fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let backend = Backend::from_args(&mut args);
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let reuse = std::env::var("BENCH_REUSE").ok();
    let db = match &reuse {
        Some(url) => Database::kept(url),
        None => Database::fresh(&backend).await,
    };
    let (dir, url) = (db.dir.clone(), db.url.clone());
    let store = server::store::open(&url).await.expect("db");
    let load_time = if reuse.is_some() {
        Duration::ZERO
    } else {
        server::cmd::serve::load_default_plan(store.as_ref())
            .await
            .expect("plan");
        let author = user(&store, "bench", "石桥镇政府", None).await;
        user(
            &store,
            "ducha",
            "区党政办公室督查室",
            Some(Role::Supervisor),
        )
        .await;
        user(
            &store,
            "shehui",
            "区社会事业发展局",
            Some(Role::UnitManager),
        )
        .await;
        let plan = store.plan(PLAN).await.expect("read").expect("plan");
        load(&store, &plan, author, n).await
    };
    let raw = Raw::connect(&url).await;
    let reports = raw.count_reports().await;
    let bytes = db.size().await;

    // The server on loopback, as in production (release build, real SQLite file).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = server::AppState::new(
        store.clone(),
        server::store::Blobs::open(&dir.join("photos").display().to_string()).expect("photo store"),
        &dir.join("site"),
        addr,
    );
    let app = server::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let base = format!("http://{addr}");
    server::store::blobs::install_tls_provider();
    let client = reqwest::Client::new();
    let sign_in = |username: &'static str| {
        let client = client.clone();
        let base = base.clone();
        async move {
            client
                .post(format!("{base}/api/v1/session"))
                .json(&serde_json::json!({ "username": username, "password": PASSWORD }))
                .send()
                .await
                .expect("sign in")
                .headers()
                .get("set-cookie")
                .and_then(|v| v.to_str().ok())
                .and_then(|c| c.split(';').next())
                .expect("cookie")
                .to_string()
        }
    };
    let cookie = sign_in("ducha").await;
    let manager = sign_in("shehui").await;

    let overview = time(200, || {
        let client = client.clone();
        let url = format!("{base}/plans/{PLAN}?as_of=2024-09-30");
        async move {
            let body = client
                .get(url)
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("body");
            assert!(body.contains("item-card"));
        }
    })
    .await;
    let export = time(20, || {
        let client = client.clone();
        let url = format!("{base}/plans/{PLAN}/monthly.xlsx?month=2024-09");
        let cookie = cookie.clone();
        async move {
            let reply = client
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .expect("get");
            assert!(reply.status().is_success());
            let bytes = reply.bytes().await.expect("body");
            assert!(bytes.starts_with(b"PK"));
        }
    })
    .await;
    // The supervision loop's two pages (issue 15), signed in as the 督查室: every item's
    // monthly submission drafted from the month's accepted reports, and every lead unit's
    // 考核 score with its facts.
    let page = |path: String, marker: &'static str, cookie: &String| {
        let client = client.clone();
        let cookie = cookie.clone();
        let url = format!("{base}{path}");
        move || {
            let client = client.clone();
            let cookie = cookie.clone();
            let url = url.clone();
            async move {
                let reply = client
                    .get(url)
                    .header("cookie", cookie)
                    .send()
                    .await
                    .expect("get");
                assert!(reply.status().is_success());
                let body = reply.text().await.expect("body");
                assert!(body.contains(marker), "{marker}");
            }
        }
    };
    let submissions = time(
        50,
        page(
            format!("/plans/{PLAN}/submissions?month=2024-09"),
            "submission-list",
            &cookie,
        ),
    )
    .await;
    // The lead unit's view: its three items' drafts, from their accepted reports.
    let drafts = time(
        50,
        page(
            format!("/plans/{PLAN}/submissions?month=2024-09"),
            "name=\"narrative\"",
            &manager,
        ),
    )
    .await;
    let assessment = time(
        50,
        page(
            format!("/plans/{PLAN}/assessment?month=2024-09"),
            "data-total",
            &cookie,
        ),
    )
    .await;
    // A town's pace board: its indicators, each with the town's accepted part from the
    // item breakdown (one query per item it works on).
    let town_board = time(
        50,
        page(
            format!("/plans/{PLAN}/towns?as_of=2024-09-30"),
            "town-board",
            &cookie,
        ),
    )
    .await;
    // 季度汇总 with the quarter's pack from the monthly submissions: the plan as of each
    // quarter's end.
    let quarterly = time(
        50,
        page(
            format!("/plans/{PLAN}/quarterly?q=1"),
            "quarter-pack",
            &cookie,
        ),
    )
    .await;
    // Raw SQL: the sums the overview needs, straight from every accepted report's JSON
    // (what a naive design would run) and from the per-report value rows.
    let raw_reports = time(5, || raw.count_values_in_json()).await;
    let raw_values = time(20, || raw.sum_value_rows()).await;
    let rollup = time(200, || {
        let store = store.clone();
        async move {
            let day = chrono::NaiveDate::from_ymd_opt(2024, 9, 30).expect("date");
            let rows = store.plan_progress(PLAN, day).await.expect("progress");
            assert!(!rows.is_empty());
        }
    })
    .await;

    println!("### Plan overview and monthly report at {reports} reports\n");
    let loaded = if reuse.is_some() {
        "measured again on a kept database".to_string()
    } else {
        format!(
            "loading the reports through push + review took {:.0} s",
            load_time.as_secs_f64()
        )
    };
    println!(
        "Database: {} with {:.0} MiB of tables and indexes; {loaded}.\n",
        if db.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        bytes as f64 / 1_048_576.0,
    );
    println!("| What | p50 | p95 | Goal |");
    println!("|---|---|---|---|");
    println!(
        "| Plan overview page (HTTP, as of 2024-09-30) | {} | {} | p95 ≤ 50 ms |",
        ms(overview.p50),
        ms(overview.p95)
    );
    println!(
        "| Monthly report .xlsx (HTTP, 2024-09) | {} | {} | ≤ 1 s |",
        ms(export.p50),
        ms(export.p95)
    );
    println!(
        "| 月度报送 page, the 督查室's view of every item (HTTP, 2024-09) | {} | {} | p95 ≤ 50 ms |",
        ms(submissions.p50),
        ms(submissions.p95)
    );
    println!(
        "| 月度报送 page, a lead unit's drafts from its accepted reports (HTTP, 2024-09) | {} | {} | p95 ≤ 50 ms |",
        ms(drafts.p50),
        ms(drafts.p95)
    );
    println!(
        "| 考核 page, every lead unit's score (HTTP, 2024-09) | {} | {} | p95 ≤ 50 ms |",
        ms(assessment.p50),
        ms(assessment.p95)
    );
    println!(
        "| 镇街进度看板, 石桥镇 (HTTP, as of 2024-09-30) | {} | {} | p95 ≤ 50 ms |",
        ms(town_board.p50),
        ms(town_board.p95)
    );
    println!(
        "| 季度汇总 with the third quarter's 汇报材料 (HTTP) | {} | {} | p95 ≤ 50 ms |",
        ms(quarterly.p50),
        ms(quarterly.p95)
    );
    println!(
        "| Progress query the pages use (day totals) | {} | {} | |",
        ms(rollup.p50),
        ms(rollup.p95)
    );
    println!(
        "| Raw SQL: sum per indicator over every accepted value row | {} | {} | |",
        ms(raw_values.p50),
        ms(raw_values.p95)
    );
    println!(
        "| Raw SQL: count per item over every accepted report's JSON | {} | {} | |",
        ms(raw_reports.p50),
        ms(raw_reports.p95)
    );
    drop(store);
    raw.close().await;
    if std::env::var_os("BENCH_KEEP").is_some() || reuse.is_some() {
        // For looking into a query plan afterwards.
        eprintln!("kept: {url}");
    } else {
        db.remove().await;
    }
}

/// The raw-SQL baselines, in each backend's dialect: the sums the overview needs, straight
/// from every accepted report's JSON (what a naive design would run) and from the
/// per-report value rows.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    async fn connect(url: &str) -> Raw {
        if url.starts_with("sqlite:") {
            Raw::Sqlite(sqlx::SqlitePool::connect(url).await.expect("raw pool"))
        } else {
            Raw::Postgres(sqlx::PgPool::connect(url).await.expect("raw pool"))
        }
    }

    async fn count_reports(&self) -> i64 {
        let sql = "SELECT COUNT(*) FROM reports";
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Raw::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .expect("count")
    }

    async fn count_values_in_json(&self) {
        let rows: Vec<(i64, i64)> = match self {
            Raw::Sqlite(pool) => {
                sqlx::query_as(
                    "SELECT item_id, COUNT(*) FROM reports, json_each(reports.content, '$.values') v \
                     WHERE status = 'accepted' AND captured_on <= '2024-09-30' GROUP BY item_id",
                )
                .fetch_all(pool)
                .await
            }
            Raw::Postgres(pool) => {
                sqlx::query_as(
                    "SELECT item_id, COUNT(*) FROM reports, \
                       jsonb_array_elements(reports.content::jsonb -> 'values') v \
                     WHERE status = 'accepted' AND captured_on <= DATE '2024-09-30' GROUP BY item_id",
                )
                .fetch_all(pool)
                .await
            }
        }
        .expect("raw");
        assert!(!rows.is_empty());
    }

    async fn sum_value_rows(&self) {
        let rows: Vec<(i64, f64)> =
            match self {
                Raw::Sqlite(pool) => {
                    sqlx::query_as(
                        "SELECT indicator_id, TOTAL(increment) FROM progress_values \
                     WHERE captured_on <= '2024-09-30' GROUP BY indicator_id",
                    )
                    .fetch_all(pool)
                    .await
                }
                Raw::Postgres(pool) => sqlx::query_as(
                    "SELECT indicator_id, COALESCE(SUM(increment), 0)::float8 FROM progress_values \
                     WHERE captured_on <= DATE '2024-09-30' GROUP BY indicator_id",
                )
                .fetch_all(pool)
                .await,
            }
            .expect("raw");
        assert!(!rows.is_empty());
    }

    async fn close(&self) {
        match self {
            Raw::Sqlite(pool) => pool.close().await,
            Raw::Postgres(pool) => pool.close().await,
        }
    }
}
