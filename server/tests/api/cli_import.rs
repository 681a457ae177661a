use std::process::Command;

use crate::helpers::{OTHER_PLAN, spawn_app};

fn taizhang() -> Command {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
}

#[tokio::test]
async fn import_stores_a_valid_plan_and_says_so() {
    let app = spawn_app().await;
    let file = app.dir.path().join("shili.toml");
    std::fs::write(&file, OTHER_PLAN).expect("write");
    let out = taizhang()
        .args([
            "import",
            file.to_str().expect("path"),
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("已导入") && stdout.contains("shili-2025"),
        "{stdout}"
    );
    assert_eq!(app.store.list_plans().await.expect("list").len(), 2);

    // Importing again is harmless.
    let again = taizhang()
        .args([
            "import",
            file.to_str().expect("path"),
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("未作改动"));
}

#[tokio::test]
async fn a_bad_file_is_reported_entry_by_entry_and_changes_nothing() {
    let app = spawn_app().await;
    let bad = OTHER_PLAN
        .replace(
            "lead_units = [\"区教育局\"]",
            "lead_units = [\"区不存在局\"]",
        )
        .replace("target = 100", "target = -5");
    let file = app.dir.path().join("bad.toml");
    std::fs::write(&file, &bad).expect("write");
    let out = taizhang()
        .args(["import", file.to_str().expect("path")])
        .env("TAIZHANG_DATABASE_URL", &app.database_url)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("区不存在局"), "{stderr}");
    assert!(stderr.contains("目标值 -5 必须是正数"), "{stderr}");
    assert!(stderr.contains("2 处错误，未导入任何内容"), "{stderr}");
    assert!(
        stderr.contains("bad.toml: 第 "),
        "errors carry file and line: {stderr}"
    );
    assert_eq!(app.store.list_plans().await.expect("list").len(), 1);
}

#[tokio::test]
async fn check_only_validates_without_touching_the_database() {
    let app = spawn_app().await;
    let file = app.dir.path().join("shili.toml");
    std::fs::write(&file, OTHER_PLAN).expect("write");
    let out = taizhang()
        .args([
            "import",
            "--check",
            file.to_str().expect("path"),
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("校验通过"));
    assert_eq!(app.store.list_plans().await.expect("list").len(), 1);
}

#[tokio::test]
async fn a_changed_target_imported_again_is_refused_pointing_to_the_decision_procedure() {
    let app = spawn_app().await;
    let file = app.dir.path().join("changed.toml");
    let plan = include_str!("../../../app/plans/taibaihu-2024.toml");
    // Item 3's 5 facilities become 4: a changed promise, the same plan code.
    let changed = plan.replacen("unit = \"处\"\ntarget = 5", "unit = \"处\"\ntarget = 4", 1);
    assert_ne!(changed, plan, "the fixture changes a target");
    std::fs::write(&file, changed).expect("write");
    let out = taizhang()
        .args([
            "import",
            file.to_str().expect("path"),
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("调整目标须经决定") && said.contains("依决定调整目标"),
        "{said}"
    );
    let kept = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    assert_eq!(
        kept.item(3).expect("item 3").indicators[0].target,
        Some(5.0)
    );
}
