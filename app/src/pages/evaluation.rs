//! 满意度测评: the 督查室 opens and closes the window and enters paper ballots; a 测评代表
//! rates every item once; once closed, the results are public here (and as .xlsx), with
//! the public's own ratings beside them, never counted in them.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::PlanHeader;
use crate::domain::evaluation::ItemResult;
use crate::domain::feedback::Rating;
use crate::forms::{FormError, previous_value};
use crate::pages::DoneNotice;
use crate::pages::loaded::loaded;
use crate::server_fns::evaluation::{EvaluationPage, get_evaluation};
use crate::text;

#[component]
pub fn EvaluationView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let plan = move || params.read().get("plan").unwrap_or_default();
    let done = move || query.read().get("done");
    let page = Resource::new(plan, get_evaluation);
    view! {
        {loaded(page, move |page| view! { <EvaluationBody page done=done() /> })}
    }
}

#[component]
fn EvaluationBody(page: EvaluationPage, done: Option<String>) -> impl IntoView {
    let EvaluationPage {
        plan,
        items,
        window,
        clerk,
        evaluator,
        voted,
        paper_ballots,
        results,
    } = page;
    let code = plan.id.clone();
    let open = window.as_ref().is_some_and(|w| w.is_open());
    let state = match &window {
        None => text::EVALUATION_NONE.to_string(),
        Some(w) if w.is_open() => format!("{}（{}）", text::EVALUATION_OPEN, w.rule.describe()),
        Some(w) => format!("{}（{}）", text::EVALUATION_CLOSED, w.rule.describe()),
    };
    let action = |what: &str| format!("/plans/{code}/evaluation/{what}");
    let window_form = clerk.then(|| {
        let (what, label) = if open {
            ("close", text::EVALUATION_CLOSE)
        } else {
            ("open", text::EVALUATION_START)
        };
        view! {
            <FormError form=format!("evaluation-{what}") />
            <form method="post" action=action(what) class="inline-form">
                <button type="submit">{label}</button>
            </form>
        }
    });
    let ballot = (evaluator && open && !voted).then(|| {
        view! {
            <section class="ballot">
                <h2>{text::EVALUATION_BALLOT}</h2>
                <FormError form="evaluation-ballot" />
                <form method="post" action=action("ballot") class="ballot-form">
                    <BallotItems items=items.clone() form="evaluation-ballot" />
                    <button type="submit">{text::EVALUATION_SUBMIT}</button>
                </form>
            </section>
        }
    });
    let voted_note =
        (evaluator && voted).then(|| view! { <p class="notice">{text::EVALUATION_VOTED}</p> });
    let paper = (clerk && open).then(|| {
        view! {
            <section class="ballot">
                <h2>{text::EVALUATION_PAPER}</h2>
                <p class="muted">{text::evaluation_paper_count(paper_ballots.len())} " " {paper_ballots.join("、")}</p>
                <FormError form="evaluation-paper" />
                <form method="post" action=action("paper") class="ballot-form">
                    <label>
                        {text::EVALUATION_BALLOT_NUMBER}
                        <input name="ballot_number" required maxlength="20" value=previous_value("evaluation-paper", "ballot_number") />
                    </label>
                    <BallotItems items=items.clone() form="evaluation-paper" />
                    <button type="submit">{text::EVALUATION_PAPER_SUBMIT}</button>
                </form>
            </section>
        }
    });
    let results = results.map(|rows| view! { <Results plan=code.clone() rows /> });
    view! {
        <Title text=text::page_title(text::EVALUATION) />
        <PlanHeader plan />
        <h1>{text::EVALUATION}</h1>
        <DoneNotice done />
        <p class="evaluation-state">{state}</p>
        // A refused ballot says why even when its form is no longer shown (already voted).
        {(!open || voted).then(|| view! { <FormError form="evaluation-ballot" /> })}
        {window_form}
        {voted_note}
        {ballot}
        {paper}
        {results}
    }
}

/// One row per item with its three choices; what was chosen before a refusal is kept.
#[component]
fn BallotItems(items: Vec<(u32, String)>, form: &'static str) -> impl IntoView {
    view! {
        <ol class="ballot-items">
            {items
                .into_iter()
                .map(|(n, title)| {
                    let field = format!("item-{n}");
                    let chosen = previous_value(form, &field);
                    view! {
                        <li>
                            <fieldset>
                                <legend>"(" {n} ") " {title}</legend>
                                {Rating::ALL
                                    .into_iter()
                                    .map(|r| view! {
                                        <label class="rating-choice">
                                            <input type="radio" name=field.clone() value=r.as_str() required checked=chosen == r.as_str() />
                                            {r.label()}
                                        </label>
                                    })
                                    .collect_view()}
                            </fieldset>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn Results(plan: String, rows: Vec<ItemResult>) -> impl IntoView {
    view! {
        <section class="evaluation-results">
            <h2>{text::EVALUATION_RESULTS}</h2>
            <p><a class="button secondary" href=format!("/plans/{plan}/evaluation.xlsx")>{text::EVALUATION_XLSX}</a></p>
            <table class="rating-table evaluation-table">
                <thead>
                    <tr>
                        <th scope="col">{text::ITEM}</th>
                        <th scope="col">"满意"</th>
                        <th scope="col">"基本满意"</th>
                        <th scope="col">"不满意"</th>
                        <th scope="col">{text::EVALUATION_RESULT}</th>
                        <th scope="col">{text::EVALUATION_PUBLIC}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| view! {
                            <tr data-item=r.item data-result=r.result.map(|x| x.as_str())>
                                <th scope="row">"(" {r.item} ") " {r.title}</th>
                                <td>{r.panel.satisfied}</td>
                                <td>{r.panel.basic}</td>
                                <td>{r.panel.unsatisfied}</td>
                                <td class="result"><strong>{r.result.map_or(text::EVALUATION_NOT_RATED, |x| x.label())}</strong></td>
                                <td class="muted">{text::rating_summary(&r.public)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="muted">{text::EVALUATION_PUBLIC_NOTE}</p>
        </section>
    }
}
