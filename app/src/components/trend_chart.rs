use leptos::prelude::*;

use crate::domain::chart::{HEIGHT, Trend, WIDTH};
use crate::text;

/// Actual (solid) against planned pace (dashed) over the plan period, with the day seen.
#[component]
pub fn TrendChart(
    name: String,
    unit: String,
    trend: Trend,
    starts: String,
    ends: String,
) -> impl IntoView {
    let label = format!(
        "{name}：{}{unit}，{}",
        text::number(trend.last_actual),
        text::TREND_ALT
    );
    let title = label.clone();
    view! {
        <figure class="trend">
            <svg
                viewBox=format!("-4 -4 {} {}", WIDTH + 8.0, HEIGHT + 8.0)
                role="img"
                aria-label=label
                preserveAspectRatio="none"
            >
                <title>{title}</title>
                <line class="axis" x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT />
                <line class="axis" x1="0" y1="0" x2="0" y2=HEIGHT />
                <line class="as-of-line" x1=trend.as_of_x y1="0" x2=trend.as_of_x y2=HEIGHT />
                <polyline class="planned" points=trend.planned fill="none" />
                <polyline class="actual" points=trend.actual fill="none" />
            </svg>
            <figcaption>
                <span>{name}</span>
                <span class="muted">
                    {starts} " — " {ends} " · " {text::TREND_LEGEND} " · " {text::TREND_TOP} " "
                    {text::number(trend.y_max)} {unit}
                </span>
            </figcaption>
        </figure>
    }
}
