//! What a reviewer sees of a report's evidence: thumbnails once they arrived, and the
//! integrity flags (not yet arrived, reused in another report, a distant camera time); the
//! monthly report counts the evidence of accepted reports.

use app::domain::evidence::PhotoPart;
use http::Method;

use crate::evidence_support::*;
use crate::helpers::{Req, spawn_app};
use crate::sync_support::{field_worker, new_op, outcomes, push, report};

#[tokio::test]
async fn reviewers_see_thumbnails_and_each_photos_flags() {
    let app = spawn_app().await;
    let field = field_worker(&app, "feng").await;
    // A and B carry the same bytes (the camera's time is 2024-06-03); C's never arrive.
    let (a_photo, b_photo, c_photo) = (
        declared(PHOTO, THUMB),
        declared(PHOTO, THUMB),
        declared(&photo_of(50_000), THUMB),
    );
    let mut a = report(&field, 1.0, "2024-06-04");
    a.photos = vec![a_photo.clone()];
    let mut b = report(&field, 1.0, "2024-06-20");
    b.photos = vec![b_photo.clone()];
    let mut c = report(&field, 1.0, "2024-06-05");
    c.photos = vec![c_photo];
    let ops = [new_op(a.clone()), new_op(b.clone()), new_op(c.clone())];
    assert_eq!(
        outcomes(&push(&app, &field.cookie, &ops).await),
        ["applied"; 3]
    );
    for (r, photo, parts) in [
        (&a, &a_photo, &[PhotoPart::Photo, PhotoPart::Thumb][..]),
        (&b, &b_photo, &[PhotoPart::Photo][..]),
    ] {
        for part in parts {
            let at = create(&app, &field.cookie, r.id, photo, *part).await;
            let at = at.location().expect("Location").to_string();
            let bytes = if *part == PhotoPart::Photo {
                PHOTO
            } else {
                THUMB
            };
            send_all(&app, &field.cookie, &at, bytes, 8_192).await;
        }
    }

    let reply = app
        .send(
            Req::new(Method::POST, "/fn/item_reports")
                .cookie(&field.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("plan=taibaihu-2024&number=1".into()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let rows = reply.json();
    let row = |id: uuid::Uuid| {
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id.to_string())
            .expect("the report is listed")["photos"][0]
            .clone()
    };
    let (ra, rb, rc) = (row(a.id), row(b.id), row(c.id));
    assert_eq!(ra["thumb_arrived"], true);
    assert_eq!(
        ra["flags"],
        serde_json::json!(["此照片已用于第 1 项 2024-06-20 的填报"])
    );
    assert_eq!(rb["thumb_arrived"], false);
    assert_eq!(
        rb["flags"],
        serde_json::json!([
            "此照片已用于第 1 项 2024-06-04 的填报",
            "拍摄时间 2024-06-03 与填报日期相差 3 天以上"
        ])
    );
    assert_eq!(rc["flags"], serde_json::json!(["照片尚未传完"]));

    // The monthly report counts the photos of the month's accepted reports: A's only.
    let actor = app::domain::audit::Actor::user(field.user_id, "feng");
    app.store
        .review_many(
            &[a.id, c.id],
            app::sync::ReviewStatus::Accepted,
            None,
            &actor,
        )
        .await
        .expect("accept");
    let monthly = app
        .send(
            Req::new(Method::POST, "/fn/monthly")
                .cookie(&field.cookie)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("plan=taibaihu-2024&month=2024-06".into()),
        )
        .await;
    assert_eq!(monthly.status, 200, "{}", monthly.body);
    let item1 = monthly.json()["report"]["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .flat_map(|c| c["items"].as_array().cloned().unwrap_or_default())
        .find(|i| i["number"] == 1)
        .expect("item 1");
    assert_eq!(
        item1["evidence"], 1,
        "A's photo; B is not accepted, C's never arrived"
    );

    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/1").cookie(&field.cookie))
        .await;
    assert_eq!(page.status, 200);
    let page = page.body;
    let thumb = format!("/api/v1/photos/{}/thumb", a_photo.id);
    assert!(page.contains(&thumb), "the item page shows A's thumbnail");
    assert!(
        page.contains("照片传输中"),
        "B's thumbnail is not there yet"
    );
}
