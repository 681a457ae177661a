//! 单位页: the items a unit leads and the items it assists.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{PlanHeader, ProgressBar};
use crate::domain::plan::Item;
use crate::domain::progress::item_percent;
use crate::error::AppError;
use crate::pages::loaded::loaded;
use crate::server_fns::{UnitPage, get_unit};
use crate::text;

#[component]
pub fn UnitView() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("plan").unwrap_or_default(),
            p.get("unit").and_then(|n| n.parse::<i64>().ok()),
        )
    };
    let page = Resource::new(key, |(plan, unit)| async move {
        match unit {
            Some(unit) => get_unit(plan, unit).await,
            None => Err(AppError::NotFound(text::NOT_FOUND_PAGE.to_string())),
        }
    });
    view! {
        {loaded(page, move |page| view! { <UnitBody page /> })}
    }
}

#[component]
fn UnitBody(page: UnitPage) -> AnyView {
    let UnitPage {
        plan,
        unit,
        leads,
        assists,
    } = page;
    let code = plan.id.clone();
    let implements = !(leads.is_empty() && assists.is_empty());
    let aliases = (!unit.aliases.is_empty())
        .then(|| format!("{}：{}", text::ALSO_CALLED, unit.aliases.join("、")));
    view! {
        <Title text=text::page_title(&unit.name) />
        <PlanHeader plan />
        <h1 class="unit-name">{unit.name.clone()}</h1>
        <p class="unit-kind">
            {text::unit_kind_label(unit.kind)}
            {aliases.map(|a| view! { <span class="muted">" · " {a}</span> })}
        </p>
        {if implements {
            view! {
                <UnitItems heading=text::UNIT_LEADS plan=code.clone() items=leads />
                <UnitItems heading=text::UNIT_ASSISTS plan=code items=assists />
            }
                .into_any()
        } else {
            view! { <p class="muted">{text::UNIT_NO_ITEMS}</p> }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn UnitItems(heading: &'static str, plan: String, items: Vec<Item>) -> impl IntoView {
    let count = items.len();
    view! {
        <section class="unit-items">
            <h2>{format!("{heading} ({count})")}</h2>
            {if items.is_empty() {
                view! { <p class="muted">{text::NONE}</p> }.into_any()
            } else {
                view! {
                    <ol class="items">
                        {items
                            .into_iter()
                            .map(|item| {
                                let percent = item_percent(&item);
                                view! {
                                    <li class="item-card" data-item=item.number>
                                        <a
                                            class="item-title"
                                            href=format!("/plans/{plan}/items/{}", item.number)
                                        >
                                            <span class="item-number">"(" {item.number} ")"</span>
                                            {item.title}
                                        </a>
                                        <ProgressBar percent />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}
