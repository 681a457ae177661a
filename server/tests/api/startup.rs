//! Two servers started at the same moment on one empty database with `--demo`: both come
//! up (one loads the plan and seeds the demo accounts, the other finds them there), and
//! every account exists once. Either backend.

use crate::cli_serve::start;
use crate::helpers::{raw_get, spawn_empty_app};

#[tokio::test]
async fn two_servers_seeding_one_empty_database_at_once_both_serve() {
    let app = spawn_empty_app().await;
    let url = app.database_url.clone();
    let site = app.dir.path().join("site").display().to_string();
    let launch = |url: String, site: String| {
        std::thread::spawn(move || {
            start(
                &[],
                &[
                    "serve",
                    "--addr",
                    "127.0.0.1:0",
                    "--database-url",
                    &url,
                    "--demo",
                    "--site-root",
                    &site,
                ],
            )
        })
    };
    let a = launch(url.clone(), site.clone());
    let b = launch(url, site);
    let (_a, addr_a) = a.join().expect("the first server starts");
    let (_b, addr_b) = b.join().expect("the second server starts");
    for addr in [&addr_a, &addr_b] {
        let (status, body) = raw_get(addr, "/readyz").await;
        assert_eq!(status, 200, "{body}");
    }
    for username in ["ducha", "shiqiao"] {
        assert_eq!(
            app.raw_count(&format!(
                "SELECT COUNT(*) FROM users WHERE username = '{username}'"
            ))
            .await,
            1,
            "{username} exists once"
        );
    }
    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM plans").await,
        1,
        "the plan once"
    );
}
