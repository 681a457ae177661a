//! 督办单 as a list: each with its colour and deadline now (after any escalation), its
//! phase, its timeline, and the forms the viewer may use on it — the unit's answer, the
//! 督查室's 办结 and send-back. Shown on the item page and the 督办 page; the forms come
//! back to the page they were sent from. Also the counters table of the 督办 page.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::directive::{Counters, Directive, EscalationRule, Phase, Step};
use crate::forms::FormError;
use crate::text;

#[component]
pub fn DirectiveList(
    plan: String,
    rows: Vec<Directive>,
    today: NaiveDate,
    rule: EscalationRule,
    /// The 督办单 the viewer may answer.
    respondable: Vec<i64>,
    /// The 督查室: closes and sends back.
    may_supervise: bool,
    /// The item page the list is on (its forms come back to it), or none on the 督办 page.
    item: Option<u32>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{text::NOTICE_NONE}</p> }.into_any();
    }
    let back = item.map(|n| format!("?item={n}")).unwrap_or_default();
    view! {
        <ul class="notices">
            {rows
                .into_iter()
                .map(|n| {
                    let may_respond = respondable.contains(&n.id);
                    view! {
                        <Entry
                            plan=plan.clone()
                            n
                            today
                            rule
                            may_respond
                            may_supervise
                            back=back.clone()
                        />
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Entry(
    plan: String,
    n: Directive,
    today: NaiveDate,
    rule: EscalationRule,
    may_respond: bool,
    may_supervise: bool,
    back: String,
) -> impl IntoView {
    let s = n.standing(&rule, today);
    let action = |what: &str| format!("/plans/{plan}/notices/{}/{what}{back}", n.id);
    let form = format!("notice-{}", n.id);
    let steps = s
        .steps
        .iter()
        .map(|step| {
            let late = matches!(step, Step::Answered { late: true, .. });
            let kind = match step {
                Step::Issued { .. } => "issued",
                Step::Escalated(_) => "escalated",
                Step::Answered { .. } => "answered",
                Step::SentBack { .. } => "sent_back",
                Step::Closed { .. } => "closed",
            };
            view! {
                <li data-step=kind data-late=late.to_string()>
                    {text::notice_step(step)}
                    {late.then(|| view! { " " <strong class="overdue">{text::NOTICE_ANSWERED_LATE}</strong> })}
                </li>
            }
        })
        .collect_view();
    let answer_form = (s.phase == Phase::Waiting && may_respond).then(|| {
        view! {
            <form method="post" action=action("respond") class="stacked">
                <label>{text::NOTICE_RESPONSE}<textarea name="response" rows="2" required></textarea></label>
                <button type="submit">{text::NOTICE_RESPOND}</button>
            </form>
        }
    });
    let supervise_forms = (s.phase == Phase::Answered && may_supervise).then(|| {
        view! {
            <form method="post" action=action("close") class="inline">
                <button type="submit">{text::NOTICE_CLOSE}</button>
            </form>
            <details class="send-back">
                <summary>{text::NOTICE_SEND_BACK}</summary>
                <form method="post" action=action("send_back") class="stacked">
                    <label>{text::NOTICE_SEND_BACK_REASON}<textarea name="reason" rows="2" maxlength="500" required></textarea></label>
                    <label>{text::NOTICE_SEND_BACK_DEADLINE}<input type="date" name="deadline" min=today.to_string() required /></label>
                    <button type="submit">{text::NOTICE_SEND_BACK}</button>
                </form>
            </details>
        }
    });
    let waiting_note = (s.phase == Phase::Waiting && !may_respond)
        .then(|| view! { <p class="muted">{text::NOTICE_WAITING}</p> });
    view! {
        <li
            id=format!("notice-{}", n.id)
            data-notice=n.id
            data-colour=s.colour.as_str()
            data-phase=s.phase.as_str()
            data-overdue=s.overdue.to_string()
            data-escalated=s.escalated.to_string()
            data-late=s.answered_late.to_string()
        >
            <span class=format!("pace pace-{}", s.colour.as_str())>{s.colour.label()}</span>
            " (" {n.item} ") " {n.item_title.clone()} " → " <strong>{n.unit.clone()}</strong>
            " " <span class=format!("state notice-{}", s.phase.as_str())>{s.phase.label()}</span>
            <p>{n.requirement.clone()}</p>
            <p class="muted">
                {text::notice_deadline(s.deadline, n.round_deadline())}
                {s.overdue.then(|| view! { " " <strong class="overdue">{text::NOTICE_OVERDUE}</strong> })}
            </p>
            <details class="notice-steps" open=s.phase != Phase::Closed>
                <summary>{text::NOTICE_STEPS}</summary>
                <ol>{steps}</ol>
            </details>
            <FormError form=form />
            {answer_form}
            {supervise_forms}
            {waiting_note}
        </li>
    }
}

/// 督办单 counters per unit and month of issue.
#[component]
pub fn DirectiveCounters(rows: Vec<Counters>) -> impl IntoView {
    if rows.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="grid-scroll">
            <table class="notice-counters">
                <thead>
                    <tr>{text::NOTICE_COUNTER_HEADINGS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|c| {
                            let cells = [
                                c.issued,
                                c.escalated,
                                c.answered_on_time,
                                c.answered_late,
                                c.sent_back,
                                c.closed,
                                c.open,
                                c.overdue,
                            ];
                            view! {
                                <tr data-unit=c.unit.clone() data-month=c.month.clone()>
                                    <td>{c.month.clone()}</td>
                                    <th scope="row">{c.unit.clone()}</th>
                                    {cells.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
