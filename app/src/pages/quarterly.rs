//! 季度汇总 for leaders: items of the categories in their charge, with progress and colour
//! at the end of each quarter, and a quarter's 汇报材料 assembled from the lead units'
//! monthly submissions.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::PaceBadge;
use crate::domain::quarterly::QuarterPack;
use crate::pages::loaded::loaded;
use crate::server_fns::quarterly::{QuarterlyPage, get_quarterly};
use crate::text;

#[component]
pub fn QuarterlyView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("plan").unwrap_or_default(),
                query.read().get("q").and_then(|q| q.parse::<usize>().ok()),
            )
        },
        |(plan, quarter)| get_quarterly(plan, quarter),
    );
    view! {
        {loaded(page, move |page| view! { <Body page /> })}
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
        pack,
    } = page;
    let labels: Vec<String> = quarters.iter().map(|(l, _)| l.clone()).collect();
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
            {pack.map(|pack| view! { <Pack pack labels /> })}
        </article>
    }
}

/// 季度汇报材料: each item's three months as the lead unit submitted them.
#[component]
fn Pack(pack: QuarterPack, labels: Vec<String>) -> impl IntoView {
    let chosen = pack.quarter;
    let links = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let current = (i == chosen).then_some("page");
            view! { <a href=format!("?q={i}#pack") aria-current=current>{label}</a> " " }
        })
        .collect_view();
    let items = pack
        .items
        .into_iter()
        .map(|item| {
            let heading = format!("({}) {}", item.item, item.title);
            let months = item
                .months
                .into_iter()
                .map(|m| {
                    let heading = format!("{} · {}", m.month.label(), m.timeliness.label());
                    let body = match m.text {
                        Some(t) => {
                            let parts = [
                                (text::PACK_FIGURES, t.figures),
                                (text::PACK_PROGRESS, t.narrative),
                                (text::PACK_NEXT, t.next_steps),
                            ];
                            parts
                                .into_iter()
                                .filter(|(_, v)| !v.trim().is_empty())
                                .map(|(k, v)| view! { <p><strong>{k}</strong> {v}</p> })
                                .collect_view()
                                .into_any()
                        }
                        None => view! { <p class="muted">{text::PACK_NONE}</p> }.into_any(),
                    };
                    view! {
                        <div class="pack-month" data-timeliness=m.timeliness.as_str()>
                            <h4>{heading}</h4>
                            {body}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="pack-item" data-item=item.item>
                    <h3>{heading} <span class="muted">" " {item.lead_units}</span></h3>
                    {months}
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="quarter-pack" id="pack">
            <h2>{format!("{}{}", pack.label, text::PACK_TITLE)}</h2>
            <p class="muted">{text::PACK_HELP}</p>
            <p class="quarter-links">{links}</p>
            {items}
        </section>
    }
}
