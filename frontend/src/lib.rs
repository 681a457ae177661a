#![recursion_limit = "256"]
//! Browser entry: hydrates the server-rendered pages. Browser-only code (storage, outbox,
//! service worker glue) lives in this crate as it arrives.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the page's module script once the WASM is loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    mark_hydrated();
}

/// Marks the document once the page is interactive, so tests and measurements can tell
/// a hydrated page from a server-rendered one.
fn mark_hydrated() {
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
