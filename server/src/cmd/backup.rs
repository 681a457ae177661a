//! `taizhang backup --to FILE`: a consistent copy of a live SQLite database, taken with
//! `VACUUM INTO` (one read transaction: writers keep going, the copy is one moment), then
//! opened and checked (integrity check, row counts) before it is reported as done.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};

use crate::config::cli::BackupArgs;
use crate::config::settings::redact;

/// Tables whose row counts the backup reports: the district's whole history.
pub const TABLES: [&str; 12] = [
    "plans",
    "items",
    "indicators",
    "units",
    "users",
    "reports",
    "report_ops",
    "progress_values",
    "difficulties",
    "notices",
    "visits",
    "audit_log",
];

async fn open(url: &str, create: bool) -> Result<SqlitePool, String> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| format!("数据库地址无效：{e}"))?
        .create_if_missing(create)
        .read_only(!create);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| format!("无法打开数据库 {}：{e}", redact(url)))
}

/// Row counts of the tables, in `TABLES` order.
pub async fn counts(pool: &SqlitePool) -> Result<Vec<(String, i64)>, String> {
    let mut out = Vec::new();
    for table in TABLES {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(pool)
                .await
                .map_err(|e| format!("无法统计 {table}：{e}"))?;
        out.push((table.to_string(), n));
    }
    Ok(out)
}

/// Copies the database at `url` to `to` and verifies the copy; returns its row counts.
pub async fn backup(url: &str, to: &Path) -> Result<Vec<(String, i64)>, String> {
    if !url.starts_with("sqlite:") {
        return Err("backup 只用于 SQLite；PostgreSQL 请用 pg_dump 备份".to_string());
    }
    if to.exists() {
        return Err(format!("{} 已存在；备份不会覆盖已有文件", to.display()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建目录 {}：{e}", dir.display()))?;
    }
    let source = open(url, false).await?;
    sqlx::query("VACUUM INTO ?")
        .bind(to.to_string_lossy().into_owned())
        .execute(&source)
        .await
        .map_err(|e| format!("备份失败：{e}"))?;
    source.close().await;
    let copy = open(&format!("sqlite://{}", to.display()), false).await?;
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(|e| format!("无法校验备份：{e}"))?;
    if check != "ok" {
        return Err(format!("备份文件校验未通过：{check}"));
    }
    let counts = counts(&copy).await?;
    copy.close().await;
    Ok(counts)
}

/// Where a backup's photos go: a directory beside the backup file.
pub fn photos_beside(to: &Path) -> std::path::PathBuf {
    let mut name = to.as_os_str().to_owned();
    name.push(".photos");
    name.into()
}

/// Copies the photos the backup copy records, each checked against its SHA-256.
pub async fn backup_photos(
    copy: &Path,
    photo_store: &str,
) -> Result<crate::cmd::photo_copy::Copied, String> {
    use crate::cmd::photo_copy::{copy_photos, recorded_parts};
    let db = open(&format!("sqlite://{}", copy.display()), false).await?;
    let parts = recorded_parts(&db).await?;
    db.close().await;
    let from = crate::store::Blobs::open(photo_store).map_err(|e| e.to_string())?;
    let to = crate::store::Blobs::open(&photos_beside(copy).display().to_string())
        .map_err(|e| e.to_string())?;
    copy_photos(&parts, &from, &to).await
}

pub async fn run(args: BackupArgs) -> Result<(), String> {
    let url = &args.database.database_url;
    let counts = backup(url, &args.to).await?;
    println!("已备份到 {}（完整性校验通过）", args.to.display());
    for (table, n) in counts {
        println!("  {table:<16} {n}");
    }
    let store = args
        .photo_store
        .clone()
        .unwrap_or_else(|| crate::config::cli::default_photo_store(url));
    let photos = backup_photos(&args.to, &store).await?;
    println!(
        "照片：{} 个文件，{:.1} MB，逐个校验 SHA-256 通过，备份在 {}",
        photos.files,
        photos.bytes as f64 / 1_048_576.0,
        photos_beside(&args.to).display()
    );
    Ok(())
}
