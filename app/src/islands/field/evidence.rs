//! The form's 佐证 part: photos from the camera or the gallery, shrunk and kept on the
//! phone at once (so nothing is lost if the page closes), and the place, only when the
//! reporter asks for it, shown and removable.

use std::collections::HashMap;

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::domain::evidence::{MAX_PHOTOS_PER_REPORT, PhotoSource};
use crate::field::browser::evidence;
use crate::field::form::TypedReport;
use crate::text;

/// Photos attached while this form is open: forgotten again if it is cancelled.
pub type AttachedHere = StoredValue<Vec<Uuid>>;

#[component]
pub fn EvidenceInputs(typed: RwSignal<TypedReport>, attached: AttachedHere) -> impl IntoView {
    let thumbs: RwSignal<HashMap<Uuid, String>> = RwSignal::new(HashMap::new());
    let working = RwSignal::new(0usize);
    let locating = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // Thumbnails of photos already on the report (editing).
    for photo in typed.get_untracked().photos {
        spawn_local(async move {
            if let Some(url) = evidence::thumb_url(photo.id).await {
                thumbs.update(|t| {
                    t.insert(photo.id, url);
                });
            }
        });
    }
    let add = move |input: web_sys::HtmlInputElement, source: PhotoSource| {
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        problem.set(None);
        working.update(|n| *n += files.len());
        spawn_local(async move {
            for file in files {
                if typed.read_untracked().photos.len() >= MAX_PHOTOS_PER_REPORT {
                    problem.set(Some(text::FIELD_PHOTO_LIMIT.to_string()));
                } else {
                    let place = typed.read_untracked().location.clone();
                    match evidence::attach(file, source, place).await {
                        Ok(photo) => {
                            let id = photo.id;
                            attached.update_value(|a| a.push(id));
                            typed.update(|t| t.photos.push(photo));
                            if let Some(url) = evidence::thumb_url(id).await {
                                thumbs.update(|t| {
                                    t.insert(id, url);
                                });
                            }
                        }
                        Err(message) => problem.set(Some(message)),
                    }
                }
                working.update(|n| *n = n.saturating_sub(1));
            }
        });
    };
    let locate = move |_| {
        locating.set(true);
        problem.set(None);
        spawn_local(async move {
            match evidence::locate().await {
                Some(fix) => typed.update(|t| t.location = Some(fix)),
                None => problem.set(Some(text::FIELD_LOCATION_NONE.to_string())),
            }
            locating.set(false);
        });
    };
    view! {
        <fieldset class="evidence-inputs">
            <legend>{text::FIELD_PHOTOS}</legend>
            <ul class="photo-list">
                {move || typed.read().photos.iter().map(|p| {
                    let id = p.id;
                    view! {
                        <li class="attached-photo" data-photo=id.to_string()>
                            {move || thumbs.read().get(&id).cloned().map(|src| view! {
                                <img src=src alt=text::FIELD_PHOTOS width="80" height="60" />
                            })}
                            <span class="muted">{format!("{} KB", p.bytes / 1024)}</span>
                            <button type="button" class="link-dark" on:click=move |_| {
                                typed.update(|t| t.photos.retain(|p| p.id != id));
                            }>{text::FIELD_PHOTO_REMOVE}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="photo-buttons">
                <label class="button secondary">
                    {text::FIELD_TAKE_PHOTO}
                    <input type="file" accept="image/*" capture="environment" class="visually-hidden" name="camera"
                        on:change:target=move |ev| add(ev.target(), PhotoSource::Camera) />
                </label>
                <label class="button secondary">
                    {text::FIELD_PICK_PHOTOS}
                    <input type="file" accept="image/*" multiple class="visually-hidden" name="gallery"
                        on:change:target=move |ev| add(ev.target(), PhotoSource::Gallery) />
                </label>
            </p>
            {move || (working.get() > 0).then(|| view! { <p class="muted" id="photo-working">{text::FIELD_PHOTO_WORKING}</p> })}
            {move || match typed.read().location.clone() {
                Some(fix) => Either::Left(view! {
                    <p class="location" id="report-location">
                        {text::location_text(&fix)} " "
                        <button type="button" class="link-dark" on:click=move |_| typed.update(|t| t.location = None)>
                            {text::FIELD_LOCATION_REMOVE}
                        </button>
                    </p>
                }),
                None => Either::Right(view! {
                    <p>
                        <button type="button" class="secondary" id="locate" disabled=move || locating.get() on:click=locate>
                            {move || if locating.get() { text::FIELD_LOCATING } else { text::FIELD_LOCATE }}
                        </button>
                    </p>
                }),
            }}
            {move || problem.get().map(|p| view! { <p class="form-error">{p}</p> })}
        </fieldset>
    }
}

/// After a save: photos taken off the report are forgotten on the phone. After a cancel:
/// photos attached in this form are.
pub fn forget_unused(attached: Vec<Uuid>, before: Vec<Uuid>, kept: Vec<Uuid>) {
    spawn_local(async move {
        for id in attached.into_iter().chain(before) {
            if !kept.contains(&id) {
                evidence::forget(id).await;
            }
        }
    });
}
