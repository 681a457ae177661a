//! 现场填报: the data-free shell of the offline field app. The service worker caches this
//! page once; everything personal comes from the device's storage after hydration.

use leptos::prelude::*;
use leptos_meta::{Link, Title};

use crate::text;

#[component]
pub fn FieldView() -> impl IntoView {
    // Pages render on the server, which always has the field island; the small browser
    // bundle never renders pages (islands mode), so it does without.
    #[cfg(feature = "field")]
    let app = view! { <crate::islands::FieldApp /> };
    #[cfg(not(feature = "field"))]
    let app = ();
    view! {
        <Title text=text::page_title(text::FIELD_TITLE) />
        // The catalogue's request starts with the page, not after the WASM has loaded and
        // hydrated: on a slow link that is one round trip of seconds. The same for every
        // user (the shell is cached for all): the answer depends on the session cookie.
        <Link rel="preload" href="/api/v1/sync/catalogue" as_="fetch" crossorigin="anonymous" />
        <h1>{text::FIELD_TITLE}</h1>
        {app}
        <noscript>
            <p class="form-error">"离线填报需要启用 JavaScript。"</p>
        </noscript>
    }
}
