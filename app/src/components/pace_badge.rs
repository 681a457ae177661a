use leptos::prelude::*;

use crate::domain::pace::{Pace, PaceStatus};

/// The coloured status word (已完成 / 正常 / 蓝 / 黄 / 红).
#[component]
pub fn PaceBadge(status: PaceStatus) -> impl IntoView {
    view! {
        <span class=format!("pace pace-{}", status.as_str()) data-status=status.as_str()>
            {status.long_label()}
        </span>
    }
}

/// The status with how it was computed, opened on demand (works without JavaScript).
#[component]
pub fn PaceExplained(pace: Pace) -> impl IntoView {
    view! {
        <details class="pace-why">
            <summary>
                <PaceBadge status=pace.status />
            </summary>
            <p class="explanation">{pace.explanation}</p>
        </details>
    }
}
