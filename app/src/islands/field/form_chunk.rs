//! The report form travels as a WASM chunk of its own: it is about a quarter of the field
//! bundle, and on a weak link the list, the sync state and the 新建填报 button should not
//! wait for it. The chunk is fetched as soon as the list shows (`prefetch`), the service
//! worker keeps it with the rest of the page for offline use, and if it cannot be fetched
//! the slot says so in plain words and offers a retry; nothing saved is touched.

use std::any::Any;

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use uuid::Uuid;

use super::form::ReportForm;
use super::{FieldState, Screen};
use crate::text;

/// The form, built into `host` under `owner` (the slot's, so leaving the form disposes of
/// it as before). Lives in the chunk; the first call waits for the chunk to load.
#[wasm_split(field_form, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_chunk))]
fn build_form(
    owner: Owner,
    state: FieldState,
    editing: Option<Uuid>,
    host: web_sys::Element,
) -> Result<Option<Box<dyn Any>>, SplitLoaderError> {
    // The user went back to the list while the chunk was on its way.
    if !host.is_connected() {
        return Ok(None);
    }
    host.set_text_content(None);
    let mut form = owner.with(|| view! { <ReportForm state editing /> }.into_view().build());
    form.mount(&host, None);
    Ok(Some(Box::new(form)))
}

/// Starts fetching the chunk, so that the form opens at once when asked for.
pub fn prefetch() {
    spawn_local(async {
        // A failure here is retried when the form is opened.
        let _ = prefetch_chunk().await;
    });
}

/// Where the form shows: a loading line until its chunk is here, then the form.
#[component]
pub fn FormSlot(state: FieldState, editing: Option<Uuid>) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(false);
    // The built form lives as long as the slot: dropped with it when the screen changes.
    let form = StoredValue::new_local(None::<Box<dyn Any>>);
    let owner = StoredValue::new_local(Owner::current().unwrap_or_default());
    let open = move || {
        let Some(el) = host.get_untracked() else {
            return;
        };
        failed.set(false);
        let owner = owner.get_value();
        spawn_local(async move {
            match build_form(owner, state, editing, el.into()).await {
                Ok(built) => {
                    form.try_set_value(built);
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
        });
    };
    host.on_load(move |_| open());
    view! {
        <div class="form-slot" node_ref=host>
            <p class="loading">{text::FORM_LOADING}</p>
        </div>
        <div class="form-error" role="alert" hidden=move || !failed.get()>
            <p>{text::FORM_NOT_LOADED}</p>
            <button type="button" on:click=move |_| open()>
                {text::FORM_RETRY}
            </button>
            <button type="button" on:click=move |_| state.screen.set(Screen::List)>
                {text::FORM_BACK}
            </button>
        </div>
    }
}
