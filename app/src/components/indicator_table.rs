use leptos::prelude::*;

use crate::domain::pace::Pace;
use crate::domain::plan::Indicator;
use crate::domain::progress::indicator_percent;
use crate::text;

use super::{PaceExplained, ProgressBar};

/// Indicators with kind, target (and its parts), actual, progress and, when given, the
/// pace of each (same order) with its explanation.
#[component]
pub fn IndicatorTable(
    indicators: Vec<Indicator>,
    #[prop(optional)] paces: Vec<Pace>,
) -> impl IntoView {
    let with_pace = !paces.is_empty();
    let mut paces = paces.into_iter();
    view! {
        <table class="indicators">
            <thead>
                <tr>
                    <th scope="col">{text::INDICATOR}</th>
                    <th scope="col">{text::KIND}</th>
                    <th scope="col">{text::TARGET}</th>
                    <th scope="col">{text::ACTUAL}</th>
                    <th scope="col">{text::PROGRESS}</th>
                    {with_pace.then(|| view! {
                        <th scope="col">{text::PLANNED_TO_DATE}</th>
                        <th scope="col">{text::PACE_STATUS}</th>
                    })}
                </tr>
            </thead>
            <tbody>
                {indicators
                    .into_iter()
                    .map(|ind| {
                        let percent = indicator_percent(&ind);
                        let pace = paces.next();
                        let parts = text::parts(&ind);
                        // Who reports it, and the towns' shares where the plan splits it.
                        let shares = (!ind.shares.is_empty()).then(|| {
                            let unit = ind.unit.as_deref();
                            let list: Vec<String> = ind
                                .shares
                                .iter()
                                .map(|s| format!("{} {}", s.unit, text::quantity(s.target, unit)))
                                .collect();
                            format!("；{}", list.join("、"))
                        });
                        let reporters = format!(
                            "{}{}",
                            ind.reported_by.label(),
                            shares.unwrap_or_default()
                        );
                        view! {
                            <tr data-indicator=ind.code.clone()>
                                <th scope="row">
                                    {ind.name.clone()}
                                    <span class="reported-by muted">{reporters}</span>
                                </th>
                                <td data-label=text::KIND>{text::kind_label(ind.kind)}</td>
                                <td data-label=text::TARGET class="target">
                                    {text::target(&ind)}
                                    {parts
                                        .map(|p| {
                                            view! {
                                                <span class="parts">{text::PARTS} "：" {p}</span>
                                            }
                                        })}
                                </td>
                                <td data-label=text::ACTUAL class="actual">{text::actual(&ind)}</td>
                                <td data-label=text::PROGRESS>
                                    {if ind.suppressed_below.is_some() {
                                        view! { <span class="muted">{text::WITHHELD}</span> }.into_any()
                                    } else {
                                        view! { <ProgressBar percent /> }.into_any()
                                    }}
                                </td>
                                {pace.map(|pace| view! {
                                    <td data-label=text::PLANNED_TO_DATE class="planned">
                                        {pace.planned_percent.map_or_else(|| format!("{} {}", text::DEADLINE, pace.deadline), text::percent)}
                                    </td>
                                    <td data-label=text::PACE_STATUS>
                                        <PaceExplained pace />
                                    </td>
                                })}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
