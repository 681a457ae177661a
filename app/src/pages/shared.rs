//! Small views several account pages use.

use leptos::prelude::*;

use crate::domain::account::PlanRole;
use crate::text;

/// The "done" message after a successful form submission (`?done=…`).
#[component]
pub fn DoneNotice(done: Option<String>) -> impl IntoView {
    done.as_deref().and_then(text::done_message).map(|message| {
        view! {
            <p class="notice" role="status">
                {message}
            </p>
        }
    })
}

/// Roles as "督查室（taibaihu-2024）", leaders with their categories.
#[component]
pub fn RoleList(roles: Vec<PlanRole>) -> impl IntoView {
    if roles.is_empty() {
        return view! { <span class="muted">{text::NO_ROLES}</span> }.into_any();
    }
    view! {
        <ul class="roles">
            {roles
                .into_iter()
                .map(|r| {
                    let categories = if r.categories.is_empty() {
                        String::new()
                    } else {
                        let list: Vec<String> =
                            r.categories.iter().map(|c| text::chinese_numeral(*c)).collect();
                        format!("，分管第{}类", list.join("、"))
                    };
                    view! { <li>{format!("{}（{}{}）", r.role.label(), r.plan, categories)}</li> }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
