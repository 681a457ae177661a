//! Photos in operations: `taizhang backup` copies them beside the backup, each checked by
//! its SHA-256, and refuses a damaged one; `taizhang migrate-data` moves them to the new
//! photo store with the rows, refusing to start without one; `taizhang photos` reports the
//! space they take.

use app::domain::audit::Actor;
use app::domain::evidence::PhotoPart;
use app::store::{StoredPart, Upload};
use uuid::Uuid;

use crate::evidence_support::{PHOTO, THUMB, declared, sha_hex};
use crate::pg_support::fresh_schema;
use server::store::Blobs;
use server::store::blobs::photo_path;

fn taizhang(args: &[&str]) -> std::process::Output {
    crate::cli_ops::taizhang(args, &[])
}

/// A SQLite district with one report carrying one stored photo (in `photos`, the default
/// store beside the file); returns the photo's id.
async fn district_with_a_photo(dir: &std::path::Path) -> (String, Uuid) {
    let url = format!("sqlite://{}", dir.join("district.db").display());
    let store = server::store::open(&url).await.expect("db");
    server::cmd::serve::load_default_plan(store.as_ref())
        .await
        .expect("plan");
    let author = crate::helpers::create_user(store.as_ref(), "shiqiao", "石桥镇政府", None).await;
    let plan = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let mut reports =
        server::cmd::demo_data::demo_reports(&plan, author, plan.summary.ends_on, 1, 1);
    reports.truncate(1);
    let photo = declared(PHOTO, THUMB);
    reports[0].photos = vec![photo.clone()];
    let actor = Actor::user(author, "shiqiao");
    server::cmd::demo_data::push(store.as_ref(), &reports, &actor, chrono::Utc::now())
        .await
        .expect("push");
    let upload = Upload {
        id: Uuid::now_v7(),
        photo_id: photo.id,
        part: PhotoPart::Photo,
        report_id: reports[0].id,
        unit_id: reports[0].unit_id,
        length: PHOTO.len() as u64,
        received: 0,
        sha256: photo.sha256.clone(),
        updated_at: chrono::Utc::now(),
    };
    store.start_upload(&upload).await.expect("upload");
    store
        .finish_upload(
            upload.id,
            &StoredPart {
                photo_id: photo.id,
                part: PhotoPart::Photo,
                report_id: upload.report_id,
                unit_id: upload.unit_id,
                sha256: photo.sha256.clone(),
                bytes: PHOTO.len() as u64,
                width: Some(320),
                height: Some(240),
                exif_taken_at: None,
                received_at: chrono::Utc::now(),
            },
        )
        .await
        .expect("stored");
    let blobs = Blobs::open(&dir.join("photos").display().to_string()).expect("photos");
    blobs
        .put(
            &photo_path(photo.id, PhotoPart::Photo),
            PHOTO.to_vec().into(),
        )
        .await
        .expect("bytes");
    // And a 一线督导 visit with one photo.
    let visit_photo = app::store::VisitPhoto {
        id: Uuid::now_v7(),
        sha256: sha_hex(PHOTO),
        bytes: PHOTO.len() as u64,
    };
    store
        .record_visit(
            &app::store::NewVisit {
                plan: "taibaihu-2024".into(),
                item: 3,
                visited_on: plan.summary.starts_on,
                place: "石桥镇敬老院".into(),
                findings: "与台账一致".into(),
                photos: vec![visit_photo.clone()],
            },
            &actor,
        )
        .await
        .expect("visit");
    blobs
        .put(
            &server::store::blobs::visit_photo_path(visit_photo.id),
            PHOTO.to_vec().into(),
        )
        .await
        .expect("bytes");
    (url, photo.id)
}

