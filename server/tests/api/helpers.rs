use std::path::PathBuf;

use app::domain::account::{PlanRole, Role};
use app::domain::audit::Actor;
use app::store::{NewUserRecord, SharedStore, Store};
use axum::Router;
use axum::body::Body;
use http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use server::auth::AuthSettings;
use server::store::Blobs;
use server::{AppState, router};
use tempfile::TempDir;
use tower::ServiceExt;

use crate::pg_support::{SchemaGuard, backend_is_postgres};

/// The password of every test user.
pub const PASSWORD: &str = "correct horse battery";
pub const PLAN: &str = "taibaihu-2024";

pub struct TestApp {
    pub router: Router,
    pub store: SharedStore,
    /// Where photo bytes go: a directory in `dir`, or the S3-compatible server named by
    /// `TAIZHANG_TEST_PHOTO_STORE` (the test command starts one).
    pub blobs: Blobs,
    pub database_url: String,
    pub dir: TempDir,
    /// On PostgreSQL: the test's own schema, dropped after the store (fields drop in order).
    pub schema: Option<SchemaGuard>,
    /// The router's change count. Unwatched (nothing kept in memory) unless a test calls
    /// `watch_changes`: most tests write through the store and read straight after, which
    /// the watch would see only a moment later.
    pub changes: std::sync::Arc<server::store::changes::Changes>,
}

/// A fresh database in a temporary directory with the 2024 plan loaded, as on first start.
pub async fn spawn_app() -> TestApp {
    let app = spawn_empty_app().await;
    server::cmd::serve::load_default_plan(app.store.as_ref())
        .await
        .expect("default plan loads");
    app
}

/// Like `spawn_app`, with particular sign-in settings.
pub async fn spawn_app_with(auth: AuthSettings) -> TestApp {
    let mut app = spawn_app().await;
    let site_root = app.dir.path().join("site");
    let addr = "127.0.0.1:3000".parse().expect("address");
    app.router = router(
        AppState::new(app.store.clone(), app.blobs.clone(), &site_root, addr).with_auth(auth),
    );
    app
}

/// Like `spawn_app`, with particular settings of the public side.
pub async fn spawn_app_with_poster(poster: app::domain::poster::PosterSettings) -> TestApp {
    let mut app = spawn_app().await;
    let site_root = app.dir.path().join("site");
    let addr = "127.0.0.1:3000".parse().expect("address");
    app.router = router(
        AppState::new(app.store.clone(), app.blobs.clone(), &site_root, addr)
            .with_public(Default::default(), poster),
    );
    app
}

/// A fresh, empty database (migrated, no plans): a SQLite file, or with
/// `TAIZHANG_TEST_BACKEND=postgres` a fresh PostgreSQL schema.
pub async fn spawn_empty_app() -> TestApp {
    init_test_log();
    let dir = tempfile::tempdir().expect("temp dir");
    let (database_url, schema) = if backend_is_postgres() {
        let guard = SchemaGuard::create().await;
        (guard.url.clone(), Some(guard))
    } else {
        (
            format!("sqlite://{}/data/test.db", dir.path().display()),
            None,
        )
    };
    let store = server::store::open(&database_url)
        .await
        .expect("database opens");
    let site_root: PathBuf = dir.path().join("site");
    let addr = "127.0.0.1:3000".parse().expect("address");
    let blobs = test_blobs(&dir);
    let state = AppState::new(store.clone(), blobs.clone(), &site_root, addr);
    let changes = state.changes.clone();
    TestApp {
        changes,
        router: router(state),
        store,
        blobs,
        database_url,
        dir,
        schema,
    }
}

/// The photo store for one test: a prefix of its own in `TAIZHANG_TEST_PHOTO_STORE` when
/// set (an `s3://` bucket), else a directory of the test's own.
pub fn test_blobs(dir: &TempDir) -> Blobs {
    // A prefix of its own in the shared bucket, so that a test sees only its own objects.
    let spec = match std::env::var("TAIZHANG_TEST_PHOTO_STORE") {
        Ok(bucket) => format!("{}/{}", bucket.trim_end_matches('/'), uuid::Uuid::now_v7()),
        Err(_) => dir.path().join("photos").display().to_string(),
    };
    Blobs::open(&spec).unwrap_or_else(|e| panic!("photo store {spec}: {e}"))
}

