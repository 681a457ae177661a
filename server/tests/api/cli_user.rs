//! `taizhang user add`: the first supervisor from the command line.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::spawn_app;

fn taizhang() -> Command {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
}

#[tokio::test]
async fn user_add_creates_a_supervisor_with_a_generated_password() {
    let app = spawn_app().await;
    let out = taizhang()
        .args([
            "user",
            "add",
            "--username",
            "ducha",
            "--name",
            "王督查",
            "--unit",
            "区党政办公室督查室",
            "--role",
            "supervisor",
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("初始密码："))
        .expect("password printed")
        .trim()
        .to_string();
    assert_eq!(password.len(), 16);
    let user = app
        .store
        .list_users()
        .await
        .expect("users")
        .pop()
        .expect("one user");
    assert_eq!(user.roles[0].role, app::domain::account::Role::Supervisor);
    let reply = app
        .send(
            crate::helpers::Req::new(http::Method::POST, "/api/v1/session")
                .json(serde_json::json!({ "username": "ducha", "password": password })),
        )
        .await;
    assert_eq!(reply.status, http::StatusCode::OK);
}

#[tokio::test]
async fn user_add_reads_a_password_from_stdin_and_refuses_bad_input() {
    let app = spawn_app().await;
    let mut child = taizhang()
        .args([
            "user",
            "add",
            "--username",
            "shiqiao",
            "--name",
            "赵干事",
            "--unit",
            "石桥镇人民政府",
            "--role",
            "reporter",
            "--password-stdin",
            "--database-url",
            &app.database_url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("a chosen passphrase\n".as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("waits");
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("初始密码"));
    assert!(
        app.store
            .credentials("shiqiao")
            .await
            .expect("read")
            .is_some(),
        "alias resolved"
    );

    let bad = taizhang()
        .args([
            "user",
            "add",
            "--username",
            "x y",
            "--name",
            "n",
            "--unit",
            "区教育局",
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("用户名须为"));
    let unknown = taizhang()
        .args([
            "user",
            "add",
            "--username",
            "abc",
            "--name",
            "n",
            "--unit",
            "区不存在局",
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("没有名为“区不存在局”的单位"));
}
