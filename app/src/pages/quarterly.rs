//! 季度汇总 for leaders: items of the categories in their charge, with progress and colour
//! at the end of each quarter.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::PaceBadge;
use crate::pages::ErrorNotice;
use crate::server_fns::quarterly::{QuarterlyPage, get_quarterly};
use crate::text;

#[component]
pub fn QuarterlyView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("plan").unwrap_or_default(),
        get_quarterly,
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Body page /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Body(page: QuarterlyPage) -> impl IntoView {
    let QuarterlyPage {
        plan,
        title,
        quarters,
        rows,
        limited_to,
    } = page;
    let scope = match limited_to {
        Some(c) => format!(
            "{}：{}",
            text::QUARTERLY_MINE,
            c.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("、")
        ),
        None => text::QUARTERLY_ALL.to_string(),
    };
    view! {
        <Title text=text::page_title(text::QUARTERLY) />
        <article class="quarterly">
            <p class="breadcrumb">
                <a href=format!("/plans/{plan}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{title} " " {text::QUARTERLY}</h1>
            <p class="muted">{scope}</p>
            <div class="grid-scroll">
                <table class="monthly-table quarterly-table">
                    <thead>
                        <tr>
                            <th scope="col">{text::ITEM}</th>
                            {quarters
                                .iter()
                                .map(|(label, day)| view! { <th scope="col">{label.clone()} <span class="muted">" " {day.to_string()}</span></th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <tr data-item=r.item>
                                        <th scope="row">
                                            <a href=format!("/plans/{plan}/items/{}", r.item)>"(" {r.item} ") " {r.title}</a>
                                            <span class="muted">" " {r.lead_units} " · " {r.category}</span>
                                        </th>
                                        {r
                                            .cells
                                            .into_iter()
                                            .map(|(percent, status)| {
                                                view! {
                                                    <td data-status=status.as_str()>
                                                        {text::percent(percent)} " " <PaceBadge status />
                                                    </td>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </article>
    }
}
