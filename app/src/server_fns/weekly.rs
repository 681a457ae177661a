//! Server functions of the weekly ledger (周盘点): the supervisor's unit × week grid, and
//! what the viewer's unit owes (the reminder shown when a lead unit's user opens the app).

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::plan::PlanSummary;
use crate::domain::weekly::Grid;
use crate::error::AppError;

/// Items a unit has not updated, for one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Owed {
    pub week: NaiveDate,
    /// Still open (this week) or already missed (last week).
    pub overdue: bool,
    pub items: Vec<(u32, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeeklyPage {
    pub plan: PlanSummary,
    pub as_of: NaiveDate,
    pub grid: Grid,
    /// What the viewer's unit owes, when it leads items and the viewer may file statements.
    pub mine: Vec<Owed>,
    pub unit_name: String,
    /// A leader's categories, when the grid shows only their items' units (the default).
    #[serde(default)]
    pub narrowed_to: Vec<u32>,
    #[serde(default)]
    pub has_charge: bool,
    /// The field users the viewer follows, with their last sync (督查室: all; a lead unit:
    /// those of the units on its items).
    #[serde(default)]
    pub syncs: Vec<crate::domain::staleness::SyncSeen>,
    /// Days without a sync that make a unit quiet (setting).
    #[serde(default)]
    pub stale_days: i64,
}

#[server(prefix = "/fn", endpoint = "weekly")]
pub async fn get_weekly(
    plan: String,
    as_of: Option<NaiveDate>,
    all: Option<bool>,
) -> Result<WeeklyPage, AppError> {
    use crate::domain::china_time::today;
    use crate::domain::progress::default_as_of;
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let as_of = as_of.map(ssr::checked_day).transpose()?;
    let asked = as_of.is_some();
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    let grace_days = ssr::grace_days();
    let stale_days = ssr::loop_settings().staleness.days;
    let mut detail = ssr::plan_of(&store, &plan).await?;
    let syncs = crate::domain::staleness::followed_by(
        store.sync_seen(&plan).await.map_err(ssr::unavailable)?,
        &viewer,
        &detail,
    );
    // A leader sees the units of the items in their charge unless they ask for all.
    let charge = viewer.charge(&plan).map(<[u32]>::to_vec);
    let narrowed_to = match &charge {
        Some(c) if all != Some(true) => c.clone(),
        _ => Vec::new(),
    };
    if !narrowed_to.is_empty() {
        detail.keep_categories(&narrowed_to);
    }
    // Past the plan's end the grid no longer changes; a far-off day would only make every
    // week since the start cost a progress query.
    let as_of = as_of
        .unwrap_or_else(|| default_as_of(&detail, today()))
        .min(detail.summary.ends_on);
    // A day asked for is seen as it stood then; otherwise everything that has arrived counts,
    // also after a finished plan's last day (a late statement clears what it owed).
    let now = if asked {
        crate::domain::china_time::seen_at(as_of)
    } else {
        chrono::Utc::now()
    };
    let arrivals = store
        .arrivals(
            &plan,
            detail.summary.starts_on - chrono::Duration::days(7),
            as_of,
        )
        .await
        .map_err(ssr::unavailable)?;
    // Each week's Sunday (or the day seen, in the last week).
    let sundays: Vec<NaiveDate> = crate::domain::weekly::plan_weeks(&detail, as_of)
        .into_iter()
        .map(|monday| (monday + chrono::Duration::days(6)).min(as_of))
        .collect();
    let finished = ssr::finished_on(&store, &settings, &plan, &detail, &sundays).await?;
    let grid = crate::domain::weekly::grid(&detail, &arrivals, &finished, as_of, now, grace_days);
    let mine = ssr::owed_by(&viewer, &detail, &arrivals, &finished, as_of, now);
    Ok(WeeklyPage {
        plan: detail.summary.clone(),
        as_of,
        grid,
        mine,
        unit_name: viewer.unit.name.clone(),
        narrowed_to,
        has_charge: charge.is_some(),
        syncs,
        stale_days,
    })
}

/// The reminder for the viewer's unit on a plan (empty when nothing is owed).
#[server(prefix = "/fn", endpoint = "weekly_reminder")]
pub async fn get_weekly_reminder(plan: String) -> Result<Vec<Owed>, AppError> {
    use crate::server_fns::ssr;
    let Some(viewer) = crate::session::current_viewer() else {
        return Ok(Vec::new());
    };
    let store = ssr::store()?;
    let ctx = ssr::loop_settings();
    let detail = ssr::plan_of(&store, &plan).await?;
    owed_now(&store, &viewer, &detail, &ctx).await
}

/// What the viewer's unit owes now: last week and this week of the items it leads, counting
/// whatever has arrived by now (also for a finished plan's last weeks).
#[cfg(feature = "ssr")]
pub async fn owed_now(
    store: &crate::store::SharedStore,
    viewer: &crate::domain::account::Viewer,
    detail: &crate::domain::plan::PlanDetail,
    ctx: &crate::server_fns::ssr::LoopSettings,
) -> Result<Vec<Owed>, AppError> {
    use crate::domain::china_time::today;
    use crate::domain::progress::default_as_of;
    use crate::server_fns::ssr;
    if !detail.items.iter().any(|i| i.leads(viewer.unit.id)) {
        return Ok(Vec::new());
    }
    let plan = detail.summary.id.as_str();
    let as_of = default_as_of(detail, today());
    let arrivals = store
        .arrivals(plan, as_of - chrono::Duration::days(14), as_of)
        .await
        .map_err(ssr::unavailable)?;
    // Only last week and this week are owed: what was finished before each began.
    let this_week = crate::domain::weekly::week_start(as_of);
    let days = [
        this_week - chrono::Duration::days(8),
        this_week - chrono::Duration::days(1),
    ];
    let finished = ssr::finished_on(store, &ctx.pace, plan, detail, &days).await?;
    Ok(ssr::owed_by(
        viewer,
        detail,
        &arrivals,
        &finished,
        as_of,
        chrono::Utc::now(),
    ))
}
