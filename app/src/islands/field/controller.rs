//! What the field app does (browser only): load device data after hydration, keep the
//! catalogue fresh, save reports, and sync — automatically when the network returns, every
//! minute while open, and on the 同步 button. One tab syncs at a time (Web Lock).
//!
//! Nothing is tried while the phone says it is offline: a try then would only fail, grow
//! each report's backoff and paint it red. When the network returns, sync starts at once,
//! without waiting out the backoff that failures against an unreachable server set.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, Ordering};

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use uuid::Uuid;

use crate::domain::report::FieldError;
use crate::field::browser::storage::{
    DeviceOutbox, is_ours, load_catalogue, load_draft, on_change, save_catalogue,
};
use crate::field::browser::transport::{FetchTransport, fetch_catalogue};
use crate::field::browser::{device, evidence};
use crate::field::engine::{OutboxStore, Pause, TransportError, sync_once};
use crate::field::form::{FormContext, TypedReport, build_report};
use crate::field::outbox::{OutboxEntry, prunable};
use crate::text;

use super::{FieldState, Screen};

const SYNC_LOCK: &str = "taizhang-sync";
const SYNC_EVERY_MS: i32 = 60_000;
/// Synced reports kept on the device for reference (accepted ones are not kept).
const KEEP_SYNCED: usize = 200;

pub fn start(state: FieldState) {
    // Effects run after hydration, in the browser only.
    Effect::new(move |_| {
        state.online.set(device::is_online());
        spawn_local(async move {
            reload(state).await;
            // A form left half-typed (reload, killed tab, closed browser) opens again.
            if let Some(viewer) = state.catalogue.get_untracked().map(|c| c.viewer.id)
                && let Some(draft) = load_draft(viewer)
            {
                state
                    .screen
                    .set(Screen::Form(draft.editing.map(|(id, _)| id)));
            }
            state.loaded.set(true);
            // Beside the catalogue, never before it: registering the service worker waits
            // for /sw.js (a round trip of seconds on a weak link), and on a first visit the
            // form cannot open until the catalogue is here. The catalogue's request is made
            // first (its answer was preloaded with the page); these start once it is sent.
            spawn_local(async {
                // The photo part's chunk, now that the list is up and before a form asks for it.
                super::evidence_chunk::prefetch();
                device::register_service_worker().await;
            });
            if state.online.get_untracked() {
                refresh_catalogue(state).await;
            }
            state.persisted.set(Some(device::persist_storage().await));
            state.storage.set(device::storage_estimate().await);
            sync(state, Trigger::Opened).await;
        });
        device::on_window_event("online", move |_| {
            state.online.set(true);
            spawn_local(async move {
                refresh_catalogue(state).await;
                sync(state, Trigger::NetworkBack).await;
            });
        });
        device::on_window_event("offline", move |_| state.online.set(false));
        // Another tab saved or synced reports: show it here too.
        on_change(move || spawn_local(reload(state)));
        // Another tab refreshed the catalogue.
        device::on_window_event("storage", move |event| {
            use wasm_bindgen::JsCast;
            let key = event
                .dyn_ref::<web_sys::StorageEvent>()
                .and_then(web_sys::StorageEvent::key)
                .unwrap_or_default();
            if is_ours(&key) {
                spawn_local(reload(state));
            }
        });
        device::every(SYNC_EVERY_MS, move || {
            spawn_local(sync(state, Trigger::Timer))
        });
    });
}

/// Reads reports, sync state and catalogue from the device. Reads are asynchronous and
/// may overlap (a save here, a sync in another tab): only the latest one started is shown,
/// so an older read never replaces a newer one.
pub async fn reload(state: FieldState) {
    static LATEST: AtomicU32 = AtomicU32::new(0);
    let ticket = LATEST.fetch_add(1, Ordering::Relaxed) + 1;
    let entries = DeviceOutbox.load_all().await;
    let meta = DeviceOutbox.load_meta().await;
    if LATEST.load(Ordering::Relaxed) != ticket {
        return;
    }
    match entries {
        Ok(entries) => state.entries.set(entries),
        Err(e) => state.warn(e.to_string()),
    }
    if let Ok(meta) = meta {
        state.meta.set(meta);
    }
    if let Some(catalogue) = load_catalogue() {
        state.catalogue.set(Some(catalogue));
    }
}

