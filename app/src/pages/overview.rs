//! 项目总览: categories → items, each with lead units, targets and a progress bar, plus a
//! filter that works once the page has hydrated (without JavaScript every item is shown).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{OverviewPage, get_overview};
use crate::components::{PlanHeader, ProgressBar};
use crate::pages::ErrorNotice;
use crate::plan::{Item, PlanSummary};
use crate::progress::item_percent;
use crate::text;

#[component]
pub fn Overview() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(move || params.read().get("plan"), get_overview);
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <OverviewBody page /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OverviewBody(page: OverviewPage) -> AnyView {
    let OverviewPage { plan, plans } = page;
    let query = RwSignal::new(String::new());
    let total = plan.items.len();
    // Lower-cased search text per item, computed once.
    let haystacks: Vec<(u32, String)> =
        plan.items.iter().map(|i| (i.number, haystack(i))).collect();
    let shown = {
        let haystacks = haystacks.clone();
        Memo::new(move |_| {
            let q = query.read();
            haystacks.iter().filter(|(_, h)| matches(h, &q)).count()
        })
    };
    let others: Vec<_> = plans
        .into_iter()
        .filter(|p| p.id != plan.summary.id)
        .collect();
    let categories = plan
        .categories
        .iter()
        .map(|c| {
            let items: Vec<Item> = plan.items_in(c.number).cloned().collect();
            let numbers: Vec<u32> = items.iter().map(|i| i.number).collect();
            let hay = haystacks.clone();
            let hidden = move || {
                let q = query.read();
                !hay.iter().any(|(n, h)| numbers.contains(n) && matches(h, &q))
            };
            view! {
                <section class="category" class:hidden=hidden data-category=c.number>
                    <h2>{text::category_heading(c.number, &c.name)}</h2>
                    <ol class="items">
                        {items
                            .into_iter()
                            .map(|item| {
                                let h = haystack(&item);
                                let item_hidden = move || !matches(&h, &query.read());
                                view! {
                                    <ItemCard plan=plan.summary.id.clone() item hidden=item_hidden />
                                }
                            })
                            .collect_view()}
                    </ol>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=text::page_title(&plan.summary.title) />
        <PlanHeader plan=plan.summary.clone() />
        <PlanIntro
            notice_title=plan.notice_title.clone()
            disclosure=plan.disclosure.clone()
            summary=plan.summary.clone()
        />
        <div class="filter">
            <label for="item-filter">{text::FILTER_LABEL}</label>
            <input
                id="item-filter"
                type="search"
                placeholder=text::FILTER_PLACEHOLDER
                prop:value=query
                on:input:target=move |ev| query.set(ev.target().value())
            />
            <output class="filter-count" for="item-filter">
                {move || format!("{} / {total} {}", shown.get(), text::ITEM_COUNT)}
            </output>
        </div>
        <p class="empty" class:hidden=move || shown.get() != 0>{text::FILTER_NONE}</p>
        {categories}
        {(!others.is_empty())
            .then(|| {
                view! {
                    <nav class="other-plans">
                        <h2>{text::OTHER_PLANS}</h2>
                        <ul>
                            {others
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <li>
                                            <a href=format!("/plans/{}", p.id)>{p.title}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                }
            })}
    }
    .into_any()
}

#[component]
fn PlanIntro(notice_title: String, disclosure: String, summary: PlanSummary) -> impl IntoView {
    let s = summary;
    view! {
        <section class="plan-intro">
            <h1>{notice_title}</h1>
            <p class="plan-facts">
                <span>{s.issuer}</span>
                <span>{text::ISSUED_ON} " " {s.issued_on.to_string()}</span>
                <span>{s.category_count} " " {text::CATEGORY_COUNT} " " {s.item_count} " " {text::ITEM_COUNT}</span>
                <span>{disclosure}</span>
            </p>
        </section>
    }
}

#[component]
fn ItemCard(
    plan: String,
    item: Item,
    hidden: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    let percent = item_percent(&item);
    let leads = item
        .lead_units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let targets = item
        .indicators
        .iter()
        .map(|i| {
            if i.target.is_some() {
                format!("{} {}", i.name, text::target(i))
            } else {
                i.name.clone()
            }
        })
        .collect::<Vec<_>>();
    view! {
        <li class="item-card" class:hidden=hidden data-item=item.number>
            <a class="item-title" href=format!("/plans/{plan}/items/{}", item.number)>
                <span class="item-number">"(" {item.number} ")"</span>
                {item.title}
            </a>
            <p class="item-lead">
                <span class="label">{text::LEAD_UNITS} "："</span>
                {leads}
            </p>
            <ul class="item-targets">
                {targets.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
            </ul>
            <ProgressBar percent />
        </li>
    }
}

/// What the filter searches: number, title, content and unit names, lower-cased.
fn haystack(item: &Item) -> String {
    let units = item
        .lead_units
        .iter()
        .chain(&item.co_units)
        .map(|u| u.name.as_str());
    std::iter::once(item.number.to_string().as_str())
        .chain([item.title.as_str(), item.content.as_str()])
        .chain(units)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every whitespace-separated word of the query must occur.
fn matches(haystack: &str, query: &str) -> bool {
    query
        .split_whitespace()
        .all(|word| haystack.contains(&word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_requires_every_word() {
        let h = "6 新增公办幼儿园学位 区教育局".to_lowercase();
        assert!(matches(&h, ""));
        assert!(matches(&h, "幼儿园"));
        assert!(matches(&h, "幼儿园 教育局"));
        assert!(!matches(&h, "幼儿园 石桥镇"));
    }
}
