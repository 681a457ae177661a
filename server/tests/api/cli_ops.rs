//! Operations through the real binary: online backup of a live database that opens with
//! every record; settings from a file (flags and environment win, unknown keys refused);
//! JSON logs; secrets never printed; liveness and readiness probes.

use std::process::{Command, Stdio};

use app::domain::audit::Actor;
use app::sync::ReviewStatus;
use uuid::Uuid;

/// The real binary with these arguments; settings come only from `args` and `envs`.
pub fn taizhang(args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .envs(envs.iter().copied())
        .env("RUST_LOG", "info")
        .env_remove("TAIZHANG_DATABASE_URL")
        .env_remove("TAIZHANG_PHOTO_STORE")
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

/// A database with the plan, a user and demo reports (some accepted), left open (live).
async fn live_database(url: &str) -> (app::store::SharedStore, Vec<(String, i64)>) {
    let store = server::store::open(url).await.expect("db");
    server::cmd::serve::load_default_plan(store.as_ref())
        .await
        .expect("plan");
    let author = crate::helpers::create_user(store.as_ref(), "shiqiao", "石桥镇政府", None).await;
    let plan = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let reports = server::cmd::demo_data::demo_reports(&plan, author, plan.summary.ends_on, 1, 3);
    let actor = Actor::user(author, "shiqiao");
    server::cmd::demo_data::push(store.as_ref(), &reports, &actor, chrono::Utc::now())
        .await
        .expect("push");
    let ids: Vec<Uuid> = reports.iter().take(100).map(|r| r.id).collect();
    store
        .review_many(&ids, ReviewStatus::Accepted, None, &actor)
        .await
        .expect("accept");
    let pool = sqlx::SqlitePool::connect(url).await.expect("pool");
    let counts = server::cmd::backup::counts(&pool).await.expect("counts");
    (store, counts)
}

#[tokio::test]
async fn a_backup_of_a_live_database_opens_with_every_record() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let (_open, counts) = live_database(&url).await;
    assert!(
        counts.iter().any(|(t, n)| t == "reports" && *n > 500),
        "{counts:?}"
    );
    let copy = dir.path().join("backups").join("2024-12-31.db");
    let copy_arg = copy.display().to_string();
    let out = taizhang(&["backup", "--to", &copy_arg, "--database-url", &url], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("完整性校验通过"), "{printed}");

    // Restore: the copy opens as a database of its own with every record.
    let restored_url = format!("sqlite://{}", copy.display());
    let restored = server::store::open(&restored_url).await.expect("opens");
    let pool = sqlx::SqlitePool::connect(&restored_url)
        .await
        .expect("pool");
    assert_eq!(
        server::cmd::backup::counts(&pool).await.expect("counts"),
        counts
    );
    let progress = restored
        .plan_progress("taibaihu-2024", "2024-12-31".parse().expect("date"))
        .await
        .expect("progress");
    assert!(!progress.is_empty(), "accepted progress came along");

    // Never over an existing file.
    let again = taizhang(&["backup", "--to", &copy_arg, "--database-url", &url], &[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在"));
}

#[test]
fn settings_come_from_a_file_and_unknown_keys_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("from-file.db");
    let config = dir.path().join("taizhang.toml");
    std::fs::write(
        &config,
        format!("database_url = \"sqlite://{}\"\n", db.display()),
    )
    .expect("write");
    let copy = dir.path().join("copy.db");
    // The database URL comes from the file.
    let out = taizhang(
        &[
            "backup",
            "--to",
            &copy.display().to_string(),
            "--config",
            &config.display().to_string(),
        ],
        &[],
    );
    // The file's database did not exist yet: read-only open fails, naming the file's URL.
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("from-file.db"), "{stderr}");

    std::fs::write(&config, "adress = \"127.0.0.1:80\"\n").expect("write");
    let out = taizhang(
        &[
            "--config",
            &config.display().to_string(),
            "backup",
            "--to",
            "x.db",
        ],
        &[],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("未知的配置项：adress"), "{stderr}");
}

#[test]
fn the_environment_beats_the_file_and_secrets_are_not_printed() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("taizhang.toml");
    std::fs::write(
        &config,
        "database_url = \"sqlite:///nonexistent/from-file.db\"\n",
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--config",
            &config.display().to_string(),
        ])
        .env(
            "TAIZHANG_DATABASE_URL",
            "postgres://taizhang:s3cret-pw@127.0.0.1:1/ledger",
        )
        .env("TAIZHANG_LOG_FORMAT", "json")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("taizhang:***@127.0.0.1"), "{stderr}");
    assert!(!stderr.contains("s3cret-pw"), "{stderr}");
    assert!(
        !stderr.contains("from-file.db"),
        "the environment wins: {stderr}"
    );
}

#[tokio::test]
async fn json_logs_and_the_probes() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("probes.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            &url,
            "--log-format",
            "json",
        ])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a line");
    let addr = line
        .trim()
        .split_once("http://")
        .expect("address")
        .1
        .to_string();
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let serving = stderr
        .lines()
        .map_while(Result::ok)
        .find(|l| l.contains("serving"))
        .expect("a serving line");
    let entry: serde_json::Value = serde_json::from_str(&serving).expect("a JSON log line");
    assert_eq!(entry["fields"]["message"], "serving");
    assert_eq!(entry["level"], "INFO");
    assert!(
        entry["fields"]["database"]
            .as_str()
            .is_some_and(|d| d.ends_with("probes.db"))
    );
    for probe in ["/livez", "/readyz", "/healthz"] {
        let (status, body) = crate::helpers::raw_get(&addr, probe).await;
        assert_eq!(status, 200, "{probe}: {body}");
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn an_unsupported_database_url_is_refused_naming_the_two_kinds() {
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env(
            "TAIZHANG_DATABASE_URL",
            "mysql://root:hunter2@127.0.0.1/ledger",
        )
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("不支持的数据库地址"), "{stderr}");
    assert!(
        stderr.contains("sqlite://") && stderr.contains("postgres://"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"), "{stderr}");
}
