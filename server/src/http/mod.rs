//! The HTTP surface, axum only: Leptos pages (SSR + hydration), `/api/v1` JSON, the page
//! forms, health and static files. Handlers parse requests into typed values (`extract`),
//! call a `service`, and turn its `ServiceError` into a status here (`error`) and nowhere
//! else.

mod access_log;
mod account_api;
mod account_forms;
mod api_v1;
pub mod csrf;
mod directive_forms;
mod encoding;
mod error;
mod evaluation_forms;
mod exports;
pub(crate) mod extract;
mod feedback_forms;
mod form_text;
mod health;
mod item_forms;
mod multipart_form;
pub mod openapi;
pub mod page_cache;
mod page_form;
mod photo_routes;
mod scan_routes;
mod security;
mod server_fn_status;
mod session;
mod session_api;
mod static_files;
mod submission_forms;
mod supervision_forms;
mod sync_api;
mod upload_api;

use std::path::Path;
use std::sync::OnceLock;

use app::{App, shell};
use axum::Router;
use axum::extract::FromRef;
use http::HeaderValue;
use http::header::CACHE_CONTROL;
use leptos::prelude::{LeptosOptions, provide_context, use_context};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ApiError;
pub use security::CspNonce;
pub use session::Session;

pub use crate::state::AppState;

use axum::middleware::{from_fn, from_fn_with_state};
use session::load_session;
use static_files::StaticFiles;

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// What every page render gets as context: the store, and the field bundle's name.
pub fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let store = state.store.clone();
    let field = state.field_bundle.clone();
    let pace = state.pace;
    let weekly = state.weekly;
    let escalation = state.escalation;
    let submission = state.submission;
    let score = state.score;
    let staleness = state.staleness;
    let privacy = state.privacy;
    let poster = state.poster.clone();
    move || {
        // The nonce of this response's Content-Security-Policy (made by `security::headers`)
        // goes on Leptos's inline hydration scripts instead of the one Leptos makes itself.
        if let Some(nonce) = use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
        provide_context(store.clone());
        provide_context(pace);
        provide_context(weekly);
        provide_context(escalation);
        provide_context(submission);
        provide_context(score);
        provide_context(staleness);
        provide_context(privacy);
        provide_context(poster.clone());
        if let Some(field) = field.clone() {
            provide_context(field);
        }
    }
}

/// The app's routes, generated once per process. Generating them suspends resource loading
/// process-wide (leptos-rs/leptos#4773), so generating again while a page renders (tests
/// build one router each) would leave that render waiting forever.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let context = page_context(&state);
    let options = state.leptos_options.clone();
    let shell_fn = move || shell(options.clone());

    let pkg_cache = if state.hashed_assets {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg_dir = Path::new(&*state.leptos_options.site_root).join("pkg");
    let files = StaticFiles::load(&pkg_dir).unwrap_or_else(|e| {
        tracing::error!(error = %e, dir = %pkg_dir.display(), "the built files could not be read");
        StaticFiles::default()
    });
    let pkg = Router::new()
        .fallback(static_files::serve)
        .with_state(files)
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));

    let api = Router::new()
        .merge(api_v1::routes())
        .merge(session_api::routes())
        .merge(account_api::routes())
        .merge(sync_api::routes())
        .merge(upload_api::routes())
        .merge(openapi::routes())
        // Unknown API routes and methods answer in the API's JSON shape, not the HTML 404.
        .fallback(|| async { ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed });
    Router::new()
        .merge(health::routes())
        .nest("/api/v1", api)
        .merge(account_forms::routes())
        .merge(item_forms::routes())
        .merge(photo_routes::routes())
        .merge(scan_routes::routes())
        .merge(feedback_forms::routes())
        .merge(evaluation_forms::routes())
        .merge(exports::routes())
        .merge(supervision_forms::routes())
        .merge(directive_forms::routes())
        .merge(submission_forms::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), shell_fn)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(from_fn(server_fn_status::refusal_status))
        .layer(from_fn(form_text::refuse_control_characters))
        // Who is signed in, for every page and API call (static files below skip it).
        .layer(from_fn_with_state(state.clone(), load_session))
        // Public pages from memory: a kept page skips the session (it has no cookie) and
        // the render; every write request marks them out of date.
        .layer(from_fn_with_state(
            state.page_cache.clone(),
            page_cache::serve,
        ))
        .nest("/pkg", pkg)
        // Refuse cross-site writes before anything else runs.
        .layer(from_fn(csrf::same_origin_only))
        // A bug that panics answers 500 in the JSON shape and is logged; the connection
        // stays up.
        .layer(CatchPanicLayer::custom(security::panic_answer))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .layer(from_fn(access_log::log_cut_requests))
        .layer(CompressionLayer::new())
        .with_state(state)
}
