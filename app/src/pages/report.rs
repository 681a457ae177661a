//! 进展填报: the items the signed-in user may report on — their unit leads or assists
//! them and their role is reporter or unit manager. The capture form builds on this list.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::ProgressBar;
use crate::domain::progress::item_percent;
use crate::pages::ErrorNotice;
use crate::server_fns::account::{ReportPlan, get_report_items};
use crate::text;

#[component]
pub fn ReportView() -> impl IntoView {
    let plans = Resource::new(|| (), |_| get_report_items());
    view! {
        <Title text=text::page_title(text::REPORT_TITLE) />
        <h1>{text::REPORT_TITLE}</h1>
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(plans) if plans.is_empty() => {
                        view! { <p class="muted">{text::REPORT_NONE}</p> }.into_any()
                    }
                    Ok(plans) => view! { <ReportPlans plans /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportPlans(plans: Vec<ReportPlan>) -> AnyView {
    view! {
        <p class="muted">{text::REPORT_INTRO}</p>
        <p>
            <a class="button" href="/field">{text::REPORT_OPEN_FIELD}</a>
        </p>
        {plans
            .into_iter()
            .map(|ReportPlan { plan, items }| {
                let code = plan.id.clone();
                view! {
                    <section class="report-plan" data-plan=code.clone()>
                        <h2>{plan.title}</h2>
                        <p><a class="town-board-link" href=format!("/plans/{code}/towns")>{text::NAV_TOWN_BOARD}</a></p>
                        <ol class="items">
                            {items
                                .into_iter()
                                .map(|(item, lead)| {
                                    let percent = item_percent(&item);
                                    view! {
                                        <li class="item-card reportable" data-item=item.number>
                                            <a
                                                class="item-title"
                                                href=format!("/plans/{code}/items/{}", item.number)
                                            >
                                                <span class="item-number">"(" {item.number} ")"</span>
                                                {item.title}
                                            </a>
                                            <span class="badge">
                                                {if lead { text::AS_LEAD } else { text::AS_CO }}
                                            </span>
                                            <ProgressBar percent />
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    </section>
                }
            })
            .collect_view()}
    }
    .into_any()
}
