//! 群众意见: residents' suggestions waiting for an answer and a decision. The lead unit's
//! manager answers those of its items; the 督查室 may also answer, and publishes (with the
//! answer) or hides. Ratings per item are listed below.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::PlanHeader;
use crate::forms::{FormError, previous_value};
use crate::pages::DoneNotice;
use crate::pages::loaded::loaded;
use crate::server_fns::feedback::{FeedbackEntry, FeedbackPage, get_feedback};
use crate::text;

#[component]
pub fn FeedbackView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let plan = move || params.read().get("plan").unwrap_or_default();
    let done = move || query.read().get("done");
    let page = Resource::new(plan, get_feedback);
    view! {
        {loaded(page, move |page| view! { <FeedbackBody page done=done() /> })}
    }
}

#[component]
fn FeedbackBody(page: FeedbackPage, done: Option<String>) -> impl IntoView {
    let FeedbackPage {
        plan,
        entries,
        ratings,
        may_moderate,
    } = page;
    let code = plan.id.clone();
    let list = if entries.is_empty() {
        view! { <p class="muted">{text::FEEDBACK_QUEUE_EMPTY}</p> }.into_any()
    } else {
        view! {
            <ul class="feedback-queue">
                {entries
                    .into_iter()
                    .map(|entry| view! { <Entry plan=code.clone() entry may_moderate /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <Title text=text::page_title(text::FEEDBACK_QUEUE) />
        <PlanHeader plan />
        <h1>{text::FEEDBACK_QUEUE}</h1>
        <DoneNotice done />
        <p><a class="button secondary" href=format!("/plans/{code}/feedback.csv")>{text::FEEDBACK_EXPORT}</a></p>
        {list}
        <h2>{text::FEEDBACK}</h2>
        <table class="rating-table">
            <thead><tr><th scope="col">{text::ITEM}</th><th scope="col">{text::FEEDBACK}</th></tr></thead>
            <tbody>
                {ratings
                    .into_iter()
                    .map(|(n, title, counts)| view! {
                        <tr data-item=n>
                            <th scope="row">"(" {n} ") " {title}</th>
                            <td>{text::rating_summary(&counts)}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Entry(plan: String, entry: FeedbackEntry, may_moderate: bool) -> impl IntoView {
    let FeedbackEntry {
        feedback: f,
        item_title,
        may_answer,
    } = entry;
    let id = f.id;
    let form_name = format!("feedback-{id}");
    let typed = previous_value(&form_name, "answer");
    let answer_text = if typed.is_empty() {
        f.answer.clone().unwrap_or_default()
    } else {
        typed
    };
    let needs_answer = f.needs_answer();
    let status = f.status;
    view! {
        <li class="feedback-entry" data-feedback=id data-status=status.as_str() data-rating=f.rating.as_str()>
            <p class="feedback-meta">
                <a href=format!("/plans/{plan}/items/{}", f.item)>"(" {f.item} ") " {item_title}</a>
                " · " <span class="rating">{f.rating.label()}</span>
                " · " {crate::domain::china_time::format(f.created_at, "%Y-%m-%d %H:%M")}
                " · " <span class="status">{status.label()}</span>
                {needs_answer.then(|| view! { " · " <strong class="needs-answer">{text::FEEDBACK_NEEDS_ANSWER}</strong> })}
            </p>
            <p class="feedback-text">{f.suggestion.clone().unwrap_or_default()}</p>
            {f.answer.clone().map(|a| view! {
                <p class="feedback-answer">
                    <strong>{text::FEEDBACK_ANSWER} "："</strong>{a}
                    {f.answered_by.clone().map(|by| view! { <span class="muted">" （" {by} "）"</span> })}
                </p>
            })}
            <FormError form=form_name.clone() />
            {may_answer.then(|| view! {
                <form method="post" action=format!("/plans/{plan}/feedback/{id}/answer") class="answer-form">
                    <label>
                        {text::FEEDBACK_ANSWER}
                        <textarea name="answer" rows="2" required>{text::escape_raw_text(&answer_text)}</textarea>
                    </label>
                    <button type="submit">{text::FEEDBACK_ANSWER_SUBMIT}</button>
                </form>
            })}
            {may_moderate.then(|| view! {
                <form method="post" action=format!("/plans/{plan}/feedback/{id}/publish") class="inline-form">
                    <button type="submit">{text::FEEDBACK_PUBLISH}</button>
                </form>
                <form method="post" action=format!("/plans/{plan}/feedback/{id}/hide") class="inline-form">
                    <button type="submit" class="secondary">{text::FEEDBACK_HIDE}</button>
                </form>
            })}
        </li>
    }
}
