//! The page of residents' suggestions (`/plans/{plan}/feedback`): the 督查室 and leaders
//! see them all, a lead unit's manager those of its items. Each entry says what the viewer
//! may do with it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::feedback::{Feedback, RatingCounts};
use crate::domain::plan::PlanSummary;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackEntry {
    pub feedback: Feedback,
    pub item_title: String,
    /// The viewer may answer it (lead unit's manager, or the 督查室).
    pub may_answer: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackPage {
    pub plan: PlanSummary,
    pub entries: Vec<FeedbackEntry>,
    /// Ratings per item the viewer may read, by item number.
    pub ratings: Vec<(u32, String, RatingCounts)>,
    /// The viewer is the plan's 督查室: it publishes and hides.
    pub may_moderate: bool,
}

#[server(prefix = "/fn", endpoint = "feedback")]
pub async fn get_feedback(plan: String) -> Result<FeedbackPage, AppError> {
    use crate::domain::authz::{may_answer_feedback, may_read_feedback};
    use crate::domain::feedback::{reads_item, visible_to};
    use crate::server_fns::ssr;
    let store = ssr::store()?;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    may_read_feedback(&viewer, &plan).map_err(|d| AppError::Forbidden(d.0))?;
    let detail = ssr::plan_of(&store, &plan).await?;
    let all = store
        .feedback_texts(&plan, None, None)
        .await
        .map_err(ssr::unavailable)?;
    let title = |n: u32| detail.item(n).map(|i| i.title.clone()).unwrap_or_default();
    let entries = visible_to(&viewer, &detail, all)
        .into_iter()
        .map(|f| FeedbackEntry {
            item_title: title(f.item),
            may_answer: detail
                .item(f.item)
                .is_some_and(|i| may_answer_feedback(&viewer, &plan, i).is_ok()),
            feedback: f,
        })
        .collect();
    let ratings = store
        .rating_counts(&plan)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .filter(|(n, _)| reads_item(&viewer, &detail, *n))
        .map(|(n, c)| (n, title(n), c))
        .collect();
    Ok(FeedbackPage {
        may_moderate: viewer.is_supervisor_of(&plan),
        plan: detail.summary,
        entries,
        ratings,
    })
}
