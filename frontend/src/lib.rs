//! Browser entry: hydrates the server-rendered pages. Browser-only code (storage, outbox,
//! service worker glue) lives in this crate as it arrives.

// The islands are `#[wasm_bindgen]` exports of the `app` crate; nothing here names them,
// so link the crate explicitly or the linker drops them.
extern crate app;

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by Leptos's island script once the WASM is loaded; the script then hydrates
/// each `<leptos-island>` on the page (the islands are exported from the `app` crate).
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
