//! The field app's home: sync state, and the reports on this device with their status.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::weekly::week_label;
use crate::field::engine::Pause;
use crate::field::form::summarize_values;
use crate::field::outbox::{DisplayStatus, OutboxEntry, summarize};
use crate::text;

use super::controller;
use super::{FieldState, Screen};

#[component]
pub fn FieldList(state: FieldState) -> impl IntoView {
    view! {
        <SyncBar state />
        {move || state.notice.get().map(|n| {
            view! {
                <p class=if n.error { "form-error" } else { "notice" } role="status">
                    {n.text}
                </p>
            }
        })}
        <div class="field-actions">
            <button
                type="button"
                id="new-report"
                disabled=move || state.catalogue.read().is_none()
                on:click=move |_| {
                    state.notice.set(None);
                    state.screen.set(Screen::Form(None));
                }
            >
                {text::FIELD_NEW}
            </button>
        </div>
        <Reports state />
    }
}

#[component]
fn SyncBar(state: FieldState) -> impl IntoView {
    let viewer_id = move || state.catalogue.read().as_ref().map(|c| c.viewer.id);
    let summary = move || summarize(&state.entries.read(), viewer_id());
    let last = move || {
        state
            .meta
            .read()
            .last_success_at
            .map(crate::domain::china_time::month_day_time)
            .unwrap_or_else(|| text::FIELD_NEVER.to_string())
    };
    view! {
        <section class="sync-bar" aria-live="polite">
            {move || match state.catalogue.get() {
                Some(c) => Either::Left(view! {
                    <p class="who">
                        {text::FIELD_USER} "：" {c.viewer.display_name} "（" {c.viewer.unit.name} "）"
                    </p>
                }),
                None => Either::Right(view! {
                    <p class="form-error">
                        {text::FIELD_NEED_SIGN_IN} " "
                        <a href="/login?next=/field">{text::FIELD_SIGN_IN}</a>
                    </p>
                }),
            }}
            <p class="queue">
                <span class="waiting-count">
                    {text::FIELD_WAITING} " " <strong id="waiting-count">{move || summary().waiting}</strong> " 条"
                </span>
                <span>{text::FIELD_LAST_SYNC} "：" <span id="last-sync">{last}</span></span>
                <button
                    type="button"
                    id="sync-now"
                    class="secondary"
                    disabled=move || state.syncing.get().is_some()
                    on:click=move |_| spawn_local(controller::sync(state, controller::Trigger::Button))
                >
                    {move || if state.syncing.get().is_some() { text::FIELD_SYNCING } else { text::FIELD_SYNC }}
                </button>
            </p>
            {move || state.syncing.get().filter(|(_, total)| *total > 0).map(|(done, total)| {
                view! {
                    <progress class="sync-progress" max=total value=done>{format!("{done}/{total}")}</progress>
                }
            })}
            {move || state.uploading.get().map(|(sent, total)| view! {
                <p class="upload-progress" id="upload-progress">
                    {text::FIELD_PHOTOS_UPLOADING} " "
                    {format!("{} / {} KB", sent / 1024, total / 1024)}
                    <progress max=total value=sent></progress>
                </p>
            })}
            {move || {
                let waiting: usize = state.photos_waiting.read().iter().map(|(_, n)| *n).sum();
                (waiting > 0 && state.uploading.get().is_none()).then(|| view! {
                    <p class="muted" id="photos-waiting">{text::FIELD_PHOTOS_WAITING} " " {waiting.div_ceil(2)} " 张"</p>
                })
            }}
            {move || (!state.online.get()).then(|| view! { <p class="offline">{text::FIELD_OFFLINE}</p> })}
            // One sign-in state at a time: never signed in on this phone is said above.
            {move || match state.meta.read().paused {
                Some(Pause::SignIn) if state.catalogue.read().is_some() => Some(Either::Left(view! {
                    <p class="form-error" id="paused-sign-in">
                        {text::FIELD_PAUSED_SIGN_IN} " "
                        <a href="/login?next=/field">{text::FIELD_SIGN_IN}</a>
                    </p>
                })),
                Some(Pause::Update) => Some(Either::Right(view! { <p class="form-error">{text::FIELD_PAUSED_UPDATE}</p> })),
                _ => None,
            }}
            {move || (state.update_ready.get() && state.syncing.get().is_none()).then(|| view! {
                <p class="notice">
                    {text::FIELD_UPDATE_READY} " "
                    <button type="button" class="link-dark" on:click=move |_| spawn_local(crate::field::browser::device::activate_update())>
                        {text::FIELD_UPDATE_NOW}
                    </button>
                </p>
            })}
            // Storage speaks only when it matters: nearly full, or unsent reports the
            // browser may clear because it refused to keep them for good.
            {move || state.storage.get().and_then(|(used, quota)| text::storage_left(used, quota)).map(|warning| view! {
                <p class="form-error" id="storage-warning">{warning}</p>
            })}
            {move || (state.persisted.get() == Some(false) && summary().waiting > 0).then(|| view! {
                <p class="muted storage">{text::FIELD_PERSIST_REFUSED}</p>
            })}
        </section>
    }
}

