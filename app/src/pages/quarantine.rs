//! 同步异常 (supervisor): operations the server would not apply — rejected (not authorized
//! or invalid) or conflicting — kept in quarantine, never silently dropped; in the plan's
//! words (item titles, indicator names). Once the report is sent again and stored, its op
//! leaves the list (counted below it).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::pages::ErrorNotice;
use crate::server_fns::reports::{QuarantineRow, get_quarantine};
use crate::text;

#[component]
pub fn QuarantineView() -> impl IntoView {
    let rows = Resource::new(|| (), |_| get_quarantine());
    view! {
        <Title text=text::page_title(text::QUARANTINE_TITLE) />
        <h1>{text::QUARANTINE_TITLE}</h1>
        <p class="muted">{text::QUARANTINE_INTRO}</p>
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(page) => {
                        let fixed = (page.fixed > 0)
                            .then(|| view! { <p class="muted quarantine-fixed">{text::quarantine_fixed(page.fixed)}</p> });
                        let table = if page.rows.is_empty() {
                            view! { <p class="muted">{text::QUARANTINE_EMPTY}</p> }.into_any()
                        } else {
                            view! { <QuarantineTable rows=page.rows /> }.into_any()
                        };
                        view! { {table} {fixed} }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuarantineTable(rows: Vec<QuarantineRow>) -> AnyView {
    view! {
        <table class="quarantine">
            <thead>
                <tr>
                    <th scope="col">{text::TIME}</th>
                    <th scope="col">{text::ACTOR}</th>
                    <th scope="col">{text::FORM_ITEM}</th>
                    <th scope="col">{text::QUARANTINE_OUTCOME}</th>
                    <th scope="col">{text::QUARANTINE_REASON}</th>
                    <th scope="col">{text::REPORT_VALUES}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| view! {
                        <tr data-op=r.op_id.clone()>
                            <td data-label=text::TIME>{r.received_at.clone()}</td>
                            <td data-label=text::ACTOR>{r.pushed_by.clone()}</td>
                            <td data-label=text::FORM_ITEM>{r.item.clone()}</td>
                            <td data-label=text::QUARANTINE_OUTCOME>{r.outcome.clone()}</td>
                            <td data-label=text::QUARANTINE_REASON>{r.reason.clone()}</td>
                            <td data-label=text::REPORT_VALUES>{r.summary.clone()}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
