//! 我的待办: everything the signed-in user owes on the plan, the nearest deadline first,
//! overdue ones marked, each linking to where it is done.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::pages::loaded::loaded;
use crate::server_fns::reminders::{RemindersPage, get_reminders};
use crate::text;

#[component]
pub fn RemindersView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("plan").unwrap_or_default(),
        get_reminders,
    );
    view! {
        {loaded(page, move |page| view! { <Body page /> })}
    }
}

#[component]
fn Body(page: RemindersPage) -> impl IntoView {
    let RemindersPage { plan, today, items } = page;
    let code = plan.id.clone();
    view! {
        <Title text=text::page_title(text::REMINDERS) />
        <article class="reminders">
            <p class="breadcrumb">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{plan.title.clone()} " " {text::REMINDERS}</h1>
            {if items.is_empty() {
                view! { <p class="muted">{text::REMINDERS_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="reminder-list">
                        {items
                            .into_iter()
                            .map(|r| {
                                let overdue = r.overdue(today);
                                view! {
                                    <li data-kind=r.kind.as_str() data-overdue=overdue.to_string()>
                                        <span class="reminder-kind">{r.kind.label()}</span>
                                        " "
                                        <a href=r.link.clone()>{r.what.clone()}</a>
                                        <span class="muted">
                                            {r.deadline.map(|d| format!(" · {} {d}", text::DEADLINE))}
                                        </span>
                                        {overdue.then(|| view! { " " <strong class="overdue">{text::OVERDUE}</strong> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </article>
    }
}
