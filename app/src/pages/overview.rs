//! 项目总览: categories → items, each with lead units, targets and a progress bar, plus the
//! filter island (without JavaScript every item is shown).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{AsOfForm, ChargeToggle, PaceBadge, PlanHeader, ProgressBar};
use crate::domain::pace::{ItemPace, status_counts};
use crate::domain::plan::{Item, PlanSummary};
use crate::domain::progress::item_percent;
use crate::islands::{FilterEntry, ItemFilter};
use crate::pages::loaded::loaded;
use crate::server_fns::weekly::get_weekly_reminder;
use crate::server_fns::{OverviewPage, get_overview};
use crate::text;

#[component]
pub fn Overview() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let query = query.read();
            (
                params.read().get("plan"),
                super::as_of_param(&query),
                query.get("all").map(|v| v == "1"),
            )
        },
        |(plan, as_of, all)| get_overview(plan, as_of, all),
    );
    view! {
        {loaded(page, move |page| view! { <OverviewBody page /> })}
    }
}

#[component]
fn OverviewBody(page: OverviewPage) -> AnyView {
    let OverviewPage {
        plan,
        plans,
        as_of,
        as_of_asked,
        paces,
        to_review,
        feedback_owed,
        opinions_owed,
        directives_owed,
        narrowed_to,
        has_charge,
        reminders,
        quiet_units,
        stale_days,
    } = page;
    let link_as_of = as_of_asked.then_some(as_of);
    let entries: Vec<FilterEntry> = plan.items.iter().map(filter_entry).collect();
    let others: Vec<_> = plans
        .into_iter()
        .filter(|p| p.id != plan.summary.id)
        .collect();
    let code = plan.summary.id.clone();
    let categories = plan
        .categories
        .iter()
        .map(|c| {
            let items: Vec<(Item, Option<ItemPace>, u64)> = plan
                .items_in(c.number)
                .map(|i| {
                    let waiting = to_review
                        .iter()
                        .find_map(|(n, count)| (*n == i.number).then_some(*count))
                        .unwrap_or(0);
                    (i.clone(), paces.iter().find(|p| p.item == i.number).cloned(), waiting)
                })
                .collect();
            view! {
                <section class="category" data-category=c.number>
                    <h2>{text::category_heading(c.number, &c.name)}</h2>
                    <ol class="items">
                        {items
                            .into_iter()
                            .map(|(item, pace, waiting)| {
                                view! { <ItemCard plan=code.clone() item pace as_of=link_as_of waiting /> }
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
        {crate::session::current_viewer()
            .is_some()
            .then(|| view! { <WeeklyReminder plan=code.clone() /> })}
        {(!directives_owed.is_empty())
            .then(|| view! {
                <div class="notice reminder notices-owed" role="status">
                    <p>{text::notices_owed(directives_owed.len())}</p>
                    <ul>
                        {directives_owed.iter().map(|(n, deadline)| view! {
                            <li data-notice=n.id>
                                <a href=format!("/plans/{code}/supervision#notice-{}", n.id)>
                                    {format!("（{}）{}：{} {deadline}", n.item, n.item_title, text::NOTICE_DEADLINE)}
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
        {(opinions_owed > 0)
            .then(|| view! {
                <p class="notice reminder opinions-owed" role="status">
                    {text::opinions_owed(opinions_owed)} " "
                    {text::OPINIONS_WHERE}
                </p>
            })}
        {(feedback_owed > 0)
            .then(|| view! {
                <p class="notice reminder feedback-owed" role="status">
                    {text::feedback_owed(feedback_owed)} " "
                    <a href=format!("/plans/{code}/feedback")>{text::FEEDBACK_QUEUE}</a>
                </p>
            })}
        {(reminders.0 > 0)
            .then(|| view! {
                <p class="notice reminder reminder-centre" role="status">
                    <a href=format!("/plans/{code}/reminders")>{text::reminders_summary(reminders.0, reminders.1)}</a>
                </p>
            })}
        {(!quiet_units.is_empty())
            .then(|| view! {
                <p class="notice reminder quiet-units" role="status">
                    {text::quiet_units(stale_days, &quiet_units)} " "
                    <a href=format!("/plans/{code}/weekly")>{text::LAST_SYNCS}</a>
                </p>
            })}
        {has_charge.then(|| view! { <ChargeToggle narrowed_to=narrowed_to.clone() /> })}
        <AsOfForm as_of />
        <StatusSummary paces=paces.clone() />
        <ItemFilter entries />
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
                <a href=format!("/plans/{}/evaluation", s.id)>{text::EVALUATION}</a>
            </p>
        </section>
    }
}

/// What the viewer's unit still owes in the weekly ledger, shown when they open the app.
#[component]
fn WeeklyReminder(plan: String) -> impl IntoView {
    let link = format!("/plans/{plan}/weekly");
    let owed = Resource::new(move || plan.clone(), get_weekly_reminder);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let link = link.clone();
                Suspend::new(async move {
                    let owed = owed.await.unwrap_or_default();
                    let items: Vec<String> = owed
                        .iter()
                        .flat_map(|o| o.items.iter().map(|(n, t)| format!("({n}) {t}")))
                        .collect();
                    (!items.is_empty())
                        .then(|| {
                            view! {
                                <p class="notice reminder" role="status">
                                    {text::WEEKLY_REMINDER}
                                    {items.join("、")}
                                    " "
                                    <a href=link>{text::WEEKLY_GO}</a>
                                </p>
                            }
                        })
                })
            }}
        </Suspense>
    }
}

/// How many items are done, on pace, blue, yellow and red on the day seen.
#[component]
fn StatusSummary(paces: Vec<ItemPace>) -> impl IntoView {
    view! {
        <section class="status-summary" aria-label=text::STATUS_SUMMARY>
            {status_counts(&paces)
                .into_iter()
                .map(|(status, n)| {
                    view! {
                        <span class="status-count" data-status=status.as_str()>
                            <PaceBadge status />
                            " "
                            <strong>{n}</strong>
                        </span>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn ItemCard(
    plan: String,
    item: Item,
    pace: Option<ItemPace>,
    /// The day asked for, kept in the link to the item.
    as_of: Option<chrono::NaiveDate>,
    /// Reports waiting for the viewer's review.
    waiting: u64,
) -> impl IntoView {
    let query = as_of.map(|d| format!("?as_of={d}")).unwrap_or_default();
    let percent = item_percent(&item);
    let leads = item
        .lead_units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    // Done against target in words beside the bar: a bare target next to a percentage
    // ("30 户" beside 67 %) left readers guessing what was done.
    let targets = item
        .indicators
        .iter()
        .map(|i| format!("{}：{}", i.name, text::done_of_target(i)))
        .collect::<Vec<_>>();
    let status = pace.as_ref().map(|p| p.status.as_str());
    view! {
        <li class="item-card" data-item=item.number data-status=status>
            {pace.map(|p| {
                let reason = p.reason().to_string();
                view! {
                    <p class="item-pace" title=reason>
                        <PaceBadge status=p.status />
                    </p>
                }
            })}
            <a class="item-title" href=format!("/plans/{plan}/items/{}{query}", item.number)>
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
            {(waiting > 0)
                .then(|| {
                    view! {
                        <a class="to-review" href=format!("/plans/{plan}/items/{}#reports", item.number)>
                            {format!("{waiting} {}", text::TO_REVIEW)}
                        </a>
                    }
                })}
        </li>
    }
}

/// What the filter searches: number, title, content and unit names, lower-cased.
fn filter_entry(item: &Item) -> FilterEntry {
    let units = item
        .lead_units
        .iter()
        .chain(&item.co_units)
        .map(|u| u.name.as_str());
    let number = item.number.to_string();
    let text = [number.as_str(), item.title.as_str(), item.content.as_str()]
        .into_iter()
        .chain(units)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    FilterEntry {
        item: item.number,
        category: item.category,
        text,
    }
}
