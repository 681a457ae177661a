#![recursion_limit = "256"]
//! 民生实事台账 — the shared crate.
//!
//! Domain types (`plan`), the plan-file format and its validation (`plan_file`), progress
//! rules (`progress`), UI strings (`text`) and the Leptos pages. Used by the server with
//! the `ssr` feature and by the browser with `hydrate`; pure logic has no feature gate so
//! plain `cargo test` covers it.

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
pub mod plan;
pub mod plan_file;
pub mod progress;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use serde::{Deserialize, Serialize};

use pages::{ItemView, NotFound, Overview, UnitView, UnitsView};

/// File names (under `/pkg`) of the built browser assets. The site build writes them to
/// `pkg/assets.json` with content hashes in the names, so browsers and the service worker
/// can cache them forever.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteAssets {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

impl Default for SiteAssets {
    /// Unhashed names, as `cargo leptos` writes them.
    fn default() -> Self {
        SiteAssets {
            js: "taizhang.js".into(),
            wasm: "taizhang.wasm".into(),
            css: "taizhang.css".into(),
        }
    }
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(assets: SiteAssets) -> impl IntoView {
    let js = format!("/pkg/{}", assets.js);
    let wasm = format!("/pkg/{}", assets.wasm);
    let css = format!("/pkg/{}", assets.css);
    // Same steps as Leptos's <HydrationScripts/>, but with the hashed names from the build.
    let boot = format!(
        "import init, {{ hydrate }} from '{js}'; \
         init({{ module_or_path: '{wasm}' }}).then(() => hydrate());"
    );
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="民生实事项目进展台账" />
                <link rel="icon" href="/favicon.svg" r#type="image/svg+xml" />
                <link rel="stylesheet" href=css />
                <link rel="modulepreload" href=js.clone() />
                <link rel="preload" href=wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="" />
                <script type="module">{boot}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <header class="site-header">
                <a class="brand" href="/">
                    {text::APP_NAME}
                </a>
            </header>
            <main>
                // Async: pages arrive complete, so they read fine with JavaScript off.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Overview ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan") view=Overview ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/items/:number") view=ItemView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/units") view=UnitsView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/units/:unit") view=UnitView ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
