use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::text;

/// The router's fallback for unknown paths.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorNotice error=AppError::NotFound(text::NOT_FOUND_PAGE.to_string()) /> }
}

/// What a page shows when its data did not load. On the server it also sets the HTTP
/// status, so a missing item is a real 404 and not a 200 page saying "not found".
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(match error {
            AppError::NotFound(_) => http::StatusCode::NOT_FOUND,
            AppError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
        });
    }
    let heading = match error {
        AppError::NotFound(_) => text::NOT_FOUND_TITLE,
        AppError::Unavailable => text::LOAD_FAILED,
    };
    view! {
        <Title text=text::page_title(heading) />
        <section class="error-notice" role="alert">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p>
                <a href="/">{text::BACK_TO_OVERVIEW}</a>
            </p>
        </section>
    }
}
