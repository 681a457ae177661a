//! Public pages and the plan's JSON from memory (issue 16): kept while nothing changes,
//! never shown after a write that changes them — a review, a decision, an import on the
//! command line, or a write through another server on the same database.

use std::time::{Duration, Instant};

use app::domain::account::Role;
use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{OTHER_PLAN, PLAN, Req, TestApp, create_user, spawn_app};
use crate::sync_support::{field_worker, new_op, push, report};

const CACHE: &str = "x-taizhang-cache";

/// A signed-out GET: its body, and whether it came from memory.
async fn public(app: &TestApp, path: &str) -> (String, Option<String>) {
    let reply = app.send(Req::new(Method::GET, path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    let how = reply
        .headers
        .get(CACHE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (reply.body, how)
}

/// Asks until the answer comes from memory and stays so across the watch's next look at
/// the database, and returns it. A write this server made, or one made straight through the
/// store, is seen again a moment later by the watch, which makes one more copy: a hit
/// before that look would turn into a miss right after it.
async fn kept(app: &TestApp, path: &str) -> String {
    use server::store::changes::SQLITE_POLL;
    let start = Instant::now();
    loop {
        let (body, how) = public(app, path).await;
        if how.as_deref() == Some("hit") {
            tokio::time::sleep(SQLITE_POLL * 3).await;
            if public(app, path).await.1.as_deref() == Some("hit") {
                return body;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{path} is never kept"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An indicator's figure in `/api/v1/plans/{PLAN}/progress`.
fn figure(progress: &str, item: u64, code: &str, field: &str) -> f64 {
    let progress: Value = serde_json::from_str(progress).expect("json");
    progress["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["item"] == item)
        .and_then(|i| {
            i["indicators"]
                .as_array()
                .expect("indicators")
                .iter()
                .find(|x| x["code"] == code)
        })
        .and_then(|x| x[field].as_f64())
        .unwrap_or_else(|| panic!("item {item} {code} {field}"))
}

/// A decision changing item 3's 设施 target from 5 to 4 on 2024-07-01.
const DECISION: [(&str, &str); 6] = [
    ("indicator", "facilities"),
    ("new_target", "4"),
    ("body", "区人大常委会"),
    ("doc_number", "太人常〔2024〕5号"),
    ("decided_on", "2024-07-01"),
    ("reason", "一处选址被规划调整占用"),
];

const PROGRESS: &str = "/api/v1/plans/taibaihu-2024/progress?as_of=2024-12-31";

#[tokio::test]
async fn public_answers_are_kept_until_a_write_changes_them() {
    let app = spawn_app().await;
    let _watch = app.watch_changes().await;

    let (first, how) = public(&app, PROGRESS).await;
    assert_eq!(how.as_deref(), Some("miss"));
    assert_eq!(kept(&app, PROGRESS).await, first);
    assert_eq!(figure(&first, 1, "households", "actual"), 0.0);

    // A review that accepts a report: the next answer is made again, with it.
    let field = field_worker(&app, "shiqiao").await;
    let sent = report(&field, 5.0, "2024-05-07");
    assert_eq!(
        push(&app, &field.cookie, &[new_op(sent.clone())])
            .await
            .status,
        StatusCode::OK
    );
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    // Kept again after the push (a pending report changes no public figure).
    assert_eq!(
        figure(&kept(&app, PROGRESS).await, 1, "households", "actual"),
        0.0
    );
    let accepted = app
        .send(
            Req::new(Method::POST, &format!("/api/v1/reports/{}/review", sent.id))
                .cookie(&manager)
                .json(json!({ "decision": "accept" })),
        )
        .await;
    assert!(accepted.status.is_success(), "{}", accepted.body);
    let (after, how) = public(&app, PROGRESS).await;
    assert_eq!(how.as_deref(), Some("miss"));
    assert_eq!(figure(&after, 1, "households", "actual"), 5.0);

    // A recorded decision changes a target: the item's page shows it at once.
    let item = format!("/plans/{PLAN}/items/3");
    assert!(!kept(&app, &item).await.contains("太人常〔2024〕5号"));
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let ducha = app.sign_in("ducha").await;
    let recorded = app
        .send(
            Req::new(Method::POST, &format!("/plans/{PLAN}/items/3/decisions"))
                .cookie(&ducha)
                .form(&DECISION),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let (page, how) = public(&app, &item).await;
    assert_eq!(how.as_deref(), Some("miss"));
    assert!(page.contains("太人常〔2024〕5号"), "the decision shows");
    let (json, _) = public(&app, PROGRESS).await;
    assert_eq!(figure(&json, 3, "facilities", "target"), 4.0);
}

#[tokio::test]
async fn only_what_is_the_same_for_everyone_is_kept() {
    let app = spawn_app().await;
    let _watch = app.watch_changes().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let ducha = app.sign_in("ducha").await;
    kept(&app, "/").await;
    // Signed in: made for this user every time, never from the public copy.
    for _ in 0..2 {
        let mine = app.send(Req::new(Method::GET, "/").cookie(&ducha)).await;
        assert_eq!(mine.status, StatusCode::OK);
        assert!(mine.headers.get(CACHE).is_none());
        assert!(
            mine.body.contains("ducha"),
            "the signed-in page names its user"
        );
    }
    // The overview has an island: a kept copy is answered with the policy of its own nonce.
    let kept = app.send(Req::new(Method::GET, "/")).await;
    assert_eq!(
        kept.headers[CACHE], "hit",
        "signed-in pages leave the public copy alone"
    );
    let policy = kept.headers["content-security-policy"]
        .to_str()
        .expect("text");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        kept.body.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the policy's nonce"
    );
    // Readiness and the session always run.
    for path in ["/readyz", "/api/v1/session"] {
        let reply = app.send(Req::new(Method::GET, path)).await;
        assert!(reply.headers.get(CACHE).is_none(), "{path}");
    }
    // A page that is not there is not kept.
    for _ in 0..2 {
        let missing = app.send(Req::new(Method::GET, "/plans/none/items/1")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.headers.get(CACHE).is_none());
    }
    // A browser holding the page is answered 304 without it.
    let etag = kept.headers["etag"].to_str().expect("etag").to_string();
    let held = app
        .send(Req::new(Method::GET, "/").header("if-none-match", &etag))
        .await;
    assert_eq!(held.status, StatusCode::NOT_MODIFIED);
    assert!(held.body.is_empty());
}

#[tokio::test]
async fn an_import_on_the_command_line_shows_without_a_request_to_this_server() {
    let app = spawn_app().await;
    let _watch = app.watch_changes().await;
    let before = kept(&app, "/api/v1/plans").await;
    assert!(!before.contains("shili-2025"));

    let file = app.dir.path().join("shili.toml");
    std::fs::write(&file, OTHER_PLAN).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["import", file.to_str().expect("path"), "--database-url"])
        .arg(&app.database_url)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = shows_within(Duration::from_secs(3), || async {
        public(&app, "/api/v1/plans").await.0.contains("shili-2025")
    })
    .await;
    assert!(seen.is_some(), "the imported plan never showed");
}

/// How long until `check` holds, polled every 10 ms, or `None` past `limit`.
async fn shows_within<F, Fut>(limit: Duration, check: F) -> Option<Duration>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if check().await {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    None
}

/// Two `taizhang serve` processes on one database (one SQLite file, or one PostgreSQL
/// schema): a decision recorded through one shows on the other, whose copy was kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_through_one_server_shows_on_the_other() {
    let dir = tempfile::tempdir().expect("dir");
    let schema = if crate::pg_support::backend_is_postgres() {
        crate::pg_support::fresh_schema("page_cache_two").await
    } else {
        None
    };
    let url = match &schema {
        Some(schema) => schema.url(),
        None => format!("sqlite://{}/shared.db", dir.path().display()),
    };
    let photos = dir.path().join("photos").display().to_string();
    let serve = |url: &str| {
        crate::cli_serve::start(
            &[],
            &[
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database-url",
                url,
                "--photo-store",
                &photos,
            ],
        )
    };
    let (_a, a) = serve(&url);
    let (_b, b) = serve(&url);
    let store = server::store::open(&url).await.expect("store");
    create_user(
        store.as_ref(),
        "ducha",
        "区党政办公室督查室",
        Some(Role::Supervisor),
    )
    .await;

    server::store::blobs::install_tls_provider();
    let http = reqwest::Client::new();
    let get = |addr: &str| {
        let request = http.get(format!("http://{addr}{PROGRESS}"));
        async move {
            let reply = request.send().await.expect("get");
            let how = reply
                .headers()
                .get(CACHE)
                .map(|v| v.to_str().unwrap_or_default().to_string());
            (reply.text().await.expect("body"), how)
        }
    };
    let start = Instant::now();
    let kept = loop {
        let (body, how) = get(&b).await;
        if how.as_deref() == Some("hit") {
            break body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "B never keeps the progress"
        );
    };
    assert_eq!(figure(&kept, 3, "facilities", "target"), 5.0);

    let cookie = crate::pg_two_servers::sign_in(&http, &a, "ducha").await;
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(DECISION)
        .finish();
    let recorded = http
        .post(format!("http://{a}/plans/{PLAN}/items/3/decisions"))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("decision");
    assert!(recorded.status().is_redirection() || recorded.status().is_success());
    assert_eq!(
        figure(&get(&a).await.0, 3, "facilities", "target"),
        4.0,
        "A at once"
    );
    let seen = shows_within(Duration::from_secs(3), || async {
        figure(&get(&b).await.0, 3, "facilities", "target") == 4.0
    })
    .await;
    let after = seen.expect("B showed the old target after the decision");
    eprintln!("B showed the decision after {after:?}");
    drop(store);
    if let Some(schema) = schema {
        schema.drop().await;
    }
}

/// Every table a public page can show notifies the servers when it changes: a table added
/// without its trigger would leave pages stale on every other server.
#[tokio::test]
async fn every_table_sends_notices() {
    let Some(schema) = crate::pg_support::fresh_schema("notices").await else {
        return;
    };
    let store = server::store::open(&schema.url()).await.expect("migrate");
    let silent: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
          WHERE n.nspname = current_schema() AND c.relkind = 'r' \
            AND c.relname NOT IN ('sessions', 'login_attempts', 'audit_log', 'item_scans', \
                                  'uploads', '_sqlx_migrations') \
            AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid \
                              AND t.tgname = c.relname || '_notify') \
          ORDER BY 1",
    )
    .fetch_all(&schema.pool)
    .await
    .expect("tables");
    assert!(
        silent.is_empty(),
        "tables without change notices: {silent:?}"
    );
    let watched: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
           JOIN pg_namespace n ON n.oid = c.relnamespace \
          WHERE n.nspname = current_schema() AND t.tgname LIKE '%\\_notify'",
    )
    .fetch_one(&schema.pool)
    .await
    .expect("count");
    assert!(watched >= 30, "{watched} tables watched");
    drop(store);
    schema.drop().await;
}