/// `TEST_LOG=1 cargo test …` shows the server's logs behind each test (captured per test
/// by the harness, printed for the failing ones); `TEST_LOG=debug` for more.
pub fn init_test_log() {
    if let Ok(level) = std::env::var("TEST_LOG") {
        let filter = if level == "1" {
            "info,sqlx=warn".to_string()
        } else {
            level
        };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
}

/// The hash of `PASSWORD`, computed once per test run (argon2 is slow on purpose).
pub async fn password_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async { server::auth::hash_password(PASSWORD).await.expect("hash") })
        .await
        .clone()
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent, for binary downloads.
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The session token the response set, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("taizhang_session="))
            .map(str::to_string)
    }

    /// `taizhang_session=TOKEN`, to send back.
    pub fn cookie_pair(&self) -> String {
        self.session_cookie()
            .and_then(|c| c.split(';').next().map(str::to_string))
            .expect("a session cookie")
    }

    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
}

/// A request to send through the router.
pub struct Req {
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Body,
}

impl Req {
    pub fn new(method: Method, path: &str) -> Self {
        Req {
            method,
            path: path.to_string(),
            headers: vec![("host".into(), "127.0.0.1:3000".into())],
            body: Body::empty(),
        }
    }

    pub fn cookie(mut self, cookie: &str) -> Self {
        self.headers.push((COOKIE.to_string(), cookie.to_string()));
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn json(mut self, value: serde_json::Value) -> Self {
        self.headers
            .push((CONTENT_TYPE.to_string(), "application/json".into()));
        self.body = Body::from(value.to_string());
        self
    }

    /// Raw bytes as the body (set the content type with `header`).
    pub fn body_bytes(mut self, body: Vec<u8>) -> Self {
        self.body = Body::from(body);
        self
    }

    /// A raw body (set the content type with `header`).
    pub fn body(mut self, body: String) -> Self {
        self.body = Body::from(body);
        self
    }

    pub fn form(mut self, fields: &[(&str, &str)]) -> Self {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.headers.push((
            CONTENT_TYPE.to_string(),
            "application/x-www-form-urlencoded".into(),
        ));
        self.body = Body::from(body);
        self
    }
}

impl TestApp {
    /// Watches the database as `serve` does, so that public pages are kept in memory.
    pub async fn watch_changes(&self) -> tokio::task::JoinHandle<()> {
        let (task, watching) = server::store::changes::watch_ready(
            &self.database_url,
            self.changes.clone(),
            std::time::Duration::from_secs(10),
        )
        .await;
        assert!(watching, "the database is watched for changes");
        task
    }

    pub async fn send(&self, req: Req) -> Reply {
        let mut builder = Request::builder().method(req.method).uri(&req.path);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        let response = self
            .router
            .clone()
            .oneshot(builder.body(req.body).expect("request"))
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: without_styles(String::from_utf8_lossy(&bytes).into_owned()),
            bytes: bytes.to_vec(),
        }
    }

    /// Creates a user of `unit` (by name) with a role on the 2024 plan; returns the id.
    pub async fn add_user(&self, username: &str, unit: &str, role: Option<Role>) -> i64 {
        create_user(self.store.as_ref(), username, unit, role).await
    }

