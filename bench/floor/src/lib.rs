//! The floor for the size benchmark: one component with one signal, hydrated. Anything our
//! app ships beyond this is our own weight.

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[component]
pub fn Counter() -> impl IntoView {
    let count = RwSignal::new(0);
    view! { <button on:click=move |_| *count.write() += 1>{count}</button> }
}

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(Counter);
}
