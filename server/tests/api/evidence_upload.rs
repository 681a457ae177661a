//! Evidence photos over tus: stored once with the phone's hash, resumed from the server's
//! offset, and every bad upload refused with nothing half-stored (issue 13).

use app::domain::account::Role;
use app::domain::evidence::{MAX_PHOTOS_PER_REPORT, PhotoPart};
use app::sync::upload::CHUNK_BYTES;
use http::Method;
use uuid::Uuid;

use crate::evidence_support::*;
use crate::helpers::{Req, spawn_app};
use crate::sync_support::{field_worker, new_op, outcomes, push, report};

#[tokio::test]
async fn a_photo_sent_in_chunks_is_stored_once_with_the_phones_hash() {
    let app = spawn_app().await;
    let field = field_worker(&app, "zhao").await;
    let bytes = photo_of(600_000);
    let mut r = report(&field, 2.0, "2024-06-04");
    let photo = declared(&bytes, THUMB);
    r.photos = vec![photo.clone()];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(r.clone())]).await),
        ["applied"]
    );

    let created = create(&app, &field.cookie, r.id, &photo, PhotoPart::Photo).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(offset_of(&created), Some(0));
    let at = created.location().expect("a Location").to_string();

    let chunk = CHUNK_BYTES as usize;
    let first = patch(&app, &field.cookie, &at, 0, &bytes[..chunk]).await;
    assert_eq!(
        (first.status.as_u16(), offset_of(&first)),
        (204, Some(CHUNK_BYTES))
    );
    // The same chunk again (its answer was lost): refused, and told where to go on.
    let again = patch(&app, &field.cookie, &at, 0, &bytes[..chunk]).await;
    assert_eq!(
        (again.status.as_u16(), offset_of(&again)),
        (409, Some(CHUNK_BYTES))
    );
    assert_eq!(again.json()["error"]["code"], "upload_offset");
    assert_eq!(
        offset_of(&head(&app, &field.cookie, &at).await),
        Some(CHUNK_BYTES)
    );
    assert_eq!(
        send_all(&app, &field.cookie, &at, &bytes, chunk).await,
        bytes.len() as u64
    );

    // Asking to start again answers the same upload, finished: nothing is stored twice.
    let retried = create(&app, &field.cookie, r.id, &photo, PhotoPart::Photo).await;
    assert_eq!(retried.location(), Some(at.as_str()));
    assert_eq!(offset_of(&retried), Some(bytes.len() as u64));
    assert_eq!(app.raw_count("SELECT COUNT(*) FROM photos").await, 1);

    let stored = app
        .store
        .stored_part(photo.id, PhotoPart::Photo)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(
        stored.sha256, photo.sha256,
        "the server's hash is the phone's"
    );
    assert_eq!((stored.width, stored.height), (Some(320), Some(240)));
    assert_eq!(
        stored.exif_taken_at.map(|t| t.to_string()),
        Some("2024-06-03 10:15:00".to_string()),
        "the camera's time is read from the bytes"
    );
    let served = app
        .send(
            Req::new(Method::GET, &format!("/api/v1/photos/{}/photo", photo.id))
                .cookie(&field.cookie),
        )
        .await;
    assert_eq!(served.status, 200);
    assert_eq!(sha_hex(&served.bytes), photo.sha256);
    assert_eq!(
        app.blobs.usage("uploads").await.expect("list"),
        (0, 0),
        "chunks are gone"
    );
    assert_eq!(
        app.blobs.usage("photos").await.expect("list"),
        (1, bytes.len() as u64)
    );
    // Photos are for signed-in users.
    let anonymous = app
        .send(Req::new(
            Method::GET,
            &format!("/api/v1/photos/{}/photo", photo.id),
        ))
        .await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn uploads_for_no_report_or_another_units_report_are_refused() {
    let app = spawn_app().await;
    let field = field_worker(&app, "qian").await;
    app.add_user("sun", "区社会事业发展局", Some(Role::Reporter))
        .await;
    let other = app.sign_in("sun").await;
    let mut r = report(&field, 1.0, "2024-06-04");
    let photo = declared(PHOTO, THUMB);
    r.photos = vec![photo.clone()];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(r.clone())]).await),
        ["applied"]
    );

    let unsynced = create(
        &app,
        &field.cookie,
        Uuid::now_v7(),
        &photo,
        PhotoPart::Photo,
    )
    .await;
    assert_eq!(unsynced.status, 404, "{}", unsynced.body);
    assert!(
        unsynced.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("请先同步")
    );
    let undeclared = create(
        &app,
        &field.cookie,
        r.id,
        &declared(THUMB, THUMB),
        PhotoPart::Photo,
    )
    .await;
    assert_eq!(undeclared.status, 404);
    let theirs = create(&app, &other, r.id, &photo, PhotoPart::Photo).await;
    assert_eq!(theirs.status, 403);
    assert!(
        theirs.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("其他单位")
    );
    let mut resized = photo.clone();
    resized.bytes += 1;
    let wrong_size = create(&app, &field.cookie, r.id, &resized, PhotoPart::Photo).await;
    assert_eq!(wrong_size.status, 422);

    // An upload the other unit did not start is not theirs to continue either.
    let mine = create(&app, &field.cookie, r.id, &photo, PhotoPart::Photo).await;
    let at = mine.location().expect("Location").to_string();
    assert_eq!(patch(&app, &other, &at, 0, PHOTO).await.status, 403);
    assert_eq!(head(&app, &other, &at).await.status, 403);
    assert_eq!(app.raw_count("SELECT COUNT(*) FROM photos").await, 0);
    assert_eq!(app.raw_count("SELECT COUNT(*) FROM uploads").await, 1);
}

