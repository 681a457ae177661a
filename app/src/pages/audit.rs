//! 操作记录 (supervisor): the audit trail, newest first, filtered by who, what and when.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::domain::audit::{AuditAction, AuditEntry, AuditFilter, action_label, entity_label};
use crate::pages::loaded::loaded;
use crate::server_fns::account::get_audit;
use crate::text;

#[component]
pub fn AuditView() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let text = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        AuditFilter {
            actor: text("actor"),
            action: text("action"),
            from: text("from").and_then(|d| d.parse().ok()),
            to: text("to").and_then(|d| d.parse().ok()),
            before_id: text("before_id").and_then(|d| d.parse().ok()),
            limit: None,
        }
    };
    let entries = Resource::new(filter, get_audit);
    view! {
        <Title text=text::page_title(text::AUDIT_TITLE) />
        <h1>{text::AUDIT_TITLE}</h1>
        <p class="muted">{text::AUDIT_INTRO}</p>
        <FilterForm filter=filter() />
        {loaded(entries, move |entries| view! { <AuditTable entries filter=filter() /> })}
    }
}

#[component]
fn FilterForm(filter: AuditFilter) -> impl IntoView {
    let chosen = filter.action.clone().unwrap_or_default();
    view! {
        <form method="get" action="/admin/audit" class="filters">
            <label>
                {text::ACTOR}
                <input name="actor" value=filter.actor.unwrap_or_default() />
            </label>
            <label>
                {text::ACTION}
                <select name="action">
                    <option value="">"—"</option>
                    {AuditAction::ALL
                        .iter()
                        .map(|a| {
                            view! {
                                <option value=a.as_str() selected=chosen == a.as_str()>
                                    {a.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {text::FROM_DATE}
                <input name="from" type="date" value=filter.from.map(|d| d.to_string()).unwrap_or_default() />
            </label>
            <label>
                {text::TO_DATE}
                <input name="to" type="date" value=filter.to.map(|d| d.to_string()).unwrap_or_default() />
            </label>
            <button type="submit">{text::FILTER}</button>
        </form>
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>, filter: AuditFilter) -> AnyView {
    if entries.is_empty() {
        return view! { <p class="muted">{text::AUDIT_EMPTY}</p> }.into_any();
    }
    let earlier = (entries.len() as u32 >= filter.limit()).then(|| {
        let last = entries.last().map(|e| e.id).unwrap_or_default();
        let mut params = vec![format!("before_id={last}")];
        if let Some(a) = &filter.actor {
            params.push(format!("actor={a}"));
        }
        if let Some(a) = &filter.action {
            params.push(format!("action={a}"));
        }
        view! { <a href=format!("/admin/audit?{}", params.join("&"))>{text::EARLIER}</a> }
    });
    // In words on the page; the stored JSON (whole ids and all) one click away.
    let words =
        |v: &Option<serde_json::Value>| v.as_ref().map(text::audit_value).unwrap_or_default();
    let raw = |e: &crate::domain::audit::AuditEntry| {
        let json =
            |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
        format!(
            "{}\n{}：{}\n{}：{}",
            e.entity_id.clone().unwrap_or_default(),
            text::BEFORE,
            json(&e.before),
            text::AFTER,
            json(&e.after)
        )
    };
    view! {
        <table class="audit">
            <thead>
                <tr>
                    <th scope="col">{text::TIME}</th>
                    <th scope="col">{text::ACTOR}</th>
                    <th scope="col">{text::ACTION}</th>
                    <th scope="col">{text::OBJECT}</th>
                    <th scope="col">{text::BEFORE}</th>
                    <th scope="col">{text::AFTER}</th>
                </tr>
            </thead>
            <tbody>
                {entries
                    .into_iter()
                    .map(|e| {
                        // Shown in China time, which is what the office reads.
                        let at = crate::domain::china_time::format(e.at, "%Y-%m-%d %H:%M:%S");
                        view! {
                            <tr data-action=e.action.clone()>
                                <td data-label=text::TIME>{at}</td>
                                <td data-label=text::ACTOR>{e.actor.clone()}</td>
                                <td data-label=text::ACTION>{action_label(&e.action).to_string()}</td>
                                <td data-label=text::OBJECT>
                                    {text::audit_object(entity_label(&e.entity, e.entity_id.as_deref()))}
                                </td>
                                <td data-label=text::BEFORE class="audit-before">{words(&e.before)}</td>
                                <td data-label=text::AFTER class="audit-after">
                                    {words(&e.after)}
                                    <details class="audit-raw">
                                        <summary>{text::AUDIT_RAW}</summary>
                                        <pre>{raw(&e)}</pre>
                                    </details>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {earlier}
    }
    .into_any()
}