async fn refresh_catalogue(state: FieldState) {
    match fetch_catalogue().await {
        Ok(catalogue) => {
            if let Err(e) = save_catalogue(&catalogue) {
                state.warn(e.to_string());
            }
            let mut meta = state.meta.get_untracked();
            meta.catalogue_version = Some(catalogue.version.clone());
            if meta.paused == Some(Pause::SignIn) {
                meta.paused = None;
            }
            let _ = DeviceOutbox.save_meta(&meta).await;
            state.meta.set(meta);
            state.catalogue.set(Some(catalogue));
        }
        Err(TransportError::SignInRequired) => {
            let mut meta = state.meta.get_untracked();
            meta.paused = Some(Pause::SignIn);
            state.meta.set(meta);
        }
        Err(_) => {} // offline: the cached catalogue serves
    }
}

/// Why a sync starts: whether it waits out the reports' backoff, and whether it speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// The page opened.
    Opened,
    /// The minute timer.
    Timer,
    /// A report was just saved.
    Saved,
    /// The browser says the network is back: the backoff was set while it was away.
    NetworkBack,
    /// The 同步 button: the user waits for an answer.
    Button,
}

impl Trigger {
    fn skips_backoff(self) -> bool {
        matches!(self, Trigger::NetworkBack | Trigger::Button)
    }

    /// How much a sync asked for while another runs must do when it runs: 0 is no ask;
    /// the automatic ones are alike (they wait out the backoff and stay quiet).
    fn rank(self) -> u8 {
        match self {
            Trigger::Opened | Trigger::Timer | Trigger::Saved => 1,
            Trigger::NetworkBack => 2,
            Trigger::Button => 3,
        }
    }

    fn of_rank(rank: u8) -> Option<Trigger> {
        match rank {
            0 => None,
            1 => Some(Trigger::Saved),
            2 => Some(Trigger::NetworkBack),
            _ => Some(Trigger::Button),
        }
    }
}

/// A sync asked for while one ran here: it runs once more when that one ends, so a report
/// saved meanwhile goes at once, not at the next minute. It keeps the strongest ask
/// (`Trigger::rank`): a 同步 pressed as the last run was finishing still gets its answer.
static AGAIN: AtomicU8 = AtomicU8::new(0);
/// A sync runs in this tab, from its first check to its last await. `state.syncing` is not
/// enough: it clears when the sending ends, before the list reloads, and a report saved in
/// that gap found the tab's own Web Lock still held and waited a whole minute.
static RUNNING: AtomicBool = AtomicBool::new(false);

/// One sync run, unless one already runs here or in another tab, or the phone is offline;
/// then the runs asked for meanwhile. The Web Lock is kept from the first run to the last,
/// and the next sync here starts only once the browser has freed it: a lock given back is
/// free only a moment later, and a run that asked at once was told another tab syncs.
pub async fn sync(state: FieldState, why: Trigger) {
    if RUNNING.swap(true, Ordering::Relaxed) {
        AGAIN.fetch_max(why.rank(), Ordering::Relaxed);
        return;
    }
    let mut lock = None;
    let mut next = Some(why);
    while let Some(why) = next {
        run(state, why, &mut lock).await;
        next = Trigger::of_rank(AGAIN.swap(0, Ordering::Relaxed));
        if next.is_none()
            && let Some(held) = lock.take()
        {
            held.release().await;
            // Asked for while the lock was being freed.
            next = Trigger::of_rank(AGAIN.swap(0, Ordering::Relaxed));
        }
    }
    RUNNING.store(false, Ordering::Relaxed);
}

