//! 代表意见 on an item's page (signed-in users): the opinions 测评代表 filed with their age
//! and answers; the form to file one (测评代表) and to answer (the lead unit's manager).

use leptos::prelude::*;

use crate::domain::opinion::{MAX_OPINION_CHARS, Opinion};
use crate::forms::{FormError, previous_value};
use crate::text;

#[component]
pub fn ItemOpinions(
    plan: String,
    number: u32,
    opinions: Vec<Opinion>,
    /// The viewer is a 测评代表 of the plan.
    files: bool,
    /// The viewer manages the item's lead unit.
    answers: bool,
) -> AnyView {
    if opinions.is_empty() && !files && !answers {
        return ().into_any();
    }
    let now = chrono::Utc::now();
    let list = opinions
        .into_iter()
        .map(|o| {
            let form_name = format!("opinion-{}", o.id);
            let typed = previous_value(&form_name, "answer");
            let start = if typed.is_empty() { o.answer.clone().unwrap_or_default() } else { typed };
            let age = text::opinion_age(o.is_open(), o.age_days(now));
            view! {
                <li class="opinion" data-opinion=o.id data-open=o.is_open().to_string()>
                    <p class="feedback-meta">{o.filed_by.clone()} " · " {crate::domain::china_time::format(o.filed_at, "%Y-%m-%d")} " · " <strong>{age}</strong></p>
                    <p>{o.text.clone()}</p>
                    {o.answer.clone().map(|a| view! {
                        <p class="feedback-answer"><strong>{text::FEEDBACK_ANSWER} "："</strong>{a}</p>
                    })}
                    <FormError form=form_name.clone() />
                    {answers.then(|| view! {
                        <form method="post" action=format!("/plans/{plan}/opinions/{}/answer?item={number}", o.id) class="answer-form">
                            <label>
                                {text::FEEDBACK_ANSWER}
                                <textarea name="answer" rows="2" required maxlength=MAX_OPINION_CHARS>{text::escape_raw_text(&start)}</textarea>
                            </label>
                            <button type="submit">{text::FEEDBACK_ANSWER_SUBMIT}</button>
                        </form>
                    })}
                </li>
            }
        })
        .collect_view();
    let form = files.then(|| {
        view! {
            <FormError form="opinion" />
            <form method="post" action=format!("/plans/{plan}/items/{number}/opinions") class="answer-form">
                <label>
                    {text::OPINION_NEW}
                    <textarea name="text" rows="3" required maxlength=MAX_OPINION_CHARS>{text::escape_raw_text(&previous_value("opinion", "text"))}</textarea>
                </label>
                <button type="submit">{text::OPINION_SUBMIT}</button>
            </form>
        }
    });
    view! {
        <section class="item-opinions" id="opinions">
            <h2>{text::OPINIONS}</h2>
            <ul class="feedback-list">{list}</ul>
            {form}
        </section>
    }
    .into_any()
}
