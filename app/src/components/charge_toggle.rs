//! A leader's two views of the overview and the weekly grid: the categories in their charge
//! (the default) or the whole plan.

use leptos::prelude::*;

use crate::text;

#[component]
pub fn ChargeToggle(narrowed_to: Vec<u32>) -> impl IntoView {
    view! {
        <p class="notice charge" data-narrowed=(!narrowed_to.is_empty()).to_string()>
            {if narrowed_to.is_empty() {
                view! { {text::CHARGE_ALL} " " <a href="?">{text::CHARGE_MINE}</a> }.into_any()
            } else {
                view! { {text::charge_only(&narrowed_to)} " " <a href="?all=1">{text::CHARGE_SHOW_ALL}</a> }
                    .into_any()
            }}
        </p>
    }
}