async fn run(state: FieldState, why: Trigger, lock: &mut Option<device::HeldLock>) {
    let force = why == Trigger::Button;
    if !device::is_online() {
        state.online.set(false);
        if force {
            state.say(text::FIELD_SYNC_WHEN_ONLINE);
        }
        return;
    }
    let Some(viewer) = state.catalogue.get_untracked().map(|c| c.viewer) else {
        return;
    };
    if lock.is_none() {
        *lock = device::try_lock(SYNC_LOCK).await;
    }
    if lock.is_none() {
        if force {
            state.say(text::FIELD_OTHER_TAB_SYNCING);
        }
        return;
    }
    state.syncing.set(Some((0, 0)));
    match send(state, viewer.id, why).await {
        Ok(run) => run.await,
        // The sending code could not be fetched: the network failed as a request would
        // have; nothing was sent or changed, and the next trigger tries again.
        Err(_) => {
            state.syncing.set(None);
            if force {
                state.warn(text::FIELD_SYNC_NOT_LOADED);
            }
        }
    }
}

/// The sending (figures, then photos, then what the device keeps) travels in a WASM
/// chunk of its own, fetched when the first sync starts: the list does not wait for it.
#[wasm_split(field_sync, wasm_split_path = ::leptos::wasm_split, fallible)]
fn send(
    state: FieldState,
    viewer: i64,
    why: Trigger,
) -> Result<Pin<Box<dyn Future<Output = ()>>>, SplitLoaderError> {
    Ok(Box::pin(send_now(state, viewer, why)))
}

async fn send_now(state: FieldState, viewer: i64, why: Trigger) {
    let force = why == Trigger::Button;
    let mut store = DeviceOutbox;
    let result = sync_once(
        &mut store,
        &FetchTransport,
        viewer,
        Utc::now(),
        why.skips_backoff(),
        Uuid::now_v7,
        |done, total| state.syncing.set(Some((done, total))),
    )
    .await;
    // Photos after the figures: a report's numbers never wait for its pictures.
    let entries = store.load_all().await.unwrap_or_default();
    let uploads = if result.as_ref().is_ok_and(|r| r.failure.is_none()) {
        evidence::upload_all(&entries, |sent, total| {
            state.uploading.set((total > 0).then_some((sent, total)))
        })
        .await
    } else {
        waiting_only(&entries).await
    };
    state.uploading.set(None);
    state.syncing.set(None);
    state.photos_waiting.set(uploads.waiting.clone());
    // The server has settled reports: keep the queue and recent history on the device,
    // and every report whose photos are not all on the server yet.
    for id in prunable(&entries, KEEP_SYNCED) {
        if !uploads.waiting.iter().any(|(r, _)| *r == id) {
            let _ = store.remove(id).await;
        }
    }
    reload(state).await;
    if let Some(message) = uploads.failure.filter(|_| force) {
        state.warn(message);
    }
    match result {
        Err(e) => state.warn(e.to_string()),
        Ok(run) => {
            if run.catalogue_stale {
                refresh_catalogue(state).await;
            }
            match run.failure {
                None if force => state.say(text::FIELD_SYNCED),
                None => {}
                Some(TransportError::Retry(_)) if !force => {}
                Some(e) => state.warn(e.to_string()),
            }
        }
    }
    state.storage.set(device::storage_estimate().await);
    state.update_ready.set(device::update_waiting().await);
}

/// Counts the photos still to send, without sending (the figures did not get through).
async fn waiting_only(entries: &[OutboxEntry]) -> evidence::UploadRun {
    let mut run = evidence::UploadRun::default();
    for entry in entries {
        let n = evidence::waiting_parts(entry).await;
        if n > 0 {
            run.waiting.push((entry.report.id, n));
        }
    }
    run
}

