//! Server functions behind the ledger pages. Each returns exactly what its page shows.
//! They are page plumbing, not the public API: stable JSON for other clients is under
//! `/api/v1` on the server.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::plan::{Category, Item, PlanDetail, PlanSummary, Unit};

/// The overview: a whole plan plus the list of all plans for switching.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewPage {
    pub plan: PlanDetail,
    pub plans: Vec<PlanSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemPage {
    pub plan: PlanSummary,
    pub category: Category,
    pub item: Item,
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
pub async fn get_overview(plan: Option<String>) -> Result<OverviewPage, AppError> {
    let plans = ssr::store()?.list_plans().await.map_err(ssr::unavailable)?;
    let code = match plan.or_else(|| plans.first().map(|p| p.id.clone())) {
        Some(code) => code,
        None => return Err(AppError::NotFound(crate::text::NO_PLAN.to_string())),
    };
    let plan = ssr::load_plan(&code).await?;
    Ok(OverviewPage { plan, plans })
}

#[server(prefix = "/fn", endpoint = "item")]
pub async fn get_item(plan: String, number: u32) -> Result<ItemPage, AppError> {
    let detail = ssr::load_plan(&plan).await?;
    let item = detail
        .item(number)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("该计划中没有序号为 {number} 的项目。")))?;
    let category = detail
        .category(item.category)
        .cloned()
        .ok_or(AppError::Unavailable)?;
    Ok(ItemPage {
        plan: detail.summary,
        category,
        item,
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
pub(crate) mod ssr {
    use leptos::prelude::*;

    use crate::error::AppError;
    use crate::plan::PlanDetail;
    use crate::store::{SharedStore, StoreError};

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
        store()?
            .plan(code)
            .await
            .map_err(unavailable)?
            .ok_or_else(|| AppError::NotFound(format!("没有代码为“{code}”的年度计划。")))
    }
}
