use leptos::prelude::*;

use crate::domain::plan::PlanSummary;
use crate::text;

/// The plan's title, document number and the plan-level navigation.
#[component]
pub fn PlanHeader(plan: PlanSummary) -> impl IntoView {
    let code = plan.id.clone();
    view! {
        <div class="plan-header">
            <p class="plan-title">
                <a href=format!("/plans/{code}")>{plan.title}</a>
            </p>
            <p class="plan-meta">
                <span>{text::DOC_NUMBER} " " {plan.doc_number}</span>
                <span>{text::PERIOD} " " {plan.starts_on.to_string()} " 至 " {plan.ends_on.to_string()}</span>
            </p>
            <nav class="plan-nav">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
                <a href=format!("/plans/{code}/units")>{text::NAV_UNITS}</a>
            </nav>
        </div>
    }
}