/// Saves the form: validated with the server's rules, written in one durable storage
/// write, then sent when possible. A refused write is shown, and nothing claims it was
/// saved. `version` is the report's version when the form opened: if another tab changed
/// it since, nothing is overwritten blindly.
/// An unlikely figure (`plausibility`) is not saved until the reporter confirmed it:
/// the first try answers errors on the field `confirm`, and a second try with
/// `confirmed` saves.
pub async fn save(
    state: FieldState,
    typed: &TypedReport,
    editing: Option<(Uuid, u64)>,
    confirmed: bool,
) -> Result<(), Vec<FieldError>> {
    let fail = |message: String| {
        vec![FieldError {
            field: "form".into(),
            message,
        }]
    };
    let catalogue = state
        .catalogue
        .get_untracked()
        .ok_or_else(|| fail(text::FIELD_NEED_SIGN_IN.into()))?;
    let (plan, item) = catalogue
        .item(&typed.plan, typed.item)
        .ok_or_else(|| fail("请选择项目".into()))?;
    let mut store = DeviceOutbox;
    let existing: Option<OutboxEntry> = match editing {
        Some((id, version)) => {
            let now = store.load(id).await.map_err(|e| fail(e.to_string()))?;
            if now.as_ref().is_some_and(|e| e.local_version != version) {
                return Err(fail(text::FIELD_CHANGED_ELSEWHERE.into()));
            }
            now
        }
        None => None,
    };
    let report = build_report(
        typed,
        &FormContext {
            item,
            plan_starts_on: plan.starts_on,
            plan_ends_on: plan.ends_on,
            viewer: &catalogue.viewer,
            existing: existing.as_ref().map(|e| &e.report),
            new_id: Uuid::now_v7(),
            now: Utc::now(),
            today: device::today(),
        },
    )?;
    if !confirmed {
        let usual = usual_figures(&store.load_all().await.unwrap_or_default(), &report);
        let unlikely = crate::domain::plausibility::concerns(&report, item, &usual);
        if !unlikely.is_empty() {
            let mut errors = vec![FieldError {
                field: CONFIRM_FIELD.into(),
                message: text::FIELD_CONFIRM_UNLIKELY.into(),
            }];
            errors.extend(unlikely.into_iter().map(|c| FieldError {
                field: CONFIRM_FIELD.into(),
                message: c.message,
            }));
            return Err(errors);
        }
    }
    let entry = match existing {
        Some(mut entry) => {
            entry
                .edit(report, Uuid::now_v7())
                .map_err(|e| fail(e.to_string()))?;
            entry
        }
        None => OutboxEntry::new(report, Uuid::now_v7()),
    };
    store.save(&entry).await.map_err(|e| {
        state.warn(e.to_string());
        fail(e.to_string())
    })?;
    reload(state).await;
    // The first save is when keeping data starts to matter: ask (again) that the browser
    // never evict it, and show the space left.
    if state.persisted.get_untracked() != Some(true) {
        spawn_local(async move {
            state.persisted.set(Some(device::persist_storage().await));
            state.storage.set(device::storage_estimate().await);
        });
    }
    state.screen.set(Screen::List);
    state.say(if state.online.get_untracked() {
        text::FIELD_SAVED_ONLINE
    } else {
        text::FIELD_SAVED_OFFLINE
    });
    if state.online.get_untracked() {
        spawn_local(sync(state, Trigger::Saved));
    }
    Ok(())
}

/// The field of the errors that ask for a confirmation rather than a correction.
pub const CONFIRM_FIELD: &str = "confirm";

/// The median figure per indicator of this device's earlier reports on the same item.
fn usual_figures(
    entries: &[OutboxEntry],
    report: &crate::domain::report::Report,
) -> Vec<(String, f64)> {
    use crate::domain::report::IndicatorInput;
    let mut by_code: Vec<(String, Vec<f64>)> = Vec::new();
    for entry in entries.iter().filter(|e| {
        e.report.id != report.id && e.report.plan == report.plan && e.report.item == report.item
    }) {
        for v in &entry.report.values {
            let figure = match v.input {
                IndicatorInput::Increment { amount } => amount,
                IndicatorInput::Current { value } => value,
                _ => continue,
            };
            match by_code.iter_mut().find(|(c, _)| *c == v.code) {
                Some((_, list)) => list.push(figure),
                None => by_code.push((v.code.clone(), vec![figure])),
            }
        }
    }
    by_code
        .into_iter()
        .filter_map(|(code, mut list)| {
            crate::domain::plausibility::median(&mut list).map(|m| (code, m))
        })
        .collect()
}

/// Gives up a report's unsent or refused change, deliberately (the user confirmed).
pub async fn discard(state: FieldState, id: Uuid) {
    let mut store = DeviceOutbox;
    let Ok(Some(mut entry)) = store.load(id).await else {
        return;
    };
    let result = if entry.discard_change() {
        store.remove(id).await
    } else {
        store.save(&entry).await
    };
    if let Err(e) = result {
        state.warn(e.to_string());
    }
    reload(state).await;
}
