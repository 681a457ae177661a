//! 月度报告: per category and item — target, cumulative actual, percent, pace, this month's
//! progress, difficulties — with the .xlsx download and the drafted 通报. The page prints
//! as the paper report (see the print rules in the stylesheet).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::PaceBadge;
use crate::domain::monthly::MonthlyItem;
use crate::pages::loaded::loaded;
use crate::server_fns::monthly::{MonthlyPage, get_monthly};
use crate::text;

#[component]
pub fn MonthlyView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("plan").unwrap_or_default(),
                query.read().get("month"),
            )
        },
        |(plan, month)| get_monthly(plan, month),
    );
    view! {
        {loaded(page, move |page| view! { <MonthlyBody page /> })}
    }
}

#[component]
fn MonthlyBody(page: MonthlyPage) -> impl IntoView {
    let MonthlyPage {
        report,
        bulletin,
        may_export_raw,
    } = page;
    let code = report.plan.id.clone();
    let key = report.month.key();
    let title = format!("{} {}", report.month.label(), text::MONTHLY);
    view! {
        <Title text=text::page_title(&title) />
        <article class="monthly">
            <p class="breadcrumb no-print">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{report.plan.title.clone()} " " {title.clone()}</h1>
            <form method="get" class="as-of no-print">
                <label>
                    {text::MONTH} " "
                    <input type="month" name="month" value=key.clone() />
                </label>
                <button type="submit">{text::AS_OF_SHOW}</button>
                <a class="button" href=format!("/plans/{code}/monthly.xlsx?month={key}") download>
                    {text::DOWNLOAD_XLSX}
                </a>
                {may_export_raw
                    .then(|| {
                        view! {
                            <a class="button secondary" href=format!("/plans/{code}/reports.csv") download>
                                {text::DOWNLOAD_CSV}
                            </a>
                        }
                    })}
            </form>
            <p class="completion">
                {text::AS_OF} " " {report.as_of.to_string()} " · " {text::COMPLETION} " "
                <strong>{text::percent(report.completion)}</strong>
            </p>
            {report
                .categories
                .into_iter()
                .map(|c| {
                    view! {
                        <section class="monthly-category">
                            <h2>{c.heading}</h2>
                            <table class="monthly-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{text::ITEM}</th>
                                        <th scope="col">{text::INDICATORS}</th>
                                        <th scope="col">{text::PACE_STATUS}</th>
                                        <th scope="col">{text::THIS_MONTH}</th>
                                        <th scope="col">{text::OPEN_DIFFICULTIES}</th>
                                        <th scope="col">{text::NOTICES}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {c.items.into_iter().map(|item| view! { <MonthlyRow item /> }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                })
                .collect_view()}
            <section class="bulletin">
                <h2>{text::BULLETIN}</h2>
                <pre class="bulletin-text">{bulletin}</pre>
            </section>
        </article>
    }
}

#[component]
fn MonthlyRow(item: MonthlyItem) -> impl IntoView {
    view! {
        <tr data-item=item.number data-status=item.status.as_str()>
            <th scope="row" data-label=text::ITEM>
                "(" {item.number} ") " {item.title}
                <span class="muted">" " {item.lead_units}</span>
            </th>
            <td data-label=text::INDICATORS>
                <ul class="monthly-indicators">
                    {item
                        .indicators
                        .into_iter()
                        .map(|i| {
                            view! {
                                <li>
                                    {i.name} "：" {text::TARGET} " " {i.target} "，" {text::CUMULATIVE} " "
                                    {i.actual} "（" {text::percent(i.percent)} "），" {i.this_month}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </td>
            <td data-label=text::PACE_STATUS>
                <PaceBadge status=item.status />
                <p class="explanation">{item.reason}</p>
            </td>
            <td data-label=text::THIS_MONTH class="pre">
                {item.narrative}
                {(!item.next_steps.is_empty()).then(|| view! {
                    <p class="next-steps">{format!("{}：\n{}", text::FORM_NEXT_STEPS, item.next_steps)}</p>
                })}
                {(item.evidence > 0).then(|| view! {
                    <p class="muted evidence-count">{format!("{} {} 张", text::EVIDENCE_PHOTOS, item.evidence)}</p>
                })}
            </td>
            <td data-label=text::OPEN_DIFFICULTIES class="pre">{item.difficulties}</td>
            <td data-label=text::NOTICES class="pre">{item.notices}</td>
        </tr>
    }
}