    /// The id of a unit of the 2024 plan, by its name.
    pub async fn unit_id(&self, name: &str) -> i64 {
        let plan = self.store.plan(PLAN).await.expect("read").expect("plan");
        plan.units
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("no unit {name}"))
            .id
    }

    /// Signs in through the JSON API and returns the cookie pair to send back.
    pub async fn sign_in(&self, username: &str) -> String {
        let reply = self
            .send(
                Req::new(Method::POST, "/api/v1/session").json(serde_json::json!({
                    "username": username, "password": PASSWORD
                })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.cookie_pair()
    }

    /// Number of audit rows.
    /// Runs one statement straight on the database, past the store (either backend).
    /// Public pages kept by the app (`watch_changes`) are marked stale at once, as if the
    /// watch had already seen the write: a test reads straight after.
    pub async fn raw_execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        use sqlx::Connection;
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        let done = if self.schema.is_some() {
            let mut conn = sqlx::PgConnection::connect(&self.database_url).await?;
            sqlx::query(sql).execute(&mut conn).await?.rows_affected()
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.database_url).await?;
            sqlx::query(sql).execute(&mut conn).await?.rows_affected()
        };
        self.changes.moved();
        Ok(done)
    }

    /// One number read straight from the database (either backend).
    pub async fn raw_count(&self, sql: &str) -> i64 {
        use sqlx::Connection;
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        if self.schema.is_some() {
            let mut conn = sqlx::PgConnection::connect(&self.database_url)
                .await
                .expect("connect");
            sqlx::query_scalar(sql).fetch_one(&mut conn).await
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.database_url)
                .await
                .expect("connect");
            sqlx::query_scalar(sql).fetch_one(&mut conn).await
        }
        .expect("count")
    }

    pub async fn audit_count(&self) -> usize {
        let filter = app::domain::audit::AuditFilter {
            limit: Some(500),
            ..Default::default()
        };
        self.store.audit(&filter).await.expect("audit").len()
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).expect("request"))
            .await
            .expect("router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            without_styles(String::from_utf8(bytes.to_vec()).expect("utf-8 body")),
        )
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let (status, body) = self.get(path).await;
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        (status, json)
    }
}

/// A small valid plan of another district, for import tests.
pub const OTHER_PLAN: &str = r#"
[plan]
code = "shili-2025"
year = 2025
region = "示例区"
title = "2025年示例区民生实事"
notice_title = "关于办好2025年民生实事的通知"
doc_number = "示管发〔2025〕1号"
issuer = "示例区管委会"
issued_on = 2025-03-01
starts_on = 2025-03-01
ends_on = 2025-12-31

[[units]]
name = "区教育局"
kind = "department"

[[categories]]
number = 1
name = "教育服务"

[[items]]
number = 1
category = 1
title = "新增学位"
content = "新增学位 100 个。"
lead_units = ["区教育局"]

[[items.indicators]]
code = "seats"
name = "新增学位"
kind = "count"
unit = "个"
target = 100
"#;

/// `GET path` over a plain TCP connection to a server started as a process.
pub async fn raw_get(addr: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("reads");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, response)
}

/// Creates a user of `unit` (by name) with a role on the 2024 plan (leaders in charge of
/// categories 1 and 2) and the test password; returns the id.
pub async fn create_user(store: &dyn Store, username: &str, unit: &str, role: Option<Role>) -> i64 {
    let plan = store.plan(PLAN).await.expect("read").expect("plan");
    let unit_id = plan.units.iter().find(|u| u.name == unit).expect("unit").id;
    let record = NewUserRecord {
        username: username.to_string(),
        display_name: format!("{username} 姓名"),
        unit_id,
        password_hash: password_hash().await,
        role: role.map(|role| PlanRole {
            plan: PLAN.to_string(),
            role,
            categories: if role == Role::Leader {
                vec![1, 2]
            } else {
                vec![]
            },
        }),
    };
    store
        .create_user(&record, &Actor::command_line())
        .await
        .expect("user")
}

/// A page's markup without the text of its inline stylesheet: the styles name every class
/// and attribute the pages use, and tests ask what a page shows. `bytes` keeps the whole
/// answer (`pages::pages_carry_their_styles` reads the styles there).
fn without_styles(text: String) -> String {
    match (text.find("<style>"), text.find("</style>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{}", &text[..start + "<style>".len()], &text[end..])
        }
        _ => text,
    }
}
