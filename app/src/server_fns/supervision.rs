//! Server functions of 督查督办: an item's difficulties, notices and visits; one
//! difficulty's timeline; the supervisor's list of everything open. Internal: signed-in
//! users only.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::directive::{Counters, Directive, EscalationRule};
use crate::domain::plan::UnitRef;
use crate::domain::supervision::{Difficulty, DifficultyEvent, Visit};
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemSupervision {
    pub difficulties: Vec<Difficulty>,
    pub notices: Vec<Directive>,
    pub visits: Vec<Visit>,
    pub today: NaiveDate,
    /// How unanswered 督办单 escalate (setting).
    pub rule: EscalationRule,
    pub may_raise: bool,
    /// The supervisor issues notices and records visits.
    pub may_supervise: bool,
    /// Notices the viewer may answer.
    pub respondable: Vec<i64>,
    /// The units a notice may go to.
    pub units: Vec<UnitRef>,
}

#[server(prefix = "/fn", endpoint = "item_supervision")]
pub async fn get_item_supervision(plan: String, number: u32) -> Result<ItemSupervision, AppError> {
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let rule = ssr::escalation_rule();
    let detail = ssr::plan_of(&store, &plan).await?;
    let item = detail
        .item(number)
        .cloned()
        .ok_or_else(|| AppError::NotFound("没有这个项目".to_string()))?;
    let notices = store
        .directives(&plan, Some(number))
        .await
        .map_err(ssr::unavailable)?;
    let respondable = crate::domain::directive::answerable_by(&viewer, &plan, &notices);
    Ok(ItemSupervision {
        difficulties: store
            .difficulties(&plan, Some(number))
            .await
            .map_err(ssr::unavailable)?,
        visits: store
            .visits(&plan, Some(number))
            .await
            .map_err(ssr::unavailable)?,
        notices,
        today: crate::domain::china_time::today(),
        rule,
        may_raise: crate::domain::supervision::may_raise(&viewer, &plan, &item).is_ok(),
        may_supervise: viewer.is_supervisor_of(&plan),
        respondable,
        units: item
            .lead_units
            .iter()
            .chain(&item.co_units)
            .cloned()
            .collect(),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DifficultyPage {
    pub plan: String,
    pub difficulty: Difficulty,
    pub events: Vec<DifficultyEvent>,
    pub may_comment: bool,
    pub may_coordinate: bool,
    /// The evidence photos of the report it was raised from: (photo id, thumbnail arrived).
    #[serde(default)]
    pub photos: Vec<(String, bool)>,
}

#[server(prefix = "/fn", endpoint = "difficulty")]
pub async fn get_difficulty(plan: String, id: i64) -> Result<DifficultyPage, AppError> {
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let (owner_plan, difficulty, events) = store
        .difficulty(id)
        .await
        .map_err(ssr::unavailable)?
        .filter(|(p, _, _)| *p == plan)
        .ok_or_else(|| AppError::NotFound("没有这个困难问题。".to_string()))?;
    let detail = ssr::plan_of(&store, &owner_plan).await?;
    let item = detail
        .item(difficulty.item)
        .cloned()
        .ok_or(AppError::Unavailable)?;
    let photos = match difficulty
        .report_id
        .as_deref()
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
    {
        Some(report) => difficulty_photos(store.as_ref(), report).await?,
        None => Vec::new(),
    };
    Ok(DifficultyPage {
        photos,
        may_comment: crate::domain::supervision::may_comment_difficulty(&viewer, &plan, &item)
            .is_ok(),
        may_coordinate: crate::domain::supervision::may_coordinate(&viewer, &plan, &item).is_ok(),
        plan: owner_plan,
        difficulty,
        events,
    })
}

/// The photos a report declared, each with whether its thumbnail is on the server.
#[cfg(feature = "ssr")]
async fn difficulty_photos(
    store: &dyn crate::store::Store,
    report: uuid::Uuid,
) -> Result<Vec<(String, bool)>, AppError> {
    use crate::domain::evidence::PhotoPart;
    use crate::server_fns::ssr::unavailable;
    let Some(stored) = store.report(report).await.map_err(unavailable)? else {
        return Ok(Vec::new());
    };
    let parts = store.report_parts(&[report]).await.map_err(unavailable)?;
    Ok(stored
        .report
        .photos
        .iter()
        .map(|p| {
            let arrived = parts
                .iter()
                .any(|s| s.photo_id == p.id && s.part == PhotoPart::Thumb);
            (p.id.to_string(), arrived)
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupervisionPage {
    pub plan: String,
    pub title: String,
    /// Open and coordinating difficulties, oldest first.
    pub open: Vec<Difficulty>,
    pub notices: Vec<Directive>,
    pub visits: Vec<Visit>,
    pub today: NaiveDate,
    /// 督办单 the viewer may answer from here (its unit's manager).
    #[serde(default)]
    pub respondable: Vec<i64>,
    pub rule: EscalationRule,
    /// The 督查室: closes and sends back.
    pub may_supervise: bool,
    /// Per unit and month of issue.
    pub counters: Vec<Counters>,
}

#[server(prefix = "/fn", endpoint = "supervision")]
pub async fn get_supervision(plan: String) -> Result<SupervisionPage, AppError> {
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let rule = ssr::escalation_rule();
    let detail = ssr::plan_of(&store, &plan).await?;
    let open = store
        .difficulties(&plan, None)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .filter(|d| d.status != crate::domain::supervision::DifficultyStatus::Resolved)
        .collect();
    let today = crate::domain::china_time::today();
    let mut notices = store
        .directives(&plan, None)
        .await
        .map_err(ssr::unavailable)?;
    // Open ones first, by the deadline in force; the closed after them.
    notices.sort_by_key(|n| {
        let s = n.standing(&rule, today);
        (
            s.phase == crate::domain::directive::Phase::Closed,
            s.deadline,
            n.id,
        )
    });
    // A unit answers its 督办单 here too, not only from the item page.
    let respondable = crate::domain::directive::answerable_by(&viewer, &plan, &notices);
    Ok(SupervisionPage {
        title: detail.summary.title.clone(),
        open,
        respondable,
        counters: crate::domain::directive::counters(&notices, &rule, today),
        may_supervise: viewer.is_supervisor_of(&plan),
        rule,
        notices,
        visits: store.visits(&plan, None).await.map_err(ssr::unavailable)?,
        today,
        plan,
    })
}
