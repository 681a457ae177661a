//! 登录: a plain form posted to the server, so it works on any phone, script or not.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::forms::{FormError, previous_value};
use crate::session::{current_viewer, safe_next};
use crate::text;

#[component]
pub fn LoginView() -> impl IntoView {
    let query = use_query_map();
    let next = safe_next(query.read_untracked().get("next").as_deref());
    let signed_in = current_viewer().map(|v| {
        view! {
            <p class="notice">
                {text::ALREADY_SIGNED_IN} {v.display_name} "（" {v.unit.name} "）"
            </p>
        }
    });
    view! {
        <Title text=text::page_title(text::LOGIN_TITLE) />
        <section class="narrow">
            <h1>{text::LOGIN_TITLE}</h1>
            {signed_in}
            <p class="muted">{text::LOGIN_INTRO}</p>
            <FormError form="login" />
            <form method="post" action="/login" class="stack" id="login-form">
                <input type="hidden" name="next" value=next />
                <label>
                    {text::USERNAME}
                    <input
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        required
                        value=previous_value("login", "username")
                    />
                </label>
                <label>
                    {text::PASSWORD}
                    <input name="password" type="password" autocomplete="current-password" required />
                </label>
                <button type="submit">{text::SIGN_IN}</button>
            </form>
        </section>
    }
}
