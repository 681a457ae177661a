//! Graceful shutdown finishes a sync in flight: a push is held mid-way (another connection
//! holds the write lock: SQLite's, or on PostgreSQL the servers' advisory lock), the server
//! is told to stop, the lock is released — and the push is answered and stored, new
//! connections are refused, and the server then returns.

use std::time::Duration;

use app::domain::account::Role;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::sync_support::{Field, new_op, report};

/// One HTTP/1.1 request over a fresh connection; the whole response as text.
async fn http(addr: &str, method: &str, path: &str, cookie: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connects");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Cookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("reads");
    response
}

/// Another connection holding the write lock the store's writers take.
enum WriteLock {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl WriteLock {
    async fn take(url: &str) -> WriteLock {
        use sqlx::Connection;
        if url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(url).await.expect("conn");
            sqlx::query("BEGIN IMMEDIATE")
                .execute(&mut conn)
                .await
                .expect("lock");
            WriteLock::Sqlite(conn)
        } else {
            let mut conn = sqlx::PgConnection::connect(url).await.expect("conn");
            sqlx::query("BEGIN")
                .execute(&mut conn)
                .await
                .expect("begin");
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext('taizhang:' || current_schema()))")
                .execute(&mut conn)
                .await
                .expect("lock");
            WriteLock::Postgres(conn)
        }
    }

    async fn release(self) {
        match self {
            WriteLock::Sqlite(mut c) => sqlx::query("ROLLBACK").execute(&mut c).await.map(drop),
            WriteLock::Postgres(mut c) => sqlx::query("ROLLBACK").execute(&mut c).await.map(drop),
        }
        .expect("unlock");
    }
}

#[tokio::test]
async fn a_sync_in_flight_is_finished_before_the_server_stops() {
    // Either backend (`TAIZHANG_TEST_BACKEND`), the plan loaded.
    let app = crate::helpers::spawn_app().await;
    let (store, url, dir) = (app.store.clone(), app.database_url.clone(), &app.dir);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let state = server::AppState::new(
        store.clone(),
        crate::helpers::test_blobs(dir),
        &dir.path().join("site"),
        listener.local_addr().expect("addr"),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::cmd::serve::serve(listener, state, async move {
        let _ = stopped.await;
    }));

    // A reporter of 石桥镇, signed in over HTTP.
    let user_id = crate::helpers::create_user(
        store.as_ref(),
        "shiqiao",
        "石桥镇政府",
        Some(Role::Reporter),
    )
    .await;
    let unit = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan")
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("unit")
        .id;
    let signed_in = http(
        &addr,
        "POST",
        "/api/v1/session",
        "",
        &serde_json::json!({ "username": "shiqiao", "password": crate::helpers::PASSWORD })
            .to_string(),
    )
    .await;
    let cookie = signed_in
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();

    // Hold the write lock, so the push waits inside its handler.
    let lock = WriteLock::take(&url).await;
    let field = Field {
        name: "shiqiao 姓名".to_string(),
        user_id,
        unit_id: unit,
        cookie: cookie.clone(),
    };
    let op = new_op(report(&field, 2.0, "2024-05-07"));
    let body = serde_json::to_string(&app::sync::PushRequest {
        ops: vec![op.clone()],
    })
    .expect("json");
    let push = tokio::spawn({
        let addr = addr.clone();
        async move { http(&addr, "POST", "/api/v1/sync/push", &cookie, &body).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!push.is_finished(), "the push waits for the lock");

    // Stop: no new connections, the push still in flight.
    stop.send(()).expect("stop");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        TcpStream::connect(&addr).await.is_err(),
        "new connections are refused"
    );
    assert!(!server.is_finished(), "the server waits for the push");

    lock.release().await;
    let answer = tokio::time::timeout(Duration::from_secs(10), push)
        .await
        .expect("answered in time")
        .expect("task");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""outcome":"applied""#), "{answer}");
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("stops after the push")
        .expect("task")
        .expect("clean stop");
    let stored = store.report(op.report.id).await.expect("read");
    assert!(stored.is_some(), "the report is stored");
}
