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
    let login = format!(
        "/login?next={}",
        crate::session::current_path().replace('&', "%26")
    );
    #[cfg(feature = "ssr")]
    {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(match error {
                AppError::NotFound(_) => http::StatusCode::NOT_FOUND,
                // Signed out (or the session expired): to sign-in, and back afterwards.
                AppError::SignInRequired => http::StatusCode::FOUND,
                AppError::Forbidden(_) => http::StatusCode::FORBIDDEN,
                AppError::Invalid(_) => http::StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            });
            if error == AppError::SignInRequired
                && let Ok(location) = http::HeaderValue::from_str(&login)
            {
                res.insert_header(http::header::LOCATION, location);
            }
        }
    }
    let heading = match error {
        AppError::NotFound(_) => text::NOT_FOUND_TITLE,
        AppError::SignInRequired => text::LOGIN_TITLE,
        AppError::Forbidden(_) => text::FORBIDDEN_TITLE,
        AppError::Invalid(_) => text::INVALID_TITLE,
        AppError::Unavailable => text::LOAD_FAILED,
    };
    let sign_in = (error == AppError::SignInRequired)
        .then(|| view! { <p><a href=login>{text::SIGN_IN}</a></p> });
    view! {
        <Title text=text::page_title(heading) />
        <section class="error-notice" role="alert">
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            {sign_in}
            <p>
                <a href="/">{text::BACK_TO_OVERVIEW}</a>
            </p>
        </section>
    }
}
