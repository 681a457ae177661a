//! 民生码 (issue 14): every item has a printable poster whose QR code leads, through a link
//! that counts the scan, to the item's public page. Only counts are kept.

use http::Method;

use crate::helpers::{PLAN, Req, spawn_app};
use crate::sync_support::field_worker;

#[tokio::test]
async fn a_poster_leads_to_the_item_and_its_scans_are_counted_without_personal_data() {
    let app = spawn_app().await;
    let poster = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}/items/3/poster"),
        ))
        .await;
    assert_eq!(poster.status, 200);
    for printed in [
        "增加社区养老服务设施",
        "区社会事业发展局",
        "监督电话",
        "12345",
        // The link the QR code carries, on this server's own address.
        "http://127.0.0.1:3000/q/taibaihu-2024/3",
        "<svg",
        "viewBox=\"0 0 ",
    ] {
        assert!(poster.body.contains(printed), "the poster prints {printed}");
    }
    assert!(
        !poster.body.contains("已被扫描"),
        "scan counts are for staff"
    );

    // Scanning counts and sends the visitor to the item's public page.
    for _ in 0..2 {
        let scan = app
            .send(Req::new(Method::GET, &format!("/q/{PLAN}/3")))
            .await;
        assert_eq!(scan.status, 303);
        assert_eq!(
            scan.location(),
            Some("/plans/taibaihu-2024/items/3?from=qr")
        );
    }
    let landed = app
        .send(Req::new(
            Method::GET,
            "/plans/taibaihu-2024/items/3?from=qr",
        ))
        .await;
    assert!(landed.body.contains("感谢扫码关注"));
    // An item the plan does not have is not counted, and the visitor still gets an answer.
    let unknown = app
        .send(Req::new(Method::GET, &format!("/q/{PLAN}/99")))
        .await;
    assert_eq!(unknown.status, 303);
    let other_plan = app.send(Req::new(Method::GET, "/q/no-such-plan/3")).await;
    assert_eq!(other_plan.status, 303);
    assert_eq!(app.store.scan_counts(PLAN).await.expect("counts"), [(3, 2)]);

    // Staff see the count on the poster page; nothing else about the scans exists.
    let staff = field_worker(&app, "feng").await;
    let seen = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/items/3/poster")).cookie(&staff.cookie))
        .await;
    assert!(seen.body.contains("民生码已被扫描 2 次"));
    // The item page links its poster.
    let item = app
        .send(Req::new(Method::GET, &format!("/plans/{PLAN}/items/3")))
        .await;
    assert!(item.body.contains("/plans/taibaihu-2024/items/3/poster"));
    // An item that does not exist has no poster.
    let missing = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}/items/99/poster"),
        ))
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn the_poster_uses_the_public_address_when_one_is_set() {
    let settings = app::domain::poster::PosterSettings {
        public_url: Some("https://msss.example.gov.cn".into()),
        hotline: "0537-1234567".into(),
    };
    let app = crate::helpers::spawn_app_with_poster(settings).await;
    let poster = app
        .send(Req::new(
            Method::GET,
            &format!("/plans/{PLAN}/items/20/poster"),
        ))
        .await
        .body;
    assert!(poster.contains("https://msss.example.gov.cn/q/taibaihu-2024/20"));
    assert!(poster.contains("0537-1234567"));
    assert!(
        !poster.contains("127.0.0.1"),
        "the request's own address is not used"
    );
}
