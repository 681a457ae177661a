//! Islands: the only parts of the pages that hydrate and run in the browser. Everything
//! else is server-rendered HTML. Island props cross to the browser as JSON in the page, so
//! they stay small.

#[cfg(feature = "field")]
pub mod field;
mod item_filter;
#[cfg(feature = "field")]
mod sign_out;

#[cfg(feature = "field")]
pub use field::FieldApp;
pub use item_filter::{FilterEntry, ItemFilter};
#[cfg(feature = "field")]
pub use sign_out::SignOutCheck;

/// Whether the page at `path` (with its query) holds an island: the overview's filter, the
/// field app, the sign-out page's look at the phone's queue. Every other page is plain HTML, and loads no script and no WASM at all: on a
/// phone those bytes would hydrate nothing.
pub fn on_page(path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    match segments.as_slice() {
        [""] => true,
        ["field", ..] | ["logout"] => true,
        ["plans", plan] => !plan.is_empty(),
        _ => false,
    }
}

/// Marks `<body data-hydrated="true">` once an island is interactive; tests and the
/// hydration timing benchmark wait for it. Effects run only in the browser.
fn mark_hydrated() {
    leptos::prelude::Effect::new(|_| {
        if let Some(body) = leptos::prelude::document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::on_page;

    #[test]
    fn only_the_overview_and_the_field_app_load_islands() {
        for path in [
            "/",
            "/?as_of=2024-09-30",
            "/plans/taibaihu-2024",
            "/plans/taibaihu-2024/",
            "/plans/taibaihu-2024?as_of=2024-09-30",
            "/field",
            "/field/",
            "/logout",
        ] {
            assert!(on_page(path), "{path}");
        }
        for path in [
            "/plans/taibaihu-2024/items/1",
            "/plans/taibaihu-2024/weekly",
            "/plans/taibaihu-2024/monthly?month=2024-09",
            "/plans/",
            "/login?next=/field",
            "/report",
            "/account",
            "/admin/users",
            "/fieldwork",
        ] {
            assert!(!on_page(path), "{path}");
        }
    }
}
