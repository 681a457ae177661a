//! Browser entry of the field app (`/field`). A bundle of its own: the offline capture
//! code (storage, outbox, sync) is only downloaded by the page that uses it.

// The islands are `#[wasm_bindgen]` exports of the `app` crate; nothing here names them,
// so link the crate explicitly or the linker drops them.
extern crate app;

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by Leptos's island script once the WASM is loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
