//! The floor for the size benchmark: one component with one signal, hydrated. Built twice
//! by bench/size.sh: whole-page hydration (default) and islands (`--features islands`, the
//! mode our app uses). Anything our app ships beyond this is our own weight.

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[cfg(not(feature = "islands"))]
#[component]
pub fn Counter() -> impl IntoView {
    let count = RwSignal::new(0);
    view! { <button on:click=move |_| *count.write() += 1>{count}</button> }
}

#[cfg(feature = "islands")]
#[island]
pub fn Counter() -> impl IntoView {
    let count = RwSignal::new(0);
    view! { <button on:click=move |_| *count.write() += 1>{count}</button> }
}

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_body(Counter);
    #[cfg(feature = "islands")]
    leptos::mount::hydrate_islands();
}
