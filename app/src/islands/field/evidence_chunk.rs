//! The form's 佐证 part (photos and place) travels as a WASM chunk of its own: on a weak
//! link the list and the form's fields do not wait for the camera and image code. The
//! chunk is fetched as soon as the list shows (`prefetch`), the service worker keeps it
//! with the rest of the page for offline use, and if it cannot be fetched the part says so
//! in plain words and offers a retry; the rest of the form saves as ever.

use std::any::Any;

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use super::evidence::{AttachedHere, EvidenceInputs};
use crate::field::form::TypedReport;
use crate::text;

/// The photo part, built into `host` under `owner` (the slot's, so closing the form
/// disposes of it as before). Lives in the chunk; the first call waits for it to load.
#[wasm_split(field_photos, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_chunk))]
fn build_photos(
    owner: Owner,
    typed: RwSignal<TypedReport>,
    attached: AttachedHere,
    host: web_sys::Element,
) -> Result<Option<Box<dyn Any>>, SplitLoaderError> {
    // The form was closed while the chunk was on its way.
    if !host.is_connected() {
        return Ok(None);
    }
    host.set_text_content(None);
    let mut part = owner.with(|| {
        view! { <EvidenceInputs typed attached /> }
            .into_view()
            .build()
    });
    part.mount(&host, None);
    Ok(Some(Box::new(part)))
}

/// Starts fetching the chunk, so that the photo part shows at once when a form opens.
pub fn prefetch() {
    spawn_local(async {
        // A failure here is retried when a form opens.
        let _ = prefetch_chunk().await;
    });
}

/// Where the photo part shows: a loading line until its chunk is here, then the part.
#[component]
pub fn EvidenceSlot(typed: RwSignal<TypedReport>, attached: AttachedHere) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let failed = RwSignal::new(false);
    // The built part lives as long as the slot: dropped with it when the form closes.
    let part = StoredValue::new_local(None::<Box<dyn Any>>);
    let owner = StoredValue::new_local(Owner::current().unwrap_or_default());
    let open = move || {
        let Some(el) = host.get_untracked() else {
            return;
        };
        failed.set(false);
        let owner = owner.get_value();
        spawn_local(async move {
            match build_photos(owner, typed, attached, el.into()).await {
                Ok(built) => {
                    part.try_set_value(built);
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
        });
    };
    host.on_load(move |_| open());
    view! {
        <div class="evidence-slot" node_ref=host>
            <p class="loading">{text::FIELD_PHOTOS_LOADING}</p>
        </div>
        {move || {
            failed
                .get()
                .then(|| {
                    view! {
                        <div class="form-error photo-part-missing" role="alert">
                            <p>{text::FIELD_PHOTOS_NOT_LOADED}</p>
                            <button type="button" on:click=move |_| open()>
                                {text::FORM_RETRY}
                            </button>
                        </div>
                    }
                })
        }}
    }
}
