//! The HTTP surface: Leptos pages (SSR + hydration), `/api/v1` JSON, health, static files.

mod api_v1;
mod error;
mod health;

use std::path::Path;

use app::store::SharedStore;
use app::{App, SiteAssets, shell};
use axum::Router;
use axum::extract::FromRef;
use http::HeaderValue;
use http::header::CACHE_CONTROL;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ApiError;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub assets: SiteAssets,
    /// Whether `/pkg` files carry content hashes (then they are cached for a year).
    pub hashed_assets: bool,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, store: SharedStore, site_root: &Path) -> Self {
        AppState {
            leptos_options,
            store,
            assets: crate::site::load_assets(site_root),
            hashed_assets: crate::site::hashed(site_root),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let store = state.store.clone();
    let context = move || provide_context(store.clone());
    let assets = state.assets.clone();
    let shell_fn = move || shell(assets.clone());
    let assets_404 = state.assets.clone();

    let pkg_cache = if state.hashed_assets {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg_dir = Path::new(&*state.leptos_options.site_root).join("pkg");
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));

    Router::new()
        .merge(health::routes())
        .nest("/api/v1", api_v1::routes())
        .nest("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, context.clone(), shell_fn)
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context,
            move |_| shell(assets_404.clone()),
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}
