//! Response headers (CSP with the page's nonce, nosniff, Referrer-Policy, no-store on
//! personal answers, HSTS when cookies are Secure), streamed downloads complete under
//! every compression a browser asks for, and a panicking handler answering 500 in the
//! JSON shape.

use std::io::Read;

use http::{Method, StatusCode};

use super::escaping::assert_scripts_carry_the_nonce;
use super::{get_as, scene};
use crate::helpers::{Req, spawn_app_with};
use crate::sync_support::{new_op, push, report};

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let s = scene().await;
    let cases: [(&str, Option<&str>, bool, bool); 9] = [
        // path, who, is a page, personal
        ("/", None, true, false),
        ("/plans/taibaihu-2024/items/1", None, true, false),
        ("/login", None, true, false),
        ("/plans/taibaihu-2024/items/1", Some("manager"), true, true),
        ("/plans/taibaihu-2024/weekly", Some("manager"), true, true),
        ("/api/v1/plans", None, false, false),
        ("/api/v1/session", Some("manager"), false, true),
        ("/api/v1/sync/catalogue", Some("field"), false, true),
        ("/api/v1/nope", None, false, false),
    ];
    for (path, who, page, personal) in cases {
        let cookie = match who {
            Some("manager") => s.manager.clone(),
            Some(_) => s.field.cookie.clone(),
            None => String::new(),
        };
        let reply = if cookie.is_empty() {
            s.app.send(Req::new(Method::GET, path)).await
        } else {
            get_as(&s.app, &cookie, path).await
        };
        let h = |name: &str| {
            reply
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let case = format!("{path} as {who:?}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{case}");
        assert_eq!(
            h("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{case}"
        );
        let csp = h("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{case}: {csp}");
        if page {
            assert!(
                csp.contains("'nonce-") && csp.contains("'wasm-unsafe-eval'"),
                "{case}: {csp}"
            );
            assert!(
                !csp.contains("'unsafe-inline'")
                    || !csp.split(';').any(
                        |d| d.trim().starts_with("script-src") && d.contains("'unsafe-inline'")
                    ),
                "{case}: {csp}"
            );
            assert_scripts_carry_the_nonce(&case, &reply);
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{case}: {csp}");
        }
        if personal {
            assert_eq!(h("cache-control"), "no-store", "{case}");
        }
        assert!(
            h("strict-transport-security").is_empty(),
            "{case}: no HSTS over plain HTTP"
        );
    }
    // Two pages, two nonces.
    let a = s.app.send(Req::new(Method::GET, "/")).await;
    let b = s.app.send(Req::new(Method::GET, "/")).await;
    assert_ne!(
        a.headers.get("content-security-policy"),
        b.headers.get("content-security-policy")
    );
}

#[tokio::test]
async fn the_service_worker_may_fetch_the_site_it_caches() {
    let app = crate::helpers::spawn_app().await;
    let site = app.dir.path().join("site");
    std::fs::create_dir_all(&site).expect("site dir");
    std::fs::write(
        site.join("sw.js"),
        "self.addEventListener('install', () => {});",
    )
    .expect("sw");
    let reply = app.send(Req::new(Method::GET, "/sw.js")).await;
    assert_eq!(reply.status, StatusCode::OK);
    // A worker runs under its script's own policy: 'none' would stop it caching anything.
    assert_eq!(
        reply
            .headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok()),
        Some("default-src 'self'; frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn hsts_is_sent_when_cookies_are_secure() {
    let app = spawn_app_with(server::auth::AuthSettings {
        secure_cookies: true,
        ..Default::default()
    })
    .await;
    let reply = app.send(Req::new(Method::GET, "/")).await;
    assert_eq!(
        reply
            .headers
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000")
    );
}

fn decode(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "gzip" => {
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut out)
                .expect("gzip decodes");
        }
        "br" => {
            brotli::Decompressor::new(bytes, 4096)
                .read_to_end(&mut out)
                .expect("br decodes");
        }
        _ => out = bytes.to_vec(),
    }
    out
}

#[tokio::test]
async fn streamed_csv_is_complete_under_gzip_br_and_identity() {
    let s = scene().await;
    // Enough rows for several pages of the stream (2,000 a page) and well past 65 KB.
    let mut ops = Vec::new();
    for i in 0..4500 {
        let mut r = report(&s.field, 1.0, "2024-05-07");
        r.narrative = format!("第 {i} 条：完成适老化改造，入户核实，群众满意");
        ops.push(new_op(r));
    }
    for chunk in ops.chunks(200) {
        let reply = push(&s.app, &s.field.cookie, chunk).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let mut bodies = Vec::new();
    for encoding in ["identity", "gzip", "br"] {
        let reply = s
            .app
            .send(
                Req::new(Method::GET, "/plans/taibaihu-2024/reports.csv")
                    .cookie(&s.supervisor)
                    .header("accept-encoding", encoding),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{encoding}");
        let sent = reply
            .headers
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("identity")
            .to_string();
        assert_eq!(sent, encoding, "the download is compressed as asked");
        let text = String::from_utf8(decode(&sent, &reply.bytes)).expect("utf-8");
        // Header + one line per report, the last report present.
        assert_eq!(text.matches("\r\n").count(), 4501, "{encoding}: lines");
        assert!(text.contains("第 4499 条"), "{encoding}: the last report");
        bodies.push(text);
    }
    assert_eq!(bodies[0], bodies[1], "gzip decodes to the identity body");
    assert_eq!(bodies[0], bodies[2], "br decodes to the identity body");
    // The server is still fine after three streams.
    let (status, _) = s.app.get("/livez").await;
    assert_eq!(status, StatusCode::OK);
}
