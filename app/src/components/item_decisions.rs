//! 目标调整: the recorded decisions that changed an item's targets, shown to everyone, and
//! for the 督查室 the form to record one (the only way a published target changes).

use leptos::prelude::*;

use crate::domain::decision::{ItemDecision, ItemDecisionKind, TargetDecision};
use crate::domain::plan::{IndicatorKind, Item};
use crate::forms::{FormError, previous_value};
use crate::text;

#[component]
pub fn ItemDecisions(
    plan: String,
    item: Item,
    decisions: Vec<TargetDecision>,
    item_decisions: Vec<ItemDecision>,
    /// The viewer is the plan's 督查室.
    clerk: bool,
) -> AnyView {
    if decisions.is_empty() && item_decisions.is_empty() && !clerk {
        return ().into_any();
    }
    let name_of = |code: &str| {
        item.indicators
            .iter()
            .find(|i| i.code == code)
            .map(|i| (i.name.clone(), i.unit.clone()))
            .unwrap_or_default()
    };
    let list = decisions
        .into_iter()
        .map(|d| {
            let (name, unit) = name_of(&d.indicator);
            let unit = unit.as_deref();
            view! {
                <li data-decision=d.id>
                    <strong>{name}</strong> "："
                    {text::quantity(d.old_target, unit)} " → " {text::quantity(d.new_target, unit)}
                    <p class="muted">
                        {format!("{} {}（{}）", d.body, d.doc_number, d.decided_on)} " · " {d.reason}
                    </p>
                </li>
            }
        })
        .collect_view();
    let item_list = item_decisions
        .into_iter()
        .map(|d| {
            view! {
                <li data-item-decision=d.id data-kind=d.kind.as_str()>
                    <strong>{d.kind.label()}</strong>
                    <p class="muted">
                        {format!("{} {}（{}）", d.body, d.doc_number, d.decided_on)} " · " {d.reason}
                    </p>
                </li>
            }
        })
        .collect_view();
    let item_form = clerk.then(|| {
        let field = |name: &str| previous_value("decision", name);
        view! {
            <form method="post" action=format!("/plans/{plan}/items/{}/decisions", item.number) class="decision-form item-status-form">
                <label>
                    {text::DECISION_ITEM}
                    <select name="kind" required>
                        {ItemDecisionKind::ALL
                            .into_iter()
                            .map(|k| view! { <option value=k.as_str()>{k.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>{text::DECISION_BODY} <input name="body" required maxlength="60" placeholder="区人大常委会" value=field("body") /></label>
                <label>{text::DECISION_DOC} <input name="doc_number" required maxlength="60" value=field("doc_number") /></label>
                <label>{text::DECISION_DATE} <input name="decided_on" type="date" required value=field("decided_on") /></label>
                <label>{text::DECISION_REASON} <textarea name="reason" rows="2" required maxlength="500">{text::escape_raw_text(&field("reason"))}</textarea></label>
                <button type="submit">{text::DECISION_ITEM_SUBMIT}</button>
            </form>
        }
    });
    let form = clerk.then(|| {
        let options = item
            .indicators
            .iter()
            .filter(|i| i.kind != IndicatorKind::Milestone && i.target.is_some())
            .map(|i| view! { <option value=i.code.clone()>{i.name.clone()} "（" {text::target(i)} "）"</option> })
            .collect_view();
        let field = |name: &str| previous_value("decision", name);
        view! {
            <FormError form="decision" />
            <form method="post" action=format!("/plans/{plan}/items/{}/decisions", item.number) class="decision-form">
                <label>{text::DECISION_INDICATOR} <select name="indicator" required>{options}</select></label>
                <label>{text::DECISION_NEW_TARGET} <input name="new_target" inputmode="decimal" required value=field("new_target") /></label>
                <label>{text::DECISION_BODY} <input name="body" required maxlength="60" placeholder="区人大常委会" value=field("body") /></label>
                <label>{text::DECISION_DOC} <input name="doc_number" required maxlength="60" value=field("doc_number") /></label>
                <label>{text::DECISION_DATE} <input name="decided_on" type="date" required value=field("decided_on") /></label>
                <label>{text::DECISION_REASON} <textarea name="reason" rows="2" required maxlength="500">{text::escape_raw_text(&field("reason"))}</textarea></label>
                <button type="submit">{text::DECISION_SUBMIT}</button>
            </form>
        }
    });
    view! {
        <section class="item-decisions" id="decisions">
            <h2>{text::DECISIONS}</h2>
            <p class="muted">{text::DECISIONS_NOTE}</p>
            <ul>{list}{item_list}</ul>
            {form}
            {item_form}
        </section>
    }
    .into_any()
}