#[tokio::test]
async fn bad_bytes_are_refused_and_nothing_is_half_stored() {
    let app = spawn_app().await;
    let field = field_worker(&app, "li").await;
    let text = b"this is not a photo at all".repeat(100);
    let lying = {
        // Declares the hash of other bytes than it sends.
        let mut p = declared(PHOTO, THUMB);
        p.sha256 = sha_hex(b"something else");
        p
    };
    let not_jpeg = declared(&text, THUMB);
    let good = declared(PHOTO, THUMB);
    let mut r = report(&field, 1.0, "2024-06-04");
    r.photos = vec![lying.clone(), not_jpeg.clone(), good.clone()];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(r.clone())]).await),
        ["applied"]
    );
    let start = |p| {
        let app = &app;
        let cookie = field.cookie.clone();
        let id = r.id;
        async move {
            create(app, &cookie, id, &p, PhotoPart::Photo)
                .await
                .location()
                .expect("Location")
                .to_string()
        }
    };

    let at = start(not_jpeg.clone()).await;
    let refused = patch(&app, &field.cookie, &at, 0, &text).await;
    assert_eq!(refused.status, 415, "{}", refused.body);
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("JPEG")
    );
    assert_eq!(offset_of(&head(&app, &field.cookie, &at).await), Some(0));

    let at = start(lying.clone()).await;
    let half = PHOTO.len() / 2;
    assert_eq!(
        patch(&app, &field.cookie, &at, 0, &PHOTO[..half])
            .await
            .status,
        204
    );
    let last = patch(&app, &field.cookie, &at, half as u64, &PHOTO[half..]).await;
    assert_eq!(last.status.as_u16(), 460, "{}", last.body);
    assert!(
        last.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("校验码不符")
    );
    assert_eq!(
        offset_of(&head(&app, &field.cookie, &at).await),
        Some(0),
        "starts again"
    );

    let at = start(good.clone()).await;
    let corrupted = app
        .send(
            Req::new(Method::PATCH, &at)
                .cookie(&field.cookie)
                .header("tus-resumable", "1.0.0")
                .header("content-type", "application/offset+octet-stream")
                .header("upload-offset", "0")
                .header(
                    "upload-checksum",
                    &format!("sha1 {}", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                )
                .body_bytes(PHOTO.to_vec()),
        )
        .await;
    assert_eq!(corrupted.status.as_u16(), 460, "{}", corrupted.body);
    let too_long = [PHOTO, b"extra"].concat();
    let overflow = patch(&app, &field.cookie, &at, 0, &too_long).await;
    assert_eq!(overflow.status, 422, "{}", overflow.body);
    let huge = patch(&app, &field.cookie, &at, 0, &vec![0xFF; 2 * 1024 * 1024]).await;
    assert_eq!(huge.status, 413);
    let no_tus = app
        .send(
            Req::new(Method::PATCH, &at)
                .cookie(&field.cookie)
                .header("content-type", "application/offset+octet-stream")
                .header("upload-offset", "0")
                .body_bytes(PHOTO.to_vec()),
        )
        .await;
    assert_eq!(no_tus.status, 412);
    assert_eq!(offset_of(&head(&app, &field.cookie, &at).await), Some(0));

    assert_eq!(
        app.raw_count("SELECT COUNT(*) FROM photos").await,
        0,
        "nothing stored"
    );
    assert_eq!(app.blobs.usage("photos").await.expect("list"), (0, 0));
    // The good photo still goes through afterwards.
    assert_eq!(
        send_all(&app, &field.cookie, &at, PHOTO, 10_000).await,
        PHOTO.len() as u64
    );
    assert_eq!(app.raw_count("SELECT COUNT(*) FROM photos").await, 1);
}

