//! How every page shows the data its server function loads: a loading line until it
//! arrives, then the page's body, or in Chinese why it could not be loaded.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::pages::ErrorNotice;
use crate::text;

/// `body` of the loaded data of `page`, or the reason it failed (`ErrorNotice`).
pub fn loaded<T, V>(
    page: Resource<Result<T, AppError>>,
    body: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || {
                let body = body.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(data) => body(data).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
