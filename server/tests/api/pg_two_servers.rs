//! Two `taizhang serve` processes on one PostgreSQL database: nothing lives in a server, so
//! a sign-in on one holds on the other, reports pushed through one are pulled through the
//! other, and the same reports pushed through both at once are stored exactly once.

use app::domain::account::Role;
use app::sync::{Outcome, PullResponse, PushRequest, PushResponse, ReportOp};
use reqwest::StatusCode;
use serde_json::json;

use crate::cli_serve::start;
use crate::helpers::{PASSWORD, PLAN, create_user};
use crate::pg_support::fresh_schema;
use crate::sync_support::{Field, new_op, report};

pub(crate) async fn sign_in(http: &reqwest::Client, addr: &str, username: &str) -> String {
    let reply = http
        .post(format!("http://{addr}/api/v1/session"))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("sign in");
    assert_eq!(reply.status(), StatusCode::OK);
    let cookie = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("taizhang_session="))
        .expect("session cookie");
    cookie.split(';').next().expect("pair").to_string()
}

async fn push(http: &reqwest::Client, addr: &str, cookie: &str, ops: &[ReportOp]) -> PushResponse {
    let reply = http
        .post(format!("http://{addr}/api/v1/sync/push"))
        .header("cookie", cookie)
        .json(&PushRequest { ops: ops.to_vec() })
        .send()
        .await
        .expect("push");
    assert_eq!(reply.status(), StatusCode::OK);
    reply.json().await.expect("push response")
}

async fn pull_all(http: &reqwest::Client, addr: &str, cookie: &str) -> Vec<uuid::Uuid> {
    let (mut cursor, mut seen) = (0, Vec::new());
    loop {
        let page: PullResponse = http
            .get(format!("http://{addr}/api/v1/sync/pull?cursor={cursor}"))
            .header("cookie", cookie)
            .send()
            .await
            .expect("pull")
            .json()
            .await
            .expect("pull response");
        seen.extend(page.changes.iter().map(|c| c.report_id));
        cursor = page.cursor;
        if !page.more {
            return seen;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_sessions_and_store_concurrent_pushes_once() {
    let Some(schema) = fresh_schema("two_servers").await else {
        return;
    };
    let url = schema.url();
    // One photo store for both, as two servers behind one address would share.
    let photos = tempfile::tempdir().expect("photo dir");
    // 'static, so the closure below stays Copy and can start a server on another thread.
    let photo_store: &'static str = Box::leak(photos.path().display().to_string().into_boxed_str());
    let serve = |url: &str| {
        start(
            &[],
            &[
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database-url",
                url,
                "--photo-store",
                photo_store,
                // Few connections each: the concurrent pushes below must queue for them.
                "--database-max-connections",
                "3",
            ],
        )
    };
    // Both start at once on the empty schema: one migrates and loads the plan, the other
    // waits for the migration lock and finds the plan there.
    let url_b = url.clone();
    let b = std::thread::spawn(move || serve(&url_b));
    let (_a, addr_a) = serve(&url);
    let (_b, addr_b) = b.join().expect("server b");

    let store = server::store::open(&url).await.expect("store");
    let user_id = create_user(
        store.as_ref(),
        "shiqiao",
        "石桥镇政府",
        Some(Role::Reporter),
    )
    .await;
    let plan = store.plan(PLAN).await.expect("read").expect("plan");
    assert_eq!(store.list_plans().await.expect("plans").len(), 1);
    let unit_id = plan
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("unit")
        .id;

    server::store::blobs::install_tls_provider();
    let http = reqwest::Client::new();
    // A session made on A is valid on B.
    let cookie = sign_in(&http, &addr_a, "shiqiao").await;
    let me = http
        .get(format!("http://{addr_b}/api/v1/sync/catalogue"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("catalogue");
    assert_eq!(me.status(), StatusCode::OK, "A's session works on B");

    let field = Field {
        name: "shiqiao 姓名".to_string(),
        user_id,
        unit_id,
        cookie: cookie.clone(),
    };
    // Pushed through A, pulled through B.
    let first: Vec<ReportOp> = (0..5)
        .map(|_| new_op(report(&field, 1.0, "2024-05-07")))
        .collect();
    let reply = push(&http, &addr_a, &cookie, &first).await;
    assert!(reply.results.iter().all(|r| r.outcome == Outcome::Applied));
    let seen = pull_all(&http, &addr_b, &cookie).await;
    for op in &first {
        assert!(seen.contains(&op.report.id), "B sees what A stored");
    }

    // The same 40 reports through both servers at once (a phone retrying on another server
    // while its first request is still running): each stored exactly once.
    let batch: Vec<ReportOp> = (0..40)
        .map(|_| new_op(report(&field, 1.0, "2024-05-08")))
        .collect();
    let mut pushes = Vec::new();
    for round in 0..4 {
        let addr = if round % 2 == 0 { &addr_a } else { &addr_b };
        let (http, addr, cookie, batch) =
            (http.clone(), addr.clone(), cookie.clone(), batch.clone());
        pushes.push(tokio::spawn(async move {
            push(&http, &addr, &cookie, &batch).await
        }));
    }
    let mut applied = vec![0; batch.len()];
    for p in pushes {
        let reply = p.await.expect("push task");
        assert_eq!(reply.results.len(), batch.len());
        for (i, r) in reply.results.iter().enumerate() {
            match r.outcome {
                Outcome::Applied => applied[i] += 1,
                Outcome::AlreadyHad => {}
                ref other => panic!("unexpected outcome {other:?}: {:?}", r.message),
            }
            assert_eq!(r.revision, Some(1));
        }
    }
    assert!(applied.iter().all(|n| *n == 1), "{applied:?}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    assert_eq!(stored, 45);
    // A repeat is answered from the stored report and writes nothing: no op rows (they are
    // kept only for replaced revisions, conflicts and rejections), every report at revision 1.
    let extra: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_ops")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    assert_eq!(extra, 0, "no conflict or quarantine rows from the repeats");
    let revised: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE revision <> 1")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    assert_eq!(revised, 0);

    // Signing out on B ends the session on A too.
    let out = http
        .delete(format!("http://{addr_b}/api/v1/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("sign out");
    assert!(out.status().is_success(), "{}", out.status());
    let after = http
        .get(format!("http://{addr_a}/api/v1/sync/catalogue"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("catalogue");
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    drop(store);
    schema.drop().await;
}
