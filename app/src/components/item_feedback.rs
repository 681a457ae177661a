//! 群众评价 on an item's page: the counts, the form (no account, works without JavaScript)
//! and the suggestions the 督查室 published with their answers.

use leptos::prelude::*;

use crate::domain::feedback::{Feedback, Rating, RatingCounts};
use crate::forms::{FormError, previous_value};
use crate::text;

#[component]
pub fn ItemFeedback(
    plan: String,
    number: u32,
    ratings: RatingCounts,
    published: Vec<Feedback>,
) -> impl IntoView {
    let action = format!("/plans/{plan}/items/{number}/feedback");
    let chosen = previous_value("feedback", "rating");
    let typed = previous_value("feedback", "suggestion");
    let choices = Rating::ALL
        .into_iter()
        .map(|r| {
            view! {
                <label class="rating-choice">
                    <input type="radio" name="rating" value=r.as_str() required checked=chosen == r.as_str() />
                    {r.label()}
                </label>
            }
        })
        .collect_view();
    let list = if published.is_empty() {
        view! { <p class="muted">{text::FEEDBACK_NONE_PUBLISHED}</p> }.into_any()
    } else {
        view! {
            <ul class="feedback-list">
                {published
                    .into_iter()
                    .map(|f| {
                        view! {
                            <li data-feedback=f.id>
                                <p class="feedback-meta">
                                    <span class="rating" data-rating=f.rating.as_str()>{f.rating.label()}</span>
                                    " · " {crate::domain::china_time::day_at(f.created_at).to_string()}
                                </p>
                                <p class="feedback-text">{f.suggestion.unwrap_or_default()}</p>
                                {f.answer.map(|a| view! {
                                    <p class="feedback-answer"><strong>{text::FEEDBACK_ANSWER} "："</strong>{a}</p>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section id="feedback" class="item-feedback">
            <h2>{text::FEEDBACK}</h2>
            <p class="rating-summary">{text::rating_summary(&ratings)}</p>
            <FormError form="feedback" />
            <form method="post" action=action class="feedback-form">
                <fieldset>
                    <legend>{text::FEEDBACK_ASK}</legend>
                    {choices}
                </fieldset>
                <label>
                    {text::FEEDBACK_SUGGESTION}
                    <textarea name="suggestion" rows="3" maxlength=crate::domain::feedback::MAX_SUGGESTION_CHARS>
                        {text::escape_raw_text(&typed)}
                    </textarea>
                </label>
                <p class="muted">{text::FEEDBACK_PRIVACY}</p>
                <button type="submit">{text::FEEDBACK_SUBMIT}</button>
            </form>
            <h3>{text::FEEDBACK_PUBLISHED}</h3>
            {list}
        </section>
    }
}
