//! `/api/v1`: stable, versioned JSON for offline clients and scripts. Paths and shapes here
//! do not change between builds (unlike server-function URLs); a phone running last
//! month's build must still work.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use app::plan::{PlanDetail, PlanSummary};

use super::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list_plans))
        .route("/plans/{id}", get(plan))
}

/// All plans, newest first.
async fn list_plans(State(state): State<AppState>) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    Ok(Json(state.store.list_plans().await?))
}

/// One plan with its categories, items, units and indicators (targets and their parts).
async fn plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PlanDetail>, ApiError> {
    state
        .store
        .plan(&id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("没有代码为“{id}”的年度计划。")))
}
