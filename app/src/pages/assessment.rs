//! 考核: each lead unit's score for a month, highest first, with the rule in force printed
//! above; every row opens to the facts behind each point. Downloadable as .xlsx.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::domain::assessment::Score;
use crate::pages::loaded::loaded;
use crate::server_fns::assessment::{AssessmentPage, get_assessment};
use crate::text;

#[component]
pub fn AssessmentView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("plan").unwrap_or_default(),
                query.read().get("month"),
            )
        },
        |(plan, month)| get_assessment(plan, month),
    );
    view! {
        {loaded(page, move |page| view! { <Body page /> })}
    }
}

#[component]
fn Body(page: AssessmentPage) -> impl IntoView {
    let AssessmentPage {
        plan,
        month,
        months,
        rule,
        scores,
    } = page;
    let code = plan.id.clone();
    let title = format!("{} {}", month.label(), text::ASSESSMENT);
    view! {
        <Title text=text::page_title(&title) />
        <article class="assessment">
            <p class="breadcrumb no-print">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{plan.title.clone()} " " {title}</h1>
            <form method="get" class="as-of no-print">
                <label>
                    {text::MONTH} " "
                    <select name="month">
                        {months
                            .into_iter()
                            .map(|m| view! { <option value=m.key() selected=m == month>{m.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="secondary">{text::SHOW}</button>
                " "
                <a href=format!("/plans/{code}/assessment.xlsx?month={}", month.key())>{text::ASSESSMENT_XLSX}</a>
            </form>
            <details class="score-rule" open>
                <summary>{text::ASSESSMENT_RULE}</summary>
                <p>{rule.join("；")}</p>
                <p class="muted">{text::ASSESSMENT_RULE_NOTE}</p>
            </details>
            <div class="grid-scroll">
                <table class="scores">
                    <thead>
                        <tr>
                            <th scope="col">{text::RANK}</th>
                            <th scope="col">{text::LEAD_UNITS}</th>
                            <th scope="col">{text::SCORE_TOTAL}</th>
                            <th scope="col">{text::SCORE_FACTS}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {scores
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| view! { <ScoreRow rank=i + 1 s /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </article>
    }
}

#[component]
fn ScoreRow(rank: usize, s: Score) -> impl IntoView {
    view! {
        <tr data-unit=s.unit.clone() data-total=s.total.to_string()>
            <td class="num">{rank}</td>
            <th scope="row">{s.unit.clone()}</th>
            <td class="num"><strong>{s.total.to_string()}</strong></td>
            <td>
                <details class="score-facts">
                    <summary>{text::SCORE_OPEN}</summary>
                    <ul>
                        {s.points
                            .into_iter()
                            .map(|p| {
                                let negative = p.points < 0.0;
                                view! {
                                    <li data-points=p.points.to_string() class:deduction=negative>
                                        {format!("{}：{} → {} 分", p.label, p.facts, p.points)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </details>
            </td>
        </tr>
    }
}
