use leptos::prelude::*;

use crate::text;

/// A bar with its percentage beside it; accessible as a progressbar.
#[component]
pub fn ProgressBar(percent: f64) -> impl IntoView {
    let pct = percent.clamp(0.0, 100.0);
    let label = text::percent(pct);
    view! {
        <div class="progress">
            <div
                class="progress-track"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=format!("{pct:.1}")
                aria-label=text::PROGRESS
            >
                <div class="progress-fill" style=format!("width:{pct:.1}%")></div>
            </div>
            <span class="progress-label">{label}</span>
        </div>
    }
}
