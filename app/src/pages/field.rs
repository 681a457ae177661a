//! 现场填报: the data-free shell of the offline field app. The service worker caches this
//! page once; everything personal comes from the device's storage after hydration.

use leptos::prelude::*;
use leptos_meta::Title;

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
        <h1>{text::FIELD_TITLE}</h1>
        {app}
        <noscript>
            <p class="form-error">"离线填报需要启用 JavaScript。"</p>
        </noscript>
    }
}
