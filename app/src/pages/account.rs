//! 我的账号: who I am, my roles, and changing my password.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::AppError;
use crate::forms::FormError;
use crate::pages::{DoneNotice, ErrorNotice, RoleList};
use crate::session::current_viewer;
use crate::text;

#[component]
pub fn AccountView() -> impl IntoView {
    let query = use_query_map();
    let done = query.read_untracked().get("done");
    let Some(viewer) = current_viewer() else {
        return view! { <ErrorNotice error=AppError::SignInRequired /> }.into_any();
    };
    view! {
        <Title text=text::page_title(text::ACCOUNT_TITLE) />
        <section class="narrow">
            <h1>{text::ACCOUNT_TITLE}</h1>
            <DoneNotice done />
            <dl class="facts">
                <dt>{text::DISPLAY_NAME}</dt>
                <dd>{viewer.display_name.clone()}</dd>
                <dt>{text::USERNAME}</dt>
                <dd>{viewer.username.clone()}</dd>
                <dt>{text::UNIT}</dt>
                <dd>{viewer.unit.name.clone()}</dd>
                <dt>{text::ROLES}</dt>
                <dd>
                    <RoleList roles=viewer.roles.clone() />
                </dd>
            </dl>
            <h2>{text::CHANGE_PASSWORD}</h2>
            <FormError form="password" />
            <form method="post" action="/account/password" class="stack" id="password-form">
                <label>
                    {text::CURRENT_PASSWORD}
                    <input name="current_password" type="password" autocomplete="current-password" required />
                </label>
                <label>
                    {text::NEW_PASSWORD}
                    <input name="new_password" type="password" autocomplete="new-password" required minlength="8" />
                </label>
                <label>
                    {text::CONFIRM_PASSWORD}
                    <input name="confirm_password" type="password" autocomplete="new-password" required minlength="8" />
                </label>
                <button type="submit">{text::SAVE}</button>
            </form>
        </section>
    }
    .into_any()
}
