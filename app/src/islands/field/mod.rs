//! 现场填报: the offline field app, one island. The server renders only a data-free shell
//! (the service worker caches it); after hydration the island reads the device's storage
//! and shows the user's reports, the form and the sync state. Reading storage only after
//! hydration keeps server and browser renders identical.

#[cfg(feature = "hydrate")]
mod controller;
#[cfg(feature = "hydrate")]
mod evidence;
#[cfg(feature = "hydrate")]
mod form;
#[cfg(feature = "hydrate")]
mod list;

use leptos::prelude::*;
use uuid::Uuid;

use crate::field::engine::SyncMeta;
use crate::field::outbox::OutboxEntry;
use crate::sync::Catalogue;
use crate::text;

/// Which screen of the field app is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    List,
    /// The form; `Some(id)` edits that report.
    Form(Option<Uuid>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub error: bool,
    pub text: String,
}

/// The field app's state: signals, shared by every part of the island.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub loaded: RwSignal<bool>,
    pub entries: RwSignal<Vec<OutboxEntry>>,
    pub catalogue: RwSignal<Option<Catalogue>>,
    pub meta: RwSignal<SyncMeta>,
    pub screen: RwSignal<Screen>,
    /// (done, total) while a sync runs.
    pub syncing: RwSignal<Option<(usize, usize)>>,
    pub notice: RwSignal<Option<Directive>>,
    /// (used, quota) bytes.
    pub storage: RwSignal<Option<(f64, f64)>>,
    pub persisted: RwSignal<Option<bool>>,
    pub online: RwSignal<bool>,
    pub update_ready: RwSignal<bool>,
    /// (bytes sent, bytes to send) while photos upload.
    pub uploading: RwSignal<Option<(u64, u64)>>,
    /// Reports with photo parts the server has not confirmed yet, and how many.
    pub photos_waiting: RwSignal<Vec<(Uuid, usize)>>,
}

impl FieldState {
    fn new() -> Self {
        FieldState {
            loaded: RwSignal::new(false),
            entries: RwSignal::new(Vec::new()),
            catalogue: RwSignal::new(None),
            meta: RwSignal::new(SyncMeta::default()),
            screen: RwSignal::new(Screen::List),
            syncing: RwSignal::new(None),
            notice: RwSignal::new(None),
            storage: RwSignal::new(None),
            persisted: RwSignal::new(None),
            online: RwSignal::new(true),
            update_ready: RwSignal::new(false),
            uploading: RwSignal::new(None),
            photos_waiting: RwSignal::new(Vec::new()),
        }
    }

    pub fn say(&self, text: impl Into<String>) {
        self.notice.set(Some(Directive {
            error: false,
            text: text.into(),
        }));
    }

    pub fn warn(&self, text: impl Into<String>) {
        self.notice.set(Some(Directive {
            error: true,
            text: text.into(),
        }));
    }
}

#[island]
pub fn FieldApp() -> impl IntoView {
    let state = FieldState::new();
    super::mark_hydrated();
    #[cfg(feature = "hydrate")]
    controller::start(state);
    view! {
        <div class="field-app" data-loaded=move || state.loaded.get().to_string()>
            <Show
                when=move || state.loaded.get()
                fallback=|| view! { <p class="loading">{text::FIELD_LOADING}</p> }
            >
                {move || body(state)}
            </Show>
        </div>
    }
}

/// The app once device data is loaded. The server never gets here: it has no device data.
fn body(state: FieldState) -> AnyView {
    #[cfg(feature = "hydrate")]
    {
        match state.screen.get() {
            Screen::List => view! { <list::FieldList state /> }.into_any(),
            Screen::Form(editing) => view! { <form::ReportForm state editing /> }.into_any(),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = state;
        ().into_any()
    }
}
