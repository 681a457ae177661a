use leptos::prelude::*;

use crate::text;

/// A report's photo as signed-in users see it: its thumbnail opening the full photo, or a
/// placeholder while the thumbnail has not arrived.
#[component]
pub fn EvidenceThumb(id: String, arrived: bool) -> impl IntoView {
    if arrived {
        view! {
            <a href=format!("/api/v1/photos/{id}/photo") target="_blank" rel="noopener">
                <img src=format!("/api/v1/photos/{id}/thumb") alt=text::EVIDENCE_OPEN loading="lazy" width="96" height="72" />
            </a>
        }
        .into_any()
    } else {
        view! { <span class="evidence-pending">{text::EVIDENCE_PENDING}</span> }.into_any()
    }
}
