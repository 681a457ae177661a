use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::helpers::raw_get as get;

/// Kills the server when the test ends, pass or fail.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `taizhang serve` on port 0 and returns it with the address it printed.
pub fn start(envs: &[(&str, String)], args: &[&str]) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("server starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a line");
    // Keep reading so the server never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let addr = line
        .trim()
        .split_once("http://")
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .1
        .to_string();
    (Server(child), addr)
}

#[tokio::test]
async fn serve_takes_address_and_database_from_the_environment() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("env").join("taizhang.db");
    let (_server, addr) = start(
        &[
            ("TAIZHANG_ADDR", "127.0.0.1:0".to_string()),
            (
                "TAIZHANG_DATABASE_URL",
                format!("sqlite://{}", db.display()),
            ),
        ],
        // No command at all: `serve` is the default (cargo-leptos runs the binary bare).
        &[],
    );
    let (status, body) = get(&addr, "/api/v1/plans").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("taibaihu-2024"));
    assert!(db.exists(), "the SQLite file is created where the URL says");
}

#[tokio::test]
async fn two_instances_run_side_by_side_with_their_own_databases() {
    let dir = tempfile::tempdir().expect("dir");
    let url = |name: &str| format!("sqlite://{}/{name}.db", dir.path().display());
    let (_a, addr_a) = start(
        &[],
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            &url("a"),
        ],
    );
    let (_b, addr_b) = start(
        &[],
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            &url("b"),
            "--no-default-plan",
        ],
    );
    assert_ne!(addr_a, addr_b);
    let (_, a) = get(&addr_a, "/api/v1/plans").await;
    let (_, b) = get(&addr_b, "/api/v1/plans").await;
    assert!(a.contains("taibaihu-2024"));
    assert!(
        !b.contains("taibaihu-2024"),
        "--no-default-plan leaves the database empty"
    );
    assert_eq!(get(&addr_b, "/healthz").await.0, 200);
}

#[test]
fn help_lists_the_commands_and_settings() {
    let out = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["serve", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "--addr",
        "TAIZHANG_ADDR",
        "--database-url",
        "TAIZHANG_DATABASE_URL",
        "127.0.0.1:3000",
    ] {
        assert!(help.contains(expected), "{expected} missing from:\n{help}");
    }
    let top = Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("--help")
        .output()
        .expect("runs");
    let top = String::from_utf8_lossy(&top.stdout);
    assert!(top.contains("serve") && top.contains("import"), "{top}");
}
