use leptos::prelude::*;

use crate::domain::chart::{HEIGHT, Trend, WIDTH};
use crate::text;

/// Actual (solid) against planned pace (dashed) over the plan period, with the day seen.
/// The axes carry dates and values as text beside the drawing (the SVG stretches to the
/// page's width, which would distort text drawn inside it).
#[component]
pub fn TrendChart(
    name: String,
    unit: String,
    trend: Trend,
    starts: String,
    ends: String,
    as_of: String,
) -> impl IntoView {
    let label = format!(
        "{name}：{}{unit}，{}",
        text::number(trend.last_actual),
        text::TREND_ALT
    );
    let title = label.clone();
    // Where the day seen falls, kept off the edges so its label stays readable.
    let at = (trend.as_of_x / WIDTH * 100.0).clamp(22.0, 78.0);
    let top = text::quantity(trend.y_max, Some(unit.as_str()).filter(|u| !u.is_empty()));
    let seen = format!(
        "{as_of}：{}",
        text::quantity(
            trend.last_actual,
            Some(unit.as_str()).filter(|u| !u.is_empty())
        )
    );
    view! {
        <figure class="trend">
            <div class="trend-plot">
                <span class="y-label y-top">{top}</span>
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
                <span class="y-label y-zero">"0"</span>
            </div>
            <div class="x-axis">
                <span class="x-start">{starts}</span>
                <span class="x-as-of" style=format!("left: {at:.1}%")>{seen}</span>
                <span class="x-end">{ends}</span>
            </div>
            <figcaption>
                <span>{name}</span>
                <span class="muted">{text::TREND_LEGEND}</span>
            </figcaption>
        </figure>
    }
}
