use std::path::PathBuf;

use app::store::SharedStore;
use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use server::{AppState, router};
use tempfile::TempDir;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: SharedStore,
    pub database_url: String,
    pub dir: TempDir,
}

/// A fresh database in a temporary directory with the 2024 plan loaded, as on first start.
pub async fn spawn_app() -> TestApp {
    let app = spawn_empty_app().await;
    server::serve::load_default_plan(app.store.as_ref())
        .await
        .expect("default plan loads");
    app
}

/// A fresh, empty database (migrated, no plans).
pub async fn spawn_empty_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite://{}/data/test.db", dir.path().display());
    let store = server::db::open(&database_url)
        .await
        .expect("database opens");
    let site_root: PathBuf = dir.path().join("site");
    let addr = "127.0.0.1:3000".parse().expect("address");
    let state = AppState::new(store.clone(), &site_root, addr);
    TestApp {
        router: router(state),
        store,
        database_url,
        dir,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).expect("request"))
            .await
            .expect("router answers");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            String::from_utf8(bytes.to_vec()).expect("utf-8 body"),
        )
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let (status, body) = self.get(path).await;
        let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        (status, json)
    }
}

/// A small valid plan of another district, for import tests.
pub const OTHER_PLAN: &str = r#"
[plan]
code = "shili-2025"
year = 2025
region = "示例区"
title = "2025年示例区民生实事"
notice_title = "关于办好2025年民生实事的通知"
doc_number = "示管发〔2025〕1号"
issuer = "示例区管委会"
issued_on = 2025-03-01
starts_on = 2025-03-01
ends_on = 2025-12-31

[[units]]
name = "区教育局"
kind = "department"

[[categories]]
number = 1
name = "教育服务"

[[items]]
number = 1
category = 1
title = "新增学位"
content = "新增学位 100 个。"
lead_units = ["区教育局"]

[[items.indicators]]
code = "seats"
name = "新增学位"
kind = "count"
unit = "个"
target = 100
"#;
