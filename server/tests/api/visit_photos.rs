//! 一线督导 with photos: the 督查室 sends them with the visit form (multipart); they are
//! kept with the visit and shown to signed-in users; a refused visit keeps no photo.

use app::domain::account::Role;
use http::Method;

use crate::evidence_support::PHOTO;
use crate::helpers::{Reply, Req, TestApp, spawn_app};

const PATH: &str = "/plans/taibaihu-2024/items/3/visits";
const BOUNDARY: &str = "----taizhang-visit";

/// A multipart body: text fields, then each file as a `photo` part.
fn multipart(fields: &[(&str, &str)], photos: &[&[u8]]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (n, photo) in photos.iter().enumerate() {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p{n}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(photo);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn send_visit(
    app: &TestApp,
    cookie: &str,
    fields: &[(&str, &str)],
    photos: &[&[u8]],
) -> Reply {
    app.send(
        Req::new(Method::POST, PATH)
            .cookie(cookie)
            .header(
                "content-type",
                &format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body_bytes(multipart(fields, photos)),
    )
    .await
}

/// Visit photos in the photo store (a directory, or S3 when the test command runs one).
async fn photo_files(app: &TestApp) -> u64 {
    app.blobs.usage("visits").await.expect("list").0
}

#[tokio::test]
async fn a_visit_keeps_its_photos_and_signed_in_users_see_them() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let ducha = app.sign_in("ducha").await;
    let fields = [
        ("visited_on", "2024-07-10"),
        ("place", "石桥镇敬老院"),
        ("findings", "助浴设施已安装，与台账一致"),
    ];
    let sent = send_visit(&app, &ducha, &fields, &[PHOTO, PHOTO]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let visits = app
        .store
        .visits("taibaihu-2024", Some(3))
        .await
        .expect("list");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].photos.len(), 2);

    let page = app
        .send(Req::new(Method::GET, "/plans/taibaihu-2024/items/3").cookie(&ducha))
        .await
        .body;
    let at = format!("/visit-photos/{}", visits[0].photos[0]);
    assert!(page.contains(&at), "the item page shows the visit's photos");
    let got = app.send(Req::new(Method::GET, &at).cookie(&ducha)).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.bytes, PHOTO, "the photo as sent");
    // Not for the public.
    let anonymous = app.send(Req::new(Method::GET, &at)).await;
    assert_ne!(anonymous.status, 200);
    assert!(!anonymous.bytes.starts_with(&[0xFF, 0xD8]));
}

#[tokio::test]
async fn a_refused_visit_keeps_no_photo_and_says_why() {
    let app = spawn_app().await;
    app.add_user("ducha", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let ducha = app.sign_in("ducha").await;
    let ok = [
        ("visited_on", "2024-07-10"),
        ("place", "石桥镇敬老院"),
        ("findings", "与台账一致"),
    ];
    let png: &[u8] = b"\x89PNG\r\n\x1a\n0000";
    // (form fields, photos, what the refusal says)
    type Case<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a [u8]>, &'a str);
    let cases: Vec<Case> = vec![
        (ok.to_vec(), vec![PHOTO, png], "第 2 张不是 JPEG 照片"),
        (ok.to_vec(), vec![PHOTO; 7], "每次督导最多附 6 张照片"),
        // Fine photos, a bad date: the photos are not kept either.
        (
            vec![
                ("visited_on", "2023-01-01"),
                ("place", "x"),
                ("findings", "y"),
            ],
            vec![PHOTO],
            "督导日期应在计划开始之后",
        ),
    ];
    for (fields, photos, why) in cases {
        let refused = send_visit(&app, &ducha, &fields, &photos).await;
        assert_ne!(refused.status, 303);
        assert!(refused.body.contains(why), "{why}: {}", refused.status);
    }
    assert!(
        app.store
            .visits("taibaihu-2024", Some(3))
            .await
            .expect("list")
            .is_empty()
    );
    assert_eq!(photo_files(&app).await, 0, "no photo left behind");

    // Not the 督查室: refused before anything is stored.
    app.add_user("shehui", "区社会事业发展局", Some(Role::UnitManager))
        .await;
    let other = app.sign_in("shehui").await;
    let refused = send_visit(&app, &other, &ok, &[PHOTO]).await;
    assert_ne!(refused.status, 303);
    assert_eq!(photo_files(&app).await, 0);

    // A visit without photos still works as before (an empty file input sends nothing).
    let plain = send_visit(&app, &ducha, &ok, &[b""]).await;
    assert_eq!(plain.status, 303, "{}", plain.body);
    let visits = app
        .store
        .visits("taibaihu-2024", Some(3))
        .await
        .expect("list");
    assert_eq!(visits.len(), 1);
    assert!(visits[0].photos.is_empty());
}
