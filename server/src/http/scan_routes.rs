//! `/q/{plan}/{item}`: where a 民生码 poster's QR code leads. The scan is counted (per item
//! and day, nothing about the visitor) and the visitor sent on to the item's public page;
//! a failed count never stops them from reading it.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use app::domain::china_time::today;
use app::domain::poster::item_path;

use super::AppState;
use super::extract::Path;
use super::page_form::see_other;
use crate::service::scan;

pub fn routes() -> Router<AppState> {
    Router::new().route("/q/{plan}/{item}", get(scanned))
}

async fn scanned(
    State(state): State<AppState>,
    Path((plan, item)): Path<(String, u32)>,
) -> Response {
    if let Err(e) = scan::record(state.store.as_ref(), &plan, item, today()).await {
        tracing::warn!(error = %e, "scan not counted");
    }
    see_other(&item_path(&plan, item))
}