#[tokio::test]
async fn a_backup_holds_every_photo_checked_and_refuses_a_damaged_one() {
    let dir = tempfile::tempdir().expect("dir");
    let (url, photo) = district_with_a_photo(dir.path()).await;
    let to = dir.path().join("backups").join("2024-12-31.db");
    let out = taizhang(&[
        "backup",
        "--to",
        &to.display().to_string(),
        "--database-url",
        &url,
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("照片：2 个文件"), "{text}");
    let visits = dir
        .path()
        .join("backups")
        .join("2024-12-31.db.photos/visits");
    let visit_copies: Vec<_> = std::fs::read_dir(&visits)
        .expect("the visit photos are in the backup")
        .map(|e| std::fs::read(e.expect("entry").path()).expect("read"))
        .collect();
    assert_eq!(visit_copies.len(), 1);
    assert_eq!(sha_hex(&visit_copies[0]), sha_hex(PHOTO));
    let copied = std::fs::read(
        dir.path()
            .join("backups")
            .join("2024-12-31.db.photos/photos")
            .join(photo.to_string())
            .join("photo.jpg"),
    )
    .expect("the photo is in the backup");
    assert_eq!(sha_hex(&copied), sha_hex(PHOTO));

    // The stored file is damaged on disk: the next backup says which, and fails.
    let stored = dir
        .path()
        .join("photos/photos")
        .join(photo.to_string())
        .join("photo.jpg");
    let mut bytes = std::fs::read(&stored).expect("read");
    bytes[100] ^= 0xFF;
    std::fs::write(&stored, bytes).expect("damage");
    let again = dir.path().join("backups").join("2025-01-01.db");
    let out = taizhang(&[
        "backup",
        "--to",
        &again.display().to_string(),
        "--database-url",
        &url,
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("校验码不符") && err.contains(&photo.to_string()),
        "{err}"
    );
}

#[tokio::test]
async fn photos_move_with_the_data_and_a_move_without_a_photo_store_is_refused() {
    let Some(schema) = fresh_schema("pg_migrate_photos").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let (from, photo) = district_with_a_photo(dir.path()).await;
    let to = schema.url();
    let refused = taizhang(&["migrate-data", "--from", &from, "--to", &to]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--to-photos"));
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&schema.pool)
        .await
        .unwrap_or(0);
    assert_eq!(users, 0, "nothing moved");

    let target = dir.path().join("s3-like");
    let target_arg = target.display().to_string();
    let moved = taizhang(&[
        "migrate-data",
        "--from",
        &from,
        "--to",
        &to,
        "--to-photos",
        &target_arg,
    ]);
    let text = String::from_utf8_lossy(&moved.stdout);
    assert!(
        moved.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    assert!(
        text.contains("复制 2 个文件"),
        "{text} (the report's photo and the visit's)"
    );
    assert_eq!(
        std::fs::read_dir(target.join("visits"))
            .expect("visit photos moved")
            .count(),
        1
    );
    let there = std::fs::read(
        target
            .join("photos")
            .join(photo.to_string())
            .join("photo.jpg"),
    )
    .expect("copied");
    assert_eq!(sha_hex(&there), sha_hex(PHOTO));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM photos")
        .fetch_one(&schema.pool)
        .await
        .expect("count");
    assert_eq!(rows, 1);
    let again = taizhang(&[
        "migrate-data",
        "--from",
        &from,
        "--to",
        &to,
        "--to-photos",
        &target_arg,
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("2 个已在目标中"));
    schema.drop().await;
}

#[tokio::test]
async fn the_photos_report_shows_what_evidence_takes() {
    let dir = tempfile::tempdir().expect("dir");
    let (url, _) = district_with_a_photo(dir.path()).await;
    let out = taizhang(&["photos", "--database-url", &url]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("1 张"), "{text}");
    assert!(text.contains("存储中的文件 1 个"), "{text}");
    assert!(!text.contains("注意"), "records and files agree: {text}");
    assert!(text.contains("一线督导照片 1 张"), "{text}");
    // A file the records do not know of is pointed out.
    let stray = dir.path().join("photos/photos/stray/photo.jpg");
    std::fs::create_dir_all(stray.parent().expect("dir")).expect("dir");
    std::fs::write(&stray, PHOTO).expect("stray");
    let out = taizhang(&["photos", "--database-url", &url]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("注意"));
}
