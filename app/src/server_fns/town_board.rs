//! 镇街进度看板's server function: the plan as of today (or the day asked for), its pace,
//! and what the town's accepted reports add up to (`ProgressStore::unit_done`, one read of
//! the town's day totals); `domain::town_board` makes the rows. A town's own users see
//! their town; the 督查室, leaders and departments choose one.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::plan::{PlanSummary, UnitRef};
use crate::domain::town_board::BoardRow;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TownBoardPage {
    pub plan: PlanSummary,
    pub as_of: NaiveDate,
    /// The town shown, and the towns that may be chosen (none for a town's own users).
    pub town: UnitRef,
    pub towns: Vec<UnitRef>,
    pub rows: Vec<BoardRow>,
}

#[server(prefix = "/fn", endpoint = "town_board")]
pub async fn get_town_board(
    plan: String,
    unit: Option<i64>,
    as_of: Option<NaiveDate>,
) -> Result<TownBoardPage, AppError> {
    use crate::domain::plan::UnitKind;
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    if viewer.role_in(&plan).is_none() {
        return Err(AppError::Forbidden("您在该计划中没有角色".to_string()));
    }
    let (detail, as_of) = ssr::load_plan_as_of(&store, &plan, as_of).await?;
    let towns: Vec<UnitRef> = detail
        .units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Town | UnitKind::Subdistrict))
        .map(|u| UnitRef {
            id: u.id,
            name: u.name.clone(),
        })
        .collect();
    let own = towns.iter().find(|t| t.id == viewer.unit.id).cloned();
    let town = match (&own, unit) {
        (Some(mine), _) => mine.clone(),
        (None, Some(id)) => towns
            .iter()
            .find(|t| t.id == id)
            .cloned()
            .ok_or_else(|| AppError::NotFound("该计划中没有这个镇（街道）。".to_string()))?,
        (None, None) => towns
            .first()
            .cloned()
            .ok_or_else(|| AppError::NotFound("该计划没有镇（街道）。".to_string()))?,
    };
    let done = store
        .unit_done(&plan, town.id, as_of)
        .await
        .map_err(ssr::unavailable)?;
    let paces = crate::domain::pace::plan_paces(&detail, as_of, &settings);
    let done_by = |item: u32, code: &str| {
        done.iter()
            .find(|d| d.item == item && d.code == code)
            .map(|d| d.done)
    };
    let rows =
        crate::domain::town_board::rows(&detail, &paces, town.id, &done_by, as_of, &settings);
    Ok(TownBoardPage {
        plan: detail.summary,
        as_of,
        town,
        towns: if own.is_some() { Vec::new() } else { towns },
        rows,
    })
}
