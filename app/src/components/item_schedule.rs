//! 分阶段目标 on the item page, for staff: per indicator the schedule in force (and since
//! when), the proposal waiting for the 督查室 with its 批准 / 退回 forms, the lead unit's
//! form to propose, and every earlier proposal with what became of it.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::domain::china_time::day_at;
use crate::domain::plan::{Indicator, Item};
use crate::domain::schedule::approval::{ProposalState, ScheduleProposal, in_force, pending};
use crate::domain::schedule::{as_lines, describe};
use crate::forms::FormError;
use crate::text;

/// What the viewer may do here.
#[derive(Clone, Copy)]
pub struct ScheduleRights {
    /// The lead unit's manager: proposes.
    pub proposes: bool,
    /// The 督查室: approves or sends back.
    pub decides: bool,
}

#[component]
pub fn ItemSchedule(
    plan: String,
    item: Item,
    as_of: NaiveDate,
    proposals: Vec<ScheduleProposal>,
    rights: ScheduleRights,
) -> impl IntoView {
    let number = item.number;
    let rows = item
        .indicators
        .iter()
        .map(|ind| indicator_view(&plan, number, ind, as_of, &proposals, rights))
        .collect_view();
    view! {
        <section class="item-schedule" id="schedule">
            <h2>{text::SCHEDULE}</h2>
            {rights.proposes.then(|| view! { <p class="muted">{text::SCHEDULE_HELP}</p> })}
            <FormError form="schedule" />
            <FormError form="schedule-decision" />
            {rows}
        </section>
    }
}

fn indicator_view(
    plan: &str,
    number: u32,
    ind: &Indicator,
    as_of: NaiveDate,
    proposals: &[ScheduleProposal],
    rights: ScheduleRights,
) -> impl IntoView + use<> {
    let unit = ind.unit.clone().unwrap_or_default();
    let since = in_force(proposals, number, &ind.code, as_of).map(|p| {
        format!(
            "（{} 起执行，{} 批准）",
            p.effective_from.map(|d| d.to_string()).unwrap_or_default(),
            p.decided_by.clone().unwrap_or_default()
        )
    });
    let current = format!(
        "{}：{}{}",
        text::SCHEDULE_IN_FORCE,
        describe(&ind.schedule, &unit),
        since.unwrap_or_default()
    );
    let waiting = pending(proposals, number, &ind.code).cloned();
    let base = format!("/plans/{plan}/items/{number}/schedule");
    let waiting_view = waiting.clone().map(|p| {
        let action = format!("{base}/{}/decide", p.id);
        let line = format!(
            "{}：{}（{} 于 {} 提交）",
            text::SCHEDULE_PENDING,
            describe(&p.nodes, &unit),
            p.proposed_by,
            day_at(p.proposed_at)
        );
        let forms = rights.decides.then(|| {
            view! {
                <form method="post" action=action.clone() class="inline">
                    <input type="hidden" name="decision" value="approve" />
                    <button type="submit">{text::SCHEDULE_APPROVE}</button>
                </form>
                <details class="send-back">
                    <summary>{text::SCHEDULE_REJECT}</summary>
                    <form method="post" action=action class="stacked">
                        <input type="hidden" name="decision" value="reject" />
                        <label>
                            {text::SCHEDULE_REJECT_REASON}
                            <textarea name="reason" rows="2" maxlength="500" required></textarea>
                        </label>
                        <button type="submit">{text::SCHEDULE_REJECT}</button>
                    </form>
                </details>
            }
        });
        view! {
            <div class="schedule-pending" data-proposal=p.id>
                <p>{line}</p>
                {forms}
            </div>
        }
    });
    let propose = rights.proposes.then(|| {
        // What was typed when refused (in this indicator's form only), else the proposal
        // waiting, else what is in force.
        let refused_here = crate::forms::previous_value("schedule", "code") == ind.code;
        let previous = crate::forms::previous_value("schedule", "nodes");
        let prefill = if refused_here && !previous.is_empty() {
            previous
        } else {
            as_lines(waiting.as_ref().map_or(&ind.schedule, |p| &p.nodes))
        };
        view! {
            <form method="post" action=base.clone() class="schedule-form" data-indicator=ind.code.clone()>
                <input type="hidden" name="code" value=ind.code.clone() />
                <label>
                    {ind.name.clone()}
                    <textarea name="nodes" rows="3">{text::escape_raw_text(&prefill)}</textarea>
                </label>
                <button type="submit">{text::SCHEDULE_SAVE}</button>
            </form>
        }
    });
    let history: Vec<&ScheduleProposal> = proposals
        .iter()
        .filter(|p| p.item == number && p.indicator == ind.code)
        .collect();
    let history_view = (!history.is_empty()).then(|| {
        let count = history.len();
        let lines = history
            .into_iter()
            .rev()
            .map(|p| {
                let outcome = match p.state {
                    ProposalState::Approved => format!(
                        "，{} 批准，{} 起执行",
                        p.decided_by.clone().unwrap_or_default(),
                        p.effective_from.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    ProposalState::Rejected => format!(
                        "，{} 退回：{}",
                        p.decided_by.clone().unwrap_or_default(),
                        p.reason.clone().unwrap_or_default()
                    ),
                    ProposalState::Pending | ProposalState::Superseded => String::new(),
                };
                let line = format!(
                    "{} {} 提交：{}{outcome}",
                    day_at(p.proposed_at),
                    p.proposed_by,
                    describe(&p.nodes, &unit)
                );
                view! {
                    <li data-state=p.state.as_str()>
                        <span class="state">{p.state.label()}</span> " " {line}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="schedule-history">
                <summary>{format!("{}（{count}）", text::SCHEDULE_HISTORY)}</summary>
                <ul>{lines}</ul>
            </details>
        }
    });
    view! {
        <div class="schedule-indicator" data-indicator=ind.code.clone()>
            <h3>{ind.name.clone()}</h3>
            <p class="schedule-current">{current}</p>
            {waiting_view}
            {propose}
            {history_view}
        </div>
    }
}
