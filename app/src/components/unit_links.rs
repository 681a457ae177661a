use leptos::prelude::*;

use crate::domain::plan::UnitRef;
use crate::text;

/// Unit names, each linking to its unit page; "无" when there are none.
#[component]
pub fn UnitLinks(plan: String, units: Vec<UnitRef>) -> impl IntoView {
    if units.is_empty() {
        return view! { <span class="muted">{text::NONE}</span> }.into_any();
    }
    view! {
        <ul class="unit-links">
            {units
                .into_iter()
                .map(|u| {
                    view! {
                        <li>
                            <a href=format!("/plans/{plan}/units/{}", u.id)>{u.name}</a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
