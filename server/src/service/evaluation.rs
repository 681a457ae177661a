//! The year-end 满意度测评: the 督查室 opens a window for a plan and closes it; each
//! 测评代表 rates every item once, and the clerk (the 督查室) enters paper ballots under
//! their numbers. The result per item is the rule in force when the window opened
//! (`app::domain::evaluation::tally`); public ratings are shown beside it, never in it.

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::{may_administer_plan, may_evaluate, may_see_evaluation_results};
use app::domain::evaluation::{
    Evaluation, ItemResult, TallyRule, check_ballot, check_ballot_number, results,
};
use app::domain::feedback::Rating;
use app::domain::plan::PlanDetail;
use app::store::{BallotFrom, Store};

use super::ServiceError;

fn actor(viewer: &Viewer) -> Actor {
    Actor::user(viewer.id, &viewer.username)
}

async fn plan_of(store: &dyn Store, plan: &str) -> Result<PlanDetail, ServiceError> {
    store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))
}

/// The plan's open window, or why there is none to vote in.
async fn open_window(store: &dyn Store, plan: &str) -> Result<Evaluation, ServiceError> {
    match store.latest_evaluation(plan).await? {
        Some(e) if e.is_open() => Ok(e),
        _ => Err(ServiceError::Conflict(
            "满意度测评尚未开始或已结束".to_string(),
        )),
    }
}

pub async fn open(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    rule: TallyRule,
) -> Result<i64, ServiceError> {
    may_administer_plan(viewer, plan)?;
    plan_of(store, plan).await?;
    Ok(store.open_evaluation(plan, rule, &actor(viewer)).await?)
}

pub async fn close(store: &dyn Store, viewer: &Viewer, plan: &str) -> Result<(), ServiceError> {
    may_administer_plan(viewer, plan)?;
    Ok(store.close_evaluation(plan, &actor(viewer)).await?)
}

/// A 测评代表's own ballot: every item once, in the open window.
pub async fn cast(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    ratings: &[(u32, Rating)],
) -> Result<(), ServiceError> {
    may_evaluate(viewer, plan)?;
    let detail = plan_of(store, plan).await?;
    let window = open_window(store, plan).await?;
    check_ballot(&detail, ratings).map_err(ServiceError::Invalid)?;
    Ok(store
        .cast_ballot(
            window.id,
            plan,
            &BallotFrom::Evaluator(viewer.id),
            ratings,
            &actor(viewer),
        )
        .await?)
}

/// A paper ballot the clerk enters: its number (never twice) and every item once.
pub async fn enter_paper(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    number: &str,
    ratings: &[(u32, Rating)],
) -> Result<(), ServiceError> {
    may_administer_plan(viewer, plan)?;
    let number = check_ballot_number(number).map_err(ServiceError::Invalid)?;
    let detail = plan_of(store, plan).await?;
    let window = open_window(store, plan).await?;
    check_ballot(&detail, ratings).map_err(ServiceError::Invalid)?;
    Ok(store
        .cast_ballot(
            window.id,
            plan,
            &BallotFrom::Paper(number),
            ratings,
            &actor(viewer),
        )
        .await?)
}

/// The results of the plan's latest window, for whoever may see them now.
pub async fn latest_results(
    store: &dyn Store,
    viewer: Option<&Viewer>,
    plan: &str,
) -> Result<(PlanDetail, Evaluation, Vec<ItemResult>), ServiceError> {
    let detail = plan_of(store, plan).await?;
    let window = store
        .latest_evaluation(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("该计划尚未开展满意度测评".to_string()))?;
    if !may_see_evaluation_results(viewer, plan, !window.is_open()) {
        return Err(ServiceError::Forbidden(
            "测评结束后公布结果；进行中只有督查室和分管领导可以查看".to_string(),
        ));
    }
    let panel = store.ballot_counts(window.id).await?;
    let public = store.rating_counts(plan).await?;
    let table = results(&detail, &panel, &public, &window.rule);
    Ok((detail, window, table))
}
