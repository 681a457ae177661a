//! `/api/v1`: stable, versioned JSON for offline clients and scripts. Paths and shapes here
//! do not change between builds (unlike server-function URLs); a phone running last
//! month's build must still work.

use super::extract::{Json, Path, Query};
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use app::domain::pace::{Pace, PaceStatus};
use app::domain::plan::{PlanDetail, PlanSummary};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(list_plans))
        .route("/plans/{id}", get(plan))
        .route("/plans/{id}/progress", get(progress))
}

#[derive(Deserialize)]
pub(super) struct AsOf {
    as_of: Option<NaiveDate>,
}

/// What the public sees of a plan as of `as_of` (default: today, or the plan's last day once
/// it is over): every indicator's progress from accepted reports and every item's pace,
/// with small totals about people withheld.
async fn public_as_of(
    state: &AppState,
    id: &str,
    as_of: Option<NaiveDate>,
) -> Result<(PlanDetail, Vec<app::domain::pace::ItemPace>, NaiveDate), ApiError> {
    Ok(crate::service::plan::public_as_of(
        state.store.as_ref(),
        id,
        as_of,
        &state.pace,
        state.privacy,
    )
    .await?)
}

/// Progress and pace of every item and indicator of a plan, as of a day: what the pages
/// show, for other systems.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct PlanProgress {
    plan: String,
    as_of: NaiveDate,
    items: Vec<ItemProgress>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct ItemProgress {
    item: u32,
    title: String,
    status: PaceStatus,
    indicators: Vec<IndicatorProgress>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct IndicatorProgress {
    code: String,
    name: String,
    /// The target in force on the day asked for.
    target: Option<f64>,
    /// The target as published, when a recorded decision has changed it by that day.
    #[serde(skip_serializing_if = "Option::is_none")]
    original_target: Option<f64>,
    /// 0 when withheld (see `suppressed_below`).
    actual: f64,
    /// Set when this total about people is above zero and below this threshold: the figure
    /// is withheld from the public.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed_below: Option<f64>,
    done_on: Option<NaiveDate>,
    pace: Pace,
}

#[utoipa::path(get, path = "/plans/{id}/progress", tag = "plans",
    params(("id" = String, Path, description = "The plan's code"), ("as_of" = Option<chrono::NaiveDate>, Query, description = "As of this day (default today)")),
    responses((status = 200, description = "Progress and pace of every item and indicator", body = PlanProgress),
        super::openapi::BadRequest,
        super::openapi::NotFound,
        super::openapi::Unprocessable))]
pub(super) async fn progress(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Json<PlanProgress>, ApiError> {
    let (detail, paces, as_of) = public_as_of(&state, &id, query.as_of).await?;
    let items = detail
        .items
        .iter()
        .zip(paces)
        .map(|(item, pace)| ItemProgress {
            item: item.number,
            title: item.title.clone(),
            status: pace.status,
            indicators: item
                .indicators
                .iter()
                .zip(pace.indicators)
                .map(|(ind, pace)| IndicatorProgress {
                    code: ind.code.clone(),
                    name: ind.name.clone(),
                    target: ind.target,
                    original_target: ind.original_target,
                    actual: ind.actual,
                    suppressed_below: ind.suppressed_below,
                    done_on: ind.done_on,
                    pace,
                })
                .collect(),
        })
        .collect();
    Ok(Json(PlanProgress {
        plan: detail.summary.id,
        as_of,
        items,
    }))
}

/// All plans, newest first.
#[utoipa::path(get, path = "/plans", tag = "plans",
    responses((status = 200, description = "All plans, newest first", body = Vec<app::domain::plan::PlanSummary>)))]
pub(super) async fn list_plans(
    State(state): State<AppState>,
) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    Ok(Json(
        crate::service::plan::list(state.store.as_ref()).await?,
    ))
}

/// One plan with its categories, items, units and indicators (targets and their parts),
/// each indicator's `actual` as of `?as_of=` (default today).
#[utoipa::path(get, path = "/plans/{id}", tag = "plans",
    params(("id" = String, Path, description = "The plan's code"), ("as_of" = Option<chrono::NaiveDate>, Query, description = "Progress as of this day (default today)")),
    responses((status = 200, description = "The plan with each indicator's progress", body = app::domain::plan::PlanDetail),
        super::openapi::BadRequest,
        super::openapi::NotFound,
        super::openapi::Unprocessable))]
pub(super) async fn plan(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Json<PlanDetail>, ApiError> {
    Ok(Json(public_as_of(&state, &id, query.as_of).await?.0))
}
