//! 项目详情: content text, indicators with target and actual, lead and co-units.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::{ItemPage, get_item};
use crate::api_reports::{ReportRow, get_item_reports};
use crate::components::{IndicatorTable, PlanHeader, ProgressBar, UnitLinks};
use crate::error::AppError;
use crate::pages::ErrorNotice;
use crate::progress::item_percent;
use crate::text;

#[component]
pub fn ItemView() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("plan").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u32>().ok()),
        )
    };
    let page = Resource::new(key, |(plan, number)| async move {
        match number {
            Some(number) => get_item(plan, number).await,
            None => Err(AppError::NotFound(text::NOT_FOUND_PAGE.to_string())),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <ItemBody page /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ItemBody(page: ItemPage) -> AnyView {
    let ItemPage {
        plan,
        category,
        item,
    } = page;
    let code = plan.id.clone();
    let percent = item_percent(&item);
    let number = item.number;
    view! {
        <Title text=text::page_title(&item.title) />
        <PlanHeader plan />
        <article class="item-detail" data-item=item.number>
            <p class="breadcrumb">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
                " › "
                {text::category_heading(category.number, &category.name)}
            </p>
            <h1>
                <span class="item-number">"(" {item.number} ") "</span>
                {item.title}
            </h1>
            <ProgressBar percent />
            <section>
                <h2>{text::CONTENT}</h2>
                <p class="content">{item.content}</p>
            </section>
            <section>
                <h2>{text::INDICATORS}</h2>
                <IndicatorTable indicators=item.indicators />
                <p class="muted">{text::NO_REPORTS_YET}</p>
            </section>
            {crate::session::current_viewer()
                .is_some()
                .then(|| view! { <ItemReports plan=code.clone() number /> })}
            <section class="item-units">
                <div>
                    <h2>{text::LEAD_UNITS}</h2>
                    <UnitLinks plan=code.clone() units=item.lead_units />
                </div>
                <div>
                    <h2>{text::CO_UNITS}</h2>
                    <UnitLinks plan=code units=item.co_units />
                </div>
            </section>
        </article>
    }
    .into_any()
}

/// 填报记录: every report on the item, by capture date, with the week it is credited to.
#[component]
fn ItemReports(plan: String, number: u32) -> impl IntoView {
    let reports = Resource::new(
        move || (plan.clone(), number),
        |(plan, number)| get_item_reports(plan, number),
    );
    view! {
        <section class="item-reports">
            <h2>{text::ITEM_REPORTS}</h2>
            <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{text::ITEM_NO_REPORTS}</p> }.into_any(),
                        Ok(rows) => view! { <ReportTable rows /> }.into_any(),
                        Err(error) => view! { <p class="form-error">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ReportTable(rows: Vec<ReportRow>) -> AnyView {
    view! {
        <table class="reports">
            <thead>
                <tr>
                    <th scope="col">{text::REPORT_DATE}</th>
                    <th scope="col">{text::REPORT_WEEK}</th>
                    <th scope="col">{text::UNIT}</th>
                    <th scope="col">{text::REPORT_VALUES}</th>
                    <th scope="col">{text::FORM_NARRATIVE}</th>
                    <th scope="col">{text::STATUS}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr data-report=r.id.clone()>
                                <td data-label=text::REPORT_DATE>{r.captured_on.to_string()}</td>
                                <td data-label=text::REPORT_WEEK class="week">{r.week.clone()}</td>
                                <td data-label=text::UNIT>{r.unit.clone()} <span class="muted">" · " {r.author.clone()}</span></td>
                                <td data-label=text::REPORT_VALUES>{r.values.clone()}</td>
                                <td data-label=text::FORM_NARRATIVE>{r.narrative.clone()} <span class="muted">" " {r.place.clone()}</span></td>
                                <td data-label=text::STATUS>
                                    {r.status.clone()}
                                    {r.comment.clone().map(|c| view! { <span class="muted">"：" {c}</span> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
