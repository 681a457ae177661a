//! The built files under /pkg come from memory: read once when the server starts (they
//! stay served after the disk copies are gone), each in the encoding the browser takes
//! best, with type, length and ETag; an unchanged file is answered 304.

use http::{Method, StatusCode};
use server::{AppState, router};

use crate::helpers::{Req, TestApp, spawn_app};

const JS: &str = "/pkg/taizhang.0123456789abcdef.js";

async fn site_with_files() -> TestApp {
    let mut app = spawn_app().await;
    let site = app.dir.path().join("site");
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).expect("pkg");
    for (name, bytes) in [
        ("taizhang.0123456789abcdef.js", &b"console.log('plain')"[..]),
        ("taizhang.0123456789abcdef.js.br", b"brotli bytes"),
        ("taizhang.0123456789abcdef.js.gz", b"gzip bytes"),
        ("taizhang.0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0"),
    ] {
        std::fs::write(pkg.join(name), bytes).expect("write");
    }
    let addr = "127.0.0.1:3000".parse().expect("address");
    app.router = router(AppState::new(
        app.store.clone(),
        app.blobs.clone(),
        &site,
        addr,
    ));
    // Read at start: the disk copies are no longer needed.
    std::fs::remove_dir_all(&pkg).expect("remove");
    app
}

async fn get(app: &TestApp, path: &str, accept: Option<&str>) -> crate::helpers::Reply {
    let mut req = Req::new(Method::GET, path);
    if let Some(accept) = accept {
        req = req.header("accept-encoding", accept);
    }
    app.send(req).await
}

fn header<'a>(reply: &'a crate::helpers::Reply, name: &str) -> Option<&'a str> {
    reply.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn built_files_come_from_memory_in_the_best_encoding_asked() {
    let app = site_with_files().await;
    for (accept, body, coding) in [
        (Some("gzip, deflate, br"), &b"brotli bytes"[..], Some("br")),
        (Some("gzip"), b"gzip bytes", Some("gzip")),
        (Some("br;q=0, gzip"), b"gzip bytes", Some("gzip")),
        (Some("identity"), b"console.log('plain')", None),
        (None, b"console.log('plain')", None),
    ] {
        let reply = get(&app, JS, accept).await;
        assert_eq!(reply.status, StatusCode::OK, "{accept:?}");
        assert_eq!(reply.bytes, body, "{accept:?}");
        assert_eq!(header(&reply, "content-encoding"), coding, "{accept:?}");
        assert_eq!(
            header(&reply, "content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(header(&reply, "vary"), Some("accept-encoding"));
        assert_eq!(
            header(&reply, "content-length"),
            Some(body.len().to_string().as_str())
        );
    }
    // No compressed form kept: the plain bytes, whatever is accepted.
    let wasm = get(
        &app,
        "/pkg/taizhang.0123456789abcdef_bg.wasm",
        Some("br, gzip"),
    )
    .await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.bytes, b"\0asm\x01\0\0\0");
    assert_eq!(header(&wasm, "content-type"), Some("application/wasm"));
    assert_eq!(header(&wasm, "content-encoding"), None);
}

#[tokio::test]
async fn an_unchanged_file_is_not_sent_again_and_unknown_ones_are_404() {
    let app = site_with_files().await;
    let first = get(&app, JS, Some("br")).await;
    let etag = header(&first, "etag").expect("an etag").to_string();
    let again = app
        .send(Req::new(Method::GET, JS).header("if-none-match", &etag))
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    let head = app.send(Req::new(Method::HEAD, JS)).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.bytes.is_empty());
    assert_eq!(
        header(&head, "content-length"),
        Some("console.log('plain')".len().to_string().as_str())
    );
    assert_eq!(
        get(&app, "/pkg/nothing.js", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/pkg/../Cargo.toml", None).await.status,
        StatusCode::NOT_FOUND
    );
}
