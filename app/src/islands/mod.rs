//! Islands: the only parts of the pages that hydrate and run in the browser. Everything
//! else is server-rendered HTML. Island props cross to the browser as JSON in the page, so
//! they stay small.

#[cfg(feature = "field")]
pub mod field;
mod item_filter;

#[cfg(feature = "field")]
pub use field::FieldApp;
pub use item_filter::{FilterEntry, ItemFilter};

/// Marks `<body data-hydrated="true">` once an island is interactive; tests and the
/// hydration timing benchmark wait for it. Effects run only in the browser.
fn mark_hydrated() {
    leptos::prelude::Effect::new(|_| {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
