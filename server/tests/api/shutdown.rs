//! Graceful shutdown finishes a sync in flight: a push is held mid-way (another connection
//! holds SQLite's write lock), the server is told to stop, the lock is released — and the
//! push is answered and stored, new connections are refused, and the server then returns.

use std::time::Duration;

use app::account::Role;
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

#[tokio::test]
async fn a_sync_in_flight_is_finished_before_the_server_stops() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("shutdown.db").display());
    let store = server::db::open(&url).await.expect("db");
    server::serve::load_default_plan(store.as_ref())
        .await
        .expect("plan");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let state = server::AppState::new(
        store.clone(),
        &dir.path().join("site"),
        listener.local_addr().expect("addr"),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve::serve(listener, state, async move {
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
    let blocker = sqlx::SqlitePool::connect(&url).await.expect("pool");
    let mut lock = blocker.acquire().await.expect("conn");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut *lock)
        .await
        .expect("lock");
    let field = Field {
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

    sqlx::query("ROLLBACK")
        .execute(&mut *lock)
        .await
        .expect("unlock");
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