/// Cards drawn at first, and added per tap on 显示更多: a phone may hold 10,000 reports,
/// and drawing them all would stall it after every save and sync.
const CARDS_PER_PAGE: usize = 100;

#[component]
fn Reports(state: FieldState) -> impl IntoView {
    let shown = RwSignal::new(CARDS_PER_PAGE);
    move || {
        // A shared phone: each user sees only their own reports (and sends only those);
        // another user's are counted, never shown.
        let viewer = state.catalogue.read().as_ref().map(|c| c.viewer.id);
        let (entries, others): (Vec<OutboxEntry>, Vec<OutboxEntry>) = state
            .entries
            .get()
            .into_iter()
            .partition(|e| Some(e.report.author_id) == viewer);
        let others = summarize(&others, None);
        let others = (others.waiting + others.blocked > 0).then(|| view! {
            <p class="muted" id="others-waiting">{text::field_others_waiting(others.waiting + others.blocked)}</p>
        });
        if entries.is_empty() {
            return Either::Left(view! { {others} <p class="muted">{text::FIELD_EMPTY}</p> });
        }
        let total = entries.len();
        let limit = shown.get();
        Either::Right(view! {
            {others}
            <ol class="field-reports">
                {entries.into_iter().take(limit).map(|entry| view! { <ReportCard state entry /> }).collect_view()}
            </ol>
            {(total > limit).then(|| view! {
                <button type="button" class="secondary" id="show-more"
                    on:click=move |_| shown.update(|n| *n += CARDS_PER_PAGE)>
                    {text::field_show_more(limit, total)}
                </button>
            })}
        })
    }
}

#[component]
fn ReportCard(state: FieldState, entry: OutboxEntry) -> impl IntoView {
    let catalogue = state.catalogue.get_untracked();
    let item = catalogue
        .as_ref()
        .and_then(|c| c.item(&entry.report.plan, entry.report.item))
        .map(|(_, i)| i.clone());
    let title = item.as_ref().map_or_else(
        || format!("第 {} 项", entry.report.item),
        |i| i.title.clone(),
    );
    let status = entry.status();
    let id = entry.report.id;
    let mine = catalogue
        .as_ref()
        .is_some_and(|c| c.viewer.id == entry.report.author_id);
    let never_synced = entry.confirmed_revision.is_none();
    let can_edit = mine && !entry.is_locked();
    let can_discard = entry.blocked.is_some() || (entry.pending.is_some() && !never_synced);
    let problem = entry
        .blocked
        .as_ref()
        .map(|b| b.message.clone())
        .or_else(|| {
            entry
                .review_comment
                .clone()
                .filter(|_| status == DisplayStatus::Returned)
        })
        .or_else(|| {
            entry
                .last_error
                .clone()
                .map(|e| format!("{}：{e}", text::FIELD_LAST_ERROR))
        });
    let on = entry.report.captured_on;
    view! {
        <li class="field-report" data-report=id.to_string() data-status=status.css()>
            <p class="report-head">
                <span class=format!("badge status-{}", status.css())>{status.label()}</span>
                <strong>"(" {entry.report.item} ") " {title}</strong>
            </p>
            <p class="muted">{on.to_string()} " · " {week_label(on)} " · " {entry.report.place.clone()}</p>
            <p>{summarize_values(&entry.report, item.as_ref())}</p>
            {(!entry.report.photos.is_empty()).then(|| {
                let photos = entry.report.photos.len();
                view! {
                    <p class="muted photos">
                        {format!("{} {photos} 张", text::FIELD_PHOTOS)}
                        {move || state.photos_waiting.read().iter().any(|(r, _)| *r == id).then(|| view! {
                            <span class="badge status-waiting photos-waiting">{text::FIELD_PHOTOS_NOT_SENT}</span>
                        })}
                    </p>
                }
            })}
            {(!entry.report.narrative.is_empty()).then(|| view! { <p class="narrative">{entry.report.narrative.clone()}</p> })}
            {problem.map(|p| view! { <p class="form-error problem">{p}</p> })}
            <p class="report-actions">
                {can_edit.then(|| view! {
                    <button type="button" class="secondary edit" on:click=move |_| {
                        state.notice.set(None);
                        state.screen.set(Screen::Form(Some(id)));
                    }>{text::FIELD_EDIT}</button>
                })}
                {(mine && can_discard).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| {
                        if confirm(text::FIELD_CONFIRM_DISCARD) {
                            spawn_local(controller::discard(state, id));
                        }
                    }>{text::FIELD_DISCARD}</button>
                })}
                {(mine && never_synced).then(|| view! {
                    <button type="button" class="secondary delete" on:click=move |_| {
                        if confirm(text::FIELD_CONFIRM_DELETE) {
                            spawn_local(controller::discard(state, id));
                        }
                    }>{text::FIELD_DELETE}</button>
                })}
            </p>
        </li>
    }
}

/// The browser's own confirmation dialog: discarding is never a single accidental tap.
fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
