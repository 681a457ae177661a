//! Public photos: the lead unit makes an accepted report's photo public as 施工前 / 施工中 /
//! 完工; anyone then sees it on the item page, served without its EXIF; never a photo of an
//! item about people, never before acceptance, never by another unit.

use std::io::Cursor;

use app::domain::account::Role;
use app::domain::audit::Actor;
use app::domain::evidence::{PhotoMeta, PhotoPart};
use app::domain::report::Report;
use app::sync::ReviewStatus;
use http::Method;
use uuid::Uuid;

use crate::evidence_support::*;
use crate::helpers::{Reply, Req, TestApp, spawn_app};
use crate::sync_support::{Field, field_worker, new_op, outcomes, push, report};

async fn form(app: &TestApp, cookie: &str, path: &str, body: &str) -> Reply {
    app.send(
        Req::new(Method::POST, path)
            .cookie(cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string()),
    )
    .await
}

async fn public(app: &TestApp, photo: Uuid, part: &str) -> Reply {
    app.send(Req::new(
        Method::GET,
        &format!("/public/photos/{photo}/{part}"),
    ))
    .await
}

/// A report on `item` with one photo, pushed and its two parts uploaded whole.
async fn with_photo(app: &TestApp, field: &Field, mut r: Report) -> PhotoMeta {
    let photo = declared(PHOTO, THUMB);
    r.photos = vec![photo.clone()];
    assert_eq!(
        outcomes(&push(app, &field.cookie, &[new_op(r.clone())]).await),
        ["applied"]
    );
    for (part, bytes) in [(PhotoPart::Photo, PHOTO), (PhotoPart::Thumb, THUMB)] {
        let at = create(app, &field.cookie, r.id, &photo, part).await;
        let at = at.location().expect("Location").to_string();
        send_all(app, &field.cookie, &at, bytes, 16_384).await;
    }
    photo
}

fn water_repair(field: &Field) -> Report {
    let mut r = report(field, 1.0, "2024-06-04");
    r.item = 18;
    // The repairs' milestone is the lead unit's to mark done (`reported_by = "lead"`); the
    // town records what it saw, with photos.
    r.values = Vec::new();
    r.narrative = "更换水表井盖板".into();
    r
}

async fn accept(app: &TestApp, report: Uuid) {
    app.store
        .review_many(
            &[report],
            ReviewStatus::Accepted,
            None,
            &Actor::command_line(),
        )
        .await
        .expect("accept");
}

