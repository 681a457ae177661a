//! 每月报送: the month picker, when the month is due, and per item its submission — a form
//! with the pre-filled draft for the lead unit (保存草稿 / 报送), the submitted text and
//! whether it came in time for the 督查室 and leaders.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::forms::FormError;
use crate::pages::DoneNotice;
use crate::pages::loaded::loaded;
use crate::server_fns::submission::{SubmissionRow, SubmissionsPage, get_submissions};
use crate::text;

#[component]
pub fn SubmissionsView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("plan").unwrap_or_default(),
                query.read().get("month"),
            )
        },
        |(plan, month)| get_submissions(plan, month),
    );
    let done = move || query.read().get("done");
    view! {
        {loaded(page, move |page| view! { <Body page done=done() /> })}
    }
}

#[component]
fn Body(page: SubmissionsPage, done: Option<String>) -> impl IntoView {
    let SubmissionsPage {
        plan,
        month,
        due_on,
        months,
        rows,
    } = page;
    let code = plan.id.clone();
    let key = month.key();
    let counts = text::submission_counts(&rows.iter().map(|r| r.timeliness).collect::<Vec<_>>());
    view! {
        <Title text=text::page_title(text::SUBMISSIONS) />
        <article class="submissions">
            <p class="breadcrumb">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{plan.title.clone()} " " {text::SUBMISSIONS}</h1>
            <DoneNotice done />
            <form method="get" class="as-of">
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
            </form>
            <p class="muted">{text::submission_due(&month.label(), due_on)}</p>
            <p class="submission-counts">{counts}</p>
            <ol class="submission-list">
                {rows
                    .into_iter()
                    .map(|row| view! { <Row plan=code.clone() month=key.clone() row /> })
                    .collect_view()}
            </ol>
        </article>
    }
}

#[component]
fn Row(plan: String, month: String, row: SubmissionRow) -> impl IntoView {
    let SubmissionRow {
        item,
        title,
        lead_units,
        submitted,
        timeliness,
        text: typed,
        editable,
    } = row;
    let when = submitted.as_ref().and_then(|s| s.submitted_at).map(|at| {
        format!(
            "{} {}",
            text::SUBMITTED_AT,
            crate::domain::china_time::format(at, "%Y-%m-%d %H:%M")
        )
    });
    let draft = submitted
        .as_ref()
        .is_some_and(|s| s.status == crate::domain::submission::SubmissionStatus::Draft);
    let unsent = submitted.is_none();
    let body = if editable {
        view! {
            {unsent.then(|| view! { <p class="muted">{text::SUBMISSION_PREFILLED}</p> })}
            <form method="post" action=format!("/plans/{plan}/submissions/{item}") class="stacked">
                <FormError form=format!("submission-{item}") />
                <input type="hidden" name="month" value=month />
                <label>{text::SUBMISSION_FIGURES}<textarea name="figures" rows="3">{typed.figures}</textarea></label>
                <label>{text::THIS_MONTH}<textarea name="narrative" rows="4" required>{typed.narrative}</textarea></label>
                <label>{text::FORM_NEXT_STEPS}<textarea name="next_steps" rows="2">{typed.next_steps}</textarea></label>
                <p class="actions">
                    <button type="submit" name="action" value="save" class="secondary">{text::SUBMISSION_SAVE}</button>
                    " "
                    <button type="submit" name="action" value="submit">{text::SUBMISSION_SUBMIT}</button>
                </p>
            </form>
        }
        .into_any()
    } else if unsent {
        view! { <p class="muted">{text::SUBMISSION_NOT_YET}</p> }.into_any()
    } else {
        view! {
            <dl class="submission-text">
                <dt>{text::SUBMISSION_FIGURES}</dt><dd class="pre">{typed.figures}</dd>
                <dt>{text::THIS_MONTH}</dt><dd class="pre">{typed.narrative}</dd>
                <dt>{text::FORM_NEXT_STEPS}</dt><dd class="pre">{typed.next_steps}</dd>
            </dl>
        }
        .into_any()
    };
    view! {
        <li id=format!("submission-{item}") data-item=item data-timeliness=timeliness.as_str() data-draft=draft.to_string()>
            <h2>"(" {item} ") " {title}</h2>
            <p class="muted">
                {lead_units} " · "
                <strong class=format!("timeliness timeliness-{}", timeliness.as_str())>{timeliness.label()}</strong>
                {when.map(|w| format!(" · {w}"))}
                {draft.then_some(text::SUBMISSION_DRAFT_SAVED)}
            </p>
            {body}
        </li>
    }
}
