//! 现场填报: the offline field app, one island. The server renders only a data-free shell
//! (the service worker caches it); after hydration the island reads the device's storage
//! and shows the user's reports, the form and the sync state. Reading storage only after
//! hydration keeps server and browser renders identical.

#[cfg(feature = "hydrate")]
mod controller;
#[cfg(feature = "hydrate")]
mod evidence;
#[cfg(feature = "hydrate")]
mod evidence_chunk;
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
    let host = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        controller::start(state);
        mount_body(state, host);
    }
    // Hydration covers only this shell. The screens are built in the browser once the
    // device's data is read (`mount_body`), so their views never carry hydration code.
    view! {
        <div class="field-app" data-loaded=move || state.loaded.get().to_string()>
            <p class="loading" hidden=move || state.loaded.get()>{text::FIELD_LOADING}</p>
            <div class="field-body" node_ref=host></div>
        </div>
    }
}

/// Builds the app into the shell once device data is loaded. The server never gets here: it
/// has no device data. Built, not hydrated, and with no `AnyView` inside: every
/// `into_any()` (and `Show`, whose children are one) keeps both hydration paths of the view
/// in the bundle through its table of functions, about a fifth of the field WASM, for
/// views that are never hydrated.
#[cfg(feature = "hydrate")]
fn mount_body(state: FieldState, host: NodeRef<leptos::html::Div>) {
    use leptos::either::Either;
    use leptos::wasm_bindgen::JsCast;
    // The screens belong to the island, not to this effect: were the effect to run again,
    // it would dispose of whatever it owns.
    let island = Owner::current();
    Effect::new(move |mounted: Option<bool>| {
        if mounted == Some(true) {
            return true;
        }
        let Some(el) = host.get().filter(|_| state.loaded.get()) else {
            return false;
        };
        let body = move || match state.screen.get() {
            Screen::List => Either::Left(view! { <list::FieldList state /> }),
            Screen::Form(editing) => Either::Right(view! { <form::ReportForm state editing /> }),
        };
        let mount = move || leptos::mount::mount_to(el.unchecked_into(), move || body).forget();
        untrack(|| match &island {
            Some(owner) => owner.with(mount),
            None => mount(),
        });
        true
    });
}
