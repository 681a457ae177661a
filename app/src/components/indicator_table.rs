use leptos::prelude::*;

use crate::plan::Indicator;
use crate::progress::indicator_percent;
use crate::text;

use super::ProgressBar;

/// Indicators with kind, target (and its parts), actual and progress.
#[component]
pub fn IndicatorTable(indicators: Vec<Indicator>) -> impl IntoView {
    view! {
        <table class="indicators">
            <thead>
                <tr>
                    <th scope="col">{text::INDICATOR}</th>
                    <th scope="col">{text::KIND}</th>
                    <th scope="col">{text::TARGET}</th>
                    <th scope="col">{text::ACTUAL}</th>
                    <th scope="col">{text::PROGRESS}</th>
                </tr>
            </thead>
            <tbody>
                {indicators
                    .into_iter()
                    .map(|ind| {
                        let percent = indicator_percent(&ind);
                        let parts = text::parts(&ind);
                        view! {
                            <tr data-indicator=ind.code.clone()>
                                <th scope="row">{ind.name.clone()}</th>
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
                                    <ProgressBar percent />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
