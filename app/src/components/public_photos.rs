//! 现场照片 on an item's page.

use leptos::prelude::*;

use crate::domain::evidence::public::{PublicPhoto, PublicStage};
use crate::text;

/// 现场照片: the photos the lead unit made public, by stage of the work, for everyone.
/// Their copies are served without metadata (`/public/photos/…`).
#[component]
pub fn PublicPhotos(photos: Vec<PublicPhoto>) -> AnyView {
    if photos.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="item-photos" id="photos">
            <h2>{text::PUBLIC_PHOTOS}</h2>
            <p class="muted">{text::PUBLIC_PHOTOS_NOTE}</p>
            {PublicStage::ALL
                .into_iter()
                .filter_map(|stage| {
                    let these: Vec<_> = photos.iter().filter(|p| p.stage == stage).cloned().collect();
                    (!these.is_empty()).then(|| view! {
                        <h3>{stage.label()}</h3>
                        <div class="public-photos" data-stage=stage.as_str()>
                            {these.into_iter().map(|p| {
                                let id = p.photo_id.to_string();
                                view! {
                                    <figure class="public-photo" data-photo=id.clone()>
                                        <a href=format!("/public/photos/{id}/photo")>
                                            <img src=format!("/public/photos/{id}/thumb") alt=format!("{}：{}", stage.label(), p.captured_on) loading="lazy" width="160" height="120" />
                                        </a>
                                        <figcaption>{p.captured_on.to_string()}</figcaption>
                                    </figure>
                                }
                            }).collect_view()}
                        </div>
                    })
                })
                .collect_view()}
        </section>
    }
    .into_any()
}
