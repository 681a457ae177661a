//! The 满意度测评 page (`/plans/{plan}/evaluation`): what each viewer may do there, and the
//! results for whoever may see them (everyone once the window is closed).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::evaluation::{Evaluation, ItemResult};
use crate::domain::plan::PlanSummary;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationPage {
    pub plan: PlanSummary,
    /// Every item, by number, for the ballot forms.
    pub items: Vec<(u32, String)>,
    /// The latest window, open or closed; none before the first.
    pub window: Option<Evaluation>,
    /// The viewer is the plan's 督查室: opens, closes, enters paper ballots.
    pub clerk: bool,
    /// The viewer is a 测评代表 of the plan.
    pub evaluator: bool,
    /// A 测评代表 who has already cast a ballot in the window.
    pub voted: bool,
    /// Paper ballot numbers entered so far (for the clerk).
    pub paper_ballots: Vec<String>,
    /// The results, when the viewer may see them.
    pub results: Option<Vec<ItemResult>>,
}

#[server(prefix = "/fn", endpoint = "evaluation")]
pub async fn get_evaluation(plan: String) -> Result<EvaluationPage, AppError> {
    use crate::domain::account::Role;
    use crate::domain::authz::may_see_evaluation_results;
    use crate::domain::evaluation::results;
    use crate::server_fns::ssr;
    let store = ssr::store()?;
    let viewer = crate::session::current_viewer();
    let detail = ssr::plan_of(&store, &plan).await?;
    let window = store
        .latest_evaluation(&plan)
        .await
        .map_err(ssr::unavailable)?;
    let role = viewer
        .as_ref()
        .and_then(|v| v.role_in(&plan))
        .map(|r| r.role);
    let clerk = role == Some(Role::Supervisor);
    let evaluator = role == Some(Role::Evaluator);
    let (mut voted, mut paper_ballots, mut table) = (false, Vec::new(), None);
    if let Some(w) = &window {
        if let (true, Some(v)) = (evaluator, &viewer) {
            voted = store
                .has_voted(w.id, v.id)
                .await
                .map_err(ssr::unavailable)?;
        }
        if clerk {
            paper_ballots = store.paper_ballots(w.id).await.map_err(ssr::unavailable)?;
        }
        if may_see_evaluation_results(viewer.as_ref(), &plan, !w.is_open()) {
            let panel = store.ballot_counts(w.id).await.map_err(ssr::unavailable)?;
            let public = store.rating_counts(&plan).await.map_err(ssr::unavailable)?;
            table = Some(results(&detail, &panel, &public, &w.rule));
        }
    }
    Ok(EvaluationPage {
        items: detail
            .items
            .iter()
            .map(|i| (i.number, i.title.clone()))
            .collect(),
        plan: detail.summary,
        window,
        clerk,
        evaluator,
        voted,
        paper_ballots,
        results: table,
    })
}