#[tokio::test]
async fn a_report_with_too_many_photos_is_rejected_whole() {
    let app = spawn_app().await;
    let field = field_worker(&app, "zhou").await;
    let mut r = report(&field, 1.0, "2024-06-04");
    r.photos = (0..=MAX_PHOTOS_PER_REPORT)
        .map(|_| declared(PHOTO, THUMB))
        .collect();
    let reply = push(&app, &field.cookie, &[new_op(r)]).await;
    assert_eq!(outcomes(&reply), ["rejected"]);
    assert!(reply.body.contains("最多附 9 张"), "{}", reply.body);
    assert_eq!(app.raw_count("SELECT COUNT(*) FROM reports").await, 0);
}

#[tokio::test]
async fn abandoned_uploads_expire_and_stored_photos_never_do() {
    let app = spawn_app().await;
    let field = field_worker(&app, "wu").await;
    let bytes = photo_of(300_000);
    let (done, left) = (declared(&bytes, THUMB), declared(PHOTO, THUMB));
    let mut r = report(&field, 1.0, "2024-06-04");
    r.photos = vec![done.clone(), left.clone()];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &[new_op(r.clone())]).await),
        ["applied"]
    );
    let at_done = create(&app, &field.cookie, r.id, &done, PhotoPart::Photo).await;
    let at_done = at_done.location().expect("Location").to_string();
    send_all(&app, &field.cookie, &at_done, &bytes, CHUNK_BYTES as usize).await;
    let at_left = create(&app, &field.cookie, r.id, &left, PhotoPart::Photo).await;
    let at_left = at_left.location().expect("Location").to_string();
    assert_eq!(
        patch(&app, &field.cookie, &at_left, 0, &PHOTO[..1000])
            .await
            .status,
        204
    );

    let now = chrono::Utc::now();
    let soon = server::service::evidence::expire_abandoned(app.store.as_ref(), &app.blobs, now)
        .await
        .expect("sweep");
    assert_eq!(soon, 0, "a fresh upload is kept");
    let later = now + chrono::Duration::hours(app::sync::upload::ABANDONED_AFTER_HOURS + 1);
    let swept = server::service::evidence::expire_abandoned(app.store.as_ref(), &app.blobs, later)
        .await
        .expect("sweep");
    assert_eq!(swept, 1);
    assert_eq!(head(&app, &field.cookie, &at_left).await.status, 404);
    assert_eq!(app.blobs.usage("uploads").await.expect("list"), (0, 0));
    assert_eq!(
        offset_of(&head(&app, &field.cookie, &at_done).await),
        Some(bytes.len() as u64)
    );
    let served = app
        .send(
            Req::new(Method::GET, &format!("/api/v1/photos/{}/photo", done.id))
                .cookie(&field.cookie),
        )
        .await;
    assert_eq!(sha_hex(&served.bytes), done.sha256);
}
