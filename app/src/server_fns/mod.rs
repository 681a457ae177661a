//! Server functions behind the pages, by area. Each returns exactly what its page shows.
//! They are page plumbing, not the public API: stable JSON for other clients is under
//! `/api/v1` on the server. They reach storage through the `store` traits only.

pub mod account;
pub mod assessment;
pub mod evaluation;
pub mod feedback;
pub mod item;
pub mod monthly;
#[cfg(feature = "ssr")]
pub mod monthly_source;
pub mod opinion;
pub mod poster;
pub mod quarterly;
pub mod reminders;
pub mod reports;
pub mod submission;
pub mod supervision;
pub mod town_board;
pub mod weekly;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::domain::pace::ItemPace;
use crate::domain::plan::{Item, PlanDetail, PlanSummary, Unit};
use crate::error::AppError;

/// The overview: a whole plan with progress and pace as of a day, plus the list of all
/// plans for switching.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewPage {
    pub plan: PlanDetail,
    pub plans: Vec<PlanSummary>,
    pub as_of: NaiveDate,
    /// Whether the day was asked for (links then keep it).
    pub as_of_asked: bool,
    pub paces: Vec<ItemPace>,
    /// Reports awaiting the viewer's review, per item it may review (lead-unit managers).
    pub to_review: Vec<(u32, u64)>,
    /// Residents' suggestions on the items the viewer's unit leads, still unanswered.
    #[serde(default)]
    pub feedback_owed: usize,
    /// 代表意见 on the items the viewer's unit leads, still unanswered.
    #[serde(default)]
    pub opinions_owed: usize,
    /// 督办单 the viewer's unit owes an answer to, the nearest deadline (in force) first,
    /// each with that deadline.
    #[serde(default)]
    pub directives_owed: Vec<(crate::domain::directive::Directive, NaiveDate)>,
    /// Units the viewer follows whose field users have not synced for the days allowed.
    #[serde(default)]
    pub quiet_units: Vec<crate::domain::staleness::QuietUnit>,
    #[serde(default)]
    pub stale_days: i64,
    /// How many things the viewer owes on the plan (我的待办), and how many are overdue.
    #[serde(default)]
    pub reminders: (usize, usize),
    /// A leader's categories, when the page shows only them (the default for leaders).
    #[serde(default)]
    pub narrowed_to: Vec<u32>,
    /// The viewer is a leader with categories in charge (the page offers both views).
    #[serde(default)]
    pub has_charge: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitsPage {
    pub plan: PlanSummary,
    /// Each unit with the number of items it leads and assists.
    pub units: Vec<(Unit, u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitPage {
    pub plan: PlanSummary,
    pub unit: Unit,
    pub leads: Vec<Item>,
    pub assists: Vec<Item>,
}

/// The plan to show: the one named, or the newest when none is named.
#[server(prefix = "/fn", endpoint = "overview")]
pub async fn get_overview(
    plan: Option<String>,
    as_of: Option<NaiveDate>,
    all: Option<bool>,
) -> Result<OverviewPage, AppError> {
    // Contexts first, before any await (see `ssr::store`).
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    let privacy = ssr::privacy_settings();
    let ctx = ssr::loop_settings();
    let viewer = crate::session::current_viewer();
    let plans = store.list_plans().await.map_err(ssr::unavailable)?;
    let code = match plan.or_else(|| plans.first().map(|p| p.id.clone())) {
        Some(code) => code,
        None => return Err(AppError::NotFound(crate::text::NO_PLAN.to_string())),
    };
    let as_of_asked = as_of.is_some();
    let (mut plan, as_of) = ssr::load_plan_as_of(&store, &code, as_of).await?;
    // A leader sees the categories in their charge unless they ask for all.
    let charge = viewer
        .as_ref()
        .and_then(|v| v.charge(&code))
        .map(<[u32]>::to_vec);
    let narrowed_to = match &charge {
        Some(c) if all != Some(true) => c.clone(),
        _ => Vec::new(),
    };
    if !narrowed_to.is_empty() {
        plan.keep_categories(&narrowed_to);
    }
    let mut paces = crate::domain::pace::plan_paces(&plan, as_of, &settings);
    if viewer.is_none() {
        crate::domain::privacy::suppress_plan(&mut plan, &mut paces, privacy);
    }
    // A lead unit's manager sees what waits for their review on the items they lead.
    let to_review = match &viewer {
        Some(viewer)
            if plan
                .items
                .iter()
                .any(|i| crate::domain::authz::may_manage_item(viewer, &code, i).is_ok()) =>
        {
            store
                .pending_counts(&code)
                .await
                .map_err(ssr::unavailable)?
                .into_iter()
                .filter(|(n, _)| {
                    plan.item(*n).is_some_and(|i| {
                        crate::domain::authz::may_manage_item(viewer, &code, i).is_ok()
                    })
                })
                .collect()
        }
        _ => Vec::new(),
    };
    // A lead unit's manager is told what residents and 代表 asked that it has not answered.
    let leads = |viewer: &crate::domain::account::Viewer, n: u32| {
        plan.item(n)
            .is_some_and(|i| crate::domain::authz::may_manage_item(viewer, &code, i).is_ok())
    };
    let opinions_owed = match &viewer {
        Some(v) if plan.items.iter().any(|i| leads(v, i.number)) => store
            .opinions(&code, None)
            .await
            .map_err(ssr::unavailable)?
            .iter()
            .filter(|o| o.is_open() && leads(v, o.item))
            .count(),
        _ => 0,
    };
    let feedback_owed = match &viewer {
        Some(viewer)
            if viewer
                .role_in(&code)
                .is_some_and(|r| r.role == crate::domain::account::Role::UnitManager) =>
        {
            let pending = store
                .feedback_texts(
                    &code,
                    None,
                    Some(crate::domain::feedback::FeedbackStatus::Pending),
                )
                .await
                .map_err(ssr::unavailable)?;
            crate::domain::feedback::visible_to(viewer, &plan, pending)
                .iter()
                .filter(|f| f.needs_answer())
                .count()
        }
        _ => 0,
    };
    // A unit's manager sees the 督办单 it owes, by the deadline in force.
    let directives_owed = match &viewer {
        Some(v)
            if v.role_in(&code)
                .is_some_and(|r| r.role == crate::domain::account::Role::UnitManager) =>
        {
            let today = crate::domain::china_time::today();
            let all = store
                .directives(&code, None)
                .await
                .map_err(ssr::unavailable)?;
            crate::domain::directive::owed_by(v.unit.id, &all, &ctx.escalation, today)
                .into_iter()
                .map(|n| {
                    let deadline = n.standing(&ctx.escalation, today).deadline;
                    (n, deadline)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let reminders = match &viewer {
        Some(v) => {
            let all = crate::server_fns::reminders::source::gather(&store, v, &plan, &ctx).await?;
            let today = crate::domain::china_time::today();
            (all.len(), all.iter().filter(|r| r.overdue(today)).count())
        }
        None => (0, 0),
    };
    let quiet_units = match &viewer {
        Some(v) => {
            let seen = store.sync_seen(&code).await.map_err(ssr::unavailable)?;
            let followed = crate::domain::staleness::followed_by(seen, v, &plan);
            crate::domain::staleness::quiet_units(&followed, chrono::Utc::now(), ctx.staleness.days)
        }
        None => Vec::new(),
    };
    Ok(OverviewPage {
        quiet_units,
        stale_days: ctx.staleness.days,
        reminders,
        directives_owed,
        narrowed_to,
        has_charge: charge.is_some(),
        plan,
        plans,
        as_of,
        as_of_asked,
        paces,
        to_review,
        feedback_owed,
        opinions_owed,
    })
}

#[server(prefix = "/fn", endpoint = "units")]
pub async fn get_units(plan: String) -> Result<UnitsPage, AppError> {
    let detail = ssr::load_plan(&plan).await?;
    let units = detail
        .units
        .iter()
        .map(|u| {
            let leads = detail.items.iter().filter(|i| i.leads(u.id)).count() as u32;
            let all = detail.items.iter().filter(|i| i.involves(u.id)).count() as u32;
            (u.clone(), leads, all - leads)
        })
        .collect();
    Ok(UnitsPage {
        plan: detail.summary,
        units,
    })
}

#[server(prefix = "/fn", endpoint = "unit")]
pub async fn get_unit(plan: String, unit: i64) -> Result<UnitPage, AppError> {
    let detail = ssr::load_plan(&plan).await?;
    let found = detail
        .unit(unit)
        .cloned()
        .ok_or_else(|| AppError::NotFound("该计划中没有这个承办单位。".to_string()))?;
    let (leads, assists) = detail
        .items
        .iter()
        .filter(|i| i.involves(unit))
        .cloned()
        .partition(|i| i.leads(unit));
    Ok(UnitPage {
        plan: detail.summary,
        unit: found,
        leads,
        assists,
    })
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use leptos::prelude::*;

    use chrono::NaiveDate;

    use crate::domain::pace::PaceSettings;
    use crate::domain::plan::PlanDetail;
    use crate::domain::weekly::WeeklySettings;
    use crate::error::AppError;
    use crate::store::{SharedStore, StoreError};

    /// The store of this render. Read it (and every other context: `pace_settings`,
    /// `grace_days`, the viewer) before a server function's first `.await`: leptos's first,
    /// discarded render pass drops its reactive owner while the function waits on the
    /// database, and a context read after that finds nothing.
    pub fn store() -> Result<SharedStore, AppError> {
        use_context::<SharedStore>().ok_or_else(|| {
            tracing::error!("no store in the Leptos context");
            AppError::Unavailable
        })
    }

    /// Logs the cause and hides it from the client.
    pub fn unavailable(e: StoreError) -> AppError {
        tracing::error!(error = %e, "storage failed");
        AppError::Unavailable
    }

    pub async fn load_plan(code: &str) -> Result<PlanDetail, AppError> {
        plan_of(&store()?, code).await
    }

    /// A plan from the store already taken.
    pub async fn plan_of(store: &SharedStore, code: &str) -> Result<PlanDetail, AppError> {
        store
            .plan(code)
            .await
            .map_err(unavailable)?
            .ok_or_else(|| AppError::NotFound(format!("没有代码为“{code}”的年度计划。")))
    }

    /// A day asked for in a request, refused (422, in Chinese) outside `limits`' range.
    pub fn checked_day(day: NaiveDate) -> Result<NaiveDate, AppError> {
        crate::domain::limits::day(day).map_err(AppError::Invalid)
    }

    /// Days of grace after a week for its update (setting).
    pub fn grace_days() -> i64 {
        use_context::<WeeklySettings>()
            .map_or(crate::domain::weekly::DEFAULT_GRACE_DAYS, |s| s.grace_days)
    }

    /// What the viewer's unit owes: this week's open items and last week's missed ones.
    /// Only units leading items owe updates.
    pub fn owed_by(
        viewer: &crate::domain::account::Viewer,
        plan: &PlanDetail,
        arrivals: &[crate::domain::weekly::Arrival],
        finished: &[(u32, NaiveDate)],
        as_of: NaiveDate,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Vec<crate::server_fns::weekly::Owed> {
        use crate::domain::weekly::{owed, week_start};
        let this_week = week_start(as_of);
        let last_week = this_week - chrono::Duration::days(7);
        let title = |n: u32| plan.item(n).map(|i| i.title.clone()).unwrap_or_default();
        [(last_week, true), (this_week, false)]
            .into_iter()
            .filter(|(week, _)| *week + chrono::Duration::days(6) >= plan.summary.starts_on)
            .map(|(week, overdue)| crate::server_fns::weekly::Owed {
                week,
                overdue,
                items: owed(plan, viewer.unit.id, arrivals, finished, week, now)
                    .into_iter()
                    .map(|n| (n, title(n)))
                    .collect(),
            })
            .filter(|o| !o.items.is_empty())
            .collect()
    }

    /// Each item finished on one of `days` (ascending) and the first such day: finished
    /// items owe no weekly updates after it. One read of the day totals for all the days
    /// (`store::plans_on`); the plan's structure is the one given, not loaded again.
    pub async fn finished_on(
        store: &SharedStore,
        settings: &PaceSettings,
        code: &str,
        plan: &PlanDetail,
        days: &[NaiveDate],
    ) -> Result<Vec<(u32, NaiveDate)>, AppError> {
        let mut out: Vec<(u32, NaiveDate)> = Vec::new();
        let plans = crate::store::plans_on(store.as_ref(), code, plan, days)
            .await
            .map_err(unavailable)?;
        for (day, at) in days.iter().zip(&plans) {
            for pace in crate::domain::pace::plan_paces(at, *day, settings) {
                // Done, suspended or ended: no weekly updates owed from that day.
                if matches!(
                    pace.status,
                    crate::domain::pace::PaceStatus::Done
                        | crate::domain::pace::PaceStatus::Suspended
                        | crate::domain::pace::PaceStatus::Ended
                ) && !out.iter().any(|(i, _)| *i == pace.item)
                {
                    out.push((pace.item, *day));
                }
            }
        }
        Ok(out)
    }

    /// The thresholds the server was started with.
    pub fn pace_settings() -> PaceSettings {
        use_context::<PaceSettings>().unwrap_or_default()
    }

    /// The supervision loop's settings, read together (before any await).
    #[derive(Clone, Copy, Debug)]
    pub struct LoopSettings {
        pub pace: PaceSettings,
        pub grace_days: i64,
        pub escalation: crate::domain::directive::EscalationRule,
        pub submission: crate::domain::submission::SubmissionSettings,
        pub score: crate::domain::assessment::ScoreRule,
        pub staleness: crate::domain::staleness::StalenessSettings,
    }

    pub fn loop_settings() -> LoopSettings {
        LoopSettings {
            pace: pace_settings(),
            grace_days: grace_days(),
            escalation: escalation_rule(),
            submission: use_context().unwrap_or_default(),
            score: use_context().unwrap_or_default(),
            staleness: use_context().unwrap_or_default(),
        }
    }

    /// How unanswered 督办单 escalate (setting).
    pub fn escalation_rule() -> crate::domain::directive::EscalationRule {
        use_context::<crate::domain::directive::EscalationRule>().unwrap_or_default()
    }

    /// What the public is not shown (setting): small totals about people.
    pub fn privacy_settings() -> crate::domain::privacy::PrivacySettings {
        use_context::<crate::domain::privacy::PrivacySettings>().unwrap_or_default()
    }

    /// A plan with each indicator's progress from accepted reports captured up to `as_of`.
    pub async fn load_plan_as_of(
        store: &SharedStore,
        code: &str,
        as_of: Option<NaiveDate>,
    ) -> Result<(PlanDetail, NaiveDate), AppError> {
        let as_of = as_of.map(checked_day).transpose()?;
        let mut plan = plan_of(store, code).await?;
        let as_of = as_of.unwrap_or_else(|| {
            crate::domain::progress::default_as_of(&plan, crate::domain::china_time::today())
        });
        crate::store::apply_progress(store.as_ref(), code, &mut plan, as_of)
            .await
            .map_err(unavailable)?;
        Ok((plan, as_of))
    }
}