#[tokio::test]
async fn the_lead_unit_makes_an_accepted_photo_public_and_anyone_sees_it_without_exif() {
    let app = spawn_app().await;
    // 石桥镇 assists item 18 (石桥镇农村供水维修); 区城乡水务服务部 leads it.
    let field = field_worker(&app, "feng").await;
    app.add_user("shuiwu", "区城乡水务服务部", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shuiwu").await;
    let r = water_repair(&field);
    let photo = with_photo(&app, &field, r.clone()).await;
    let stage = format!("/plans/taibaihu-2024/items/18/photos/{}/stage", photo.id);

    // Not accepted yet: refused, with the reason, and nothing public.
    let early = form(&app, &manager, &stage, "stage=after").await;
    assert!(early.body.contains("审核通过后"), "{}", early.status);
    assert_eq!(public(&app, photo.id, "photo").await.status, 404);

    accept(&app, r.id).await;
    // The co-unit's reporter is not the lead unit.
    let other = form(&app, &field.cookie, &stage, "stage=after").await;
    assert!(other.body.contains("只有牵头单位"), "{}", other.status);
    // A stage that does not exist.
    let bad = form(&app, &manager, &stage, "stage=public").await;
    assert!(bad.body.contains("请选择施工前、施工中或完工"));
    assert_eq!(public(&app, photo.id, "photo").await.status, 404);

    let done = form(&app, &manager, &stage, "stage=after").await;
    assert_eq!(done.status, 303, "{}", done.body);

    // Anyone, signed in or not, sees it on the item page as 完工.
    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/18"))
        .await
        .body;
    assert!(page.contains(&format!("/public/photos/{}/thumb", photo.id)));
    assert!(page.contains("现场照片") && page.contains("完工"));
    // The copy is the same picture without its metadata.
    let copy = public(&app, photo.id, "photo").await;
    assert_eq!(copy.status, 200);
    assert_eq!(copy.headers["content-type"], "image/jpeg");
    assert!(
        exif::Reader::new()
            .read_from_container(&mut Cursor::new(PHOTO))
            .is_ok(),
        "the original has EXIF"
    );
    assert!(
        exif::Reader::new()
            .read_from_container(&mut Cursor::new(&copy.bytes))
            .is_err(),
        "the public copy has none"
    );
    let scan = |b: &[u8]| {
        b.windows(2)
            .position(|w| w == [0xFF, 0xDA])
            .map(|at| b[at..].to_vec())
    };
    assert_eq!(
        scan(&copy.bytes),
        scan(PHOTO),
        "the picture itself unchanged"
    );
    assert!(copy.bytes.len() < PHOTO.len());
    assert_eq!(public(&app, photo.id, "thumb").await.status, 200);

    // Taken back: gone from the page and from the public address.
    let back = form(&app, &manager, &stage, "stage=").await;
    assert_eq!(back.status, 303);
    assert_eq!(public(&app, photo.id, "photo").await.status, 404);
    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/18"))
        .await
        .body;
    assert!(!page.contains(&format!("/public/photos/{}", photo.id)));

    // Every change is on the audit trail.
    let trail = app
        .store
        .audit(&app::domain::audit::AuditFilter::default())
        .await
        .expect("audit");
    let stages: Vec<_> = trail.iter().filter(|e| e.action == "photo.stage").collect();
    assert_eq!(stages.len(), 2, "made public, then taken back");
}

#[tokio::test]
async fn photos_of_an_item_about_people_are_never_public() {
    let app = spawn_app().await;
    // Item 1: households of disabled elderly people.
    let field = field_worker(&app, "feng").await;
    let manager_id = app
        .add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shehui").await;
    let r = report(&field, 1.0, "2024-06-04");
    let photo = with_photo(&app, &field, r.clone()).await;
    accept(&app, r.id).await;
    let stage = format!("/plans/taibaihu-2024/items/1/photos/{}/stage", photo.id);
    let refused = form(&app, &manager, &stage, "stage=after").await;
    assert!(refused.body.contains("一律不公开"), "{}", refused.status);
    assert_eq!(public(&app, photo.id, "photo").await.status, 404);
    assert_eq!(public(&app, photo.id, "thumb").await.status, 404);

    // Even a marking made some other way (an earlier version, a plan marked later) is
    // never served: the public side checks again.
    app.store
        .set_stage(
            photo.id,
            r.id,
            Some(app::domain::evidence::public::PublicStage::After),
            &Actor::user(manager_id, "shehui"),
        )
        .await
        .expect("stored as asked: the store does not decide");
    assert_eq!(public(&app, photo.id, "photo").await.status, 404);
    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1"))
        .await
        .body;
    assert!(!page.contains("/public/photos/"));
    assert!(!app.store.is_public(photo.id).await.expect("read"),);
}

#[tokio::test]
async fn an_unknown_photo_or_part_is_not_found_for_the_public() {
    let app = spawn_app().await;
    assert_eq!(public(&app, Uuid::now_v7(), "photo").await.status, 404);
    assert_eq!(public(&app, Uuid::now_v7(), "original").await.status, 404);
}

#[tokio::test]
async fn a_difficulty_raised_from_a_report_shows_the_reports_photos() {
    let app = spawn_app().await;
    let field = field_worker(&app, "feng").await;
    app.add_user("shuiwu", "区城乡水务服务部", Some(Role::UnitManager))
        .await;
    let manager = app.sign_in("shuiwu").await;
    let mut r = water_repair(&field);
    r.difficulties = "管道老化严重，需追加资金".into();
    let photo = with_photo(&app, &field, r.clone()).await;
    let raised = form(
        &app,
        &manager,
        "/plans/taibaihu-2024/items/18/difficulties",
        &format!("from_report={}", r.id),
    )
    .await;
    assert_eq!(raised.status, 303, "{}", raised.body);
    let at = raised.location().expect("to the difficulty").to_string();
    let page = app.send(Req::new(Method::GET, &at).cookie(&manager)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("管道老化严重"));
    assert!(
        page.body
            .contains(&format!("/api/v1/photos/{}/thumb", photo.id)),
        "the supervisor sees the evidence beside the difficulty"
    );
}
