//! 退出登录: who is signed in, and the button. On the field bundle, so the island can count
//! the user's unsent reports on this phone before they go (`islands::SignOutCheck`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::session::current_viewer;
use crate::text;

#[component]
pub fn SignOutView() -> impl IntoView {
    let body = match current_viewer() {
        Some(v) => {
            #[cfg(feature = "field")]
            let form = view! {
                // Who signs out, for the island to count their unsent reports: an attribute
                // the island reads, not an island prop, whose JSON reader would cost the
                // field bundle serde_json's whole parser for one number.
                <div id="sign-out" data-viewer=v.id><crate::islands::SignOutCheck /></div>
            }
            .into_any();
            // The small browser bundle never renders pages; the server always has the island.
            #[cfg(not(feature = "field"))]
            let form = view! {
                <form method="post" action="/logout" id="sign-out-form">
                    <button type="submit">{text::SIGN_OUT_CONFIRM}</button>
                </form>
            }
            .into_any();
            view! {
                <p>{text::ALREADY_SIGNED_IN} {v.display_name} "（" {v.unit.name} "）"</p>
                {form}
            }
            .into_any()
        }
        None => view! {
            <p class="notice">{text::SIGNED_OUT}</p>
            <p><a href="/login">{text::SIGN_IN}</a></p>
        }
        .into_any(),
    };
    view! {
        <Title text=text::page_title(text::SIGN_OUT_TITLE) />
        <section class="narrow">
            <h1>{text::SIGN_OUT_TITLE}</h1>
            {body}
        </section>
    }
}
