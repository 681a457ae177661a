//! Every 代表意见 of a plan for the 督查室 and leaders, open ones first, each with its age.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::opinion::Opinion;
use crate::domain::plan::PlanSummary;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpinionsPage {
    pub plan: PlanSummary,
    /// Each opinion with its item's title and its age in days.
    pub opinions: Vec<(Opinion, String, i64)>,
}

#[server(prefix = "/fn", endpoint = "opinions")]
pub async fn get_opinions(plan: String) -> Result<OpinionsPage, AppError> {
    use crate::server_fns::ssr;
    let store = ssr::store()?;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    crate::domain::authz::may_follow_opinions(&viewer, &plan)
        .map_err(|d| AppError::Forbidden(d.0))?;
    let detail = ssr::plan_of(&store, &plan).await?;
    let now = chrono::Utc::now();
    let opinions = store
        .opinions(&plan, None)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .map(|o| {
            let title = detail
                .item(o.item)
                .map(|i| i.title.clone())
                .unwrap_or_default();
            let age = o.age_days(now);
            (o, title, age)
        })
        .collect();
    Ok(OpinionsPage {
        plan: detail.summary,
        opinions,
    })
}
