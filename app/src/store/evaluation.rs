//! The year-end 满意度测评: windows, and the ballots cast in them.

use async_trait::async_trait;

use crate::domain::audit::Actor;
use crate::domain::evaluation::{Evaluation, TallyRule};
use crate::domain::feedback::{Rating, RatingCounts};

use super::StoreError;

/// Who a ballot is from: an evaluator's own account, or a paper ballot's number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BallotFrom {
    Evaluator(i64),
    Paper(String),
}

#[async_trait]
pub trait EvaluationStore: Send + Sync + 'static {
    /// Opens a window for the plan with the rule in force; `Conflict` if one is open.
    async fn open_evaluation(
        &self,
        plan: &str,
        rule: TallyRule,
        actor: &Actor,
    ) -> Result<i64, StoreError>;

    /// Closes the plan's open window; `Conflict` if none is open.
    async fn close_evaluation(&self, plan: &str, actor: &Actor) -> Result<(), StoreError>;

    /// The plan's latest window, open or closed.
    async fn latest_evaluation(&self, plan: &str) -> Result<Option<Evaluation>, StoreError>;

    /// One ballot: a rating of every item, written at once; audited. `Conflict` if this
    /// evaluator (or this paper ballot number) has already rated in the window.
    async fn cast_ballot(
        &self,
        evaluation: i64,
        plan: &str,
        from: &BallotFrom,
        ratings: &[(u32, Rating)],
        actor: &Actor,
    ) -> Result<(), StoreError>;

    /// Whether an evaluator has cast a ballot in the window.
    async fn has_voted(&self, evaluation: i64, user_id: i64) -> Result<bool, StoreError>;

    /// The paper ballot numbers entered in the window, in order.
    async fn paper_ballots(&self, evaluation: i64) -> Result<Vec<String>, StoreError>;

    /// The ballots' counts per item, by item number.
    async fn ballot_counts(&self, evaluation: i64) -> Result<Vec<(u32, RatingCounts)>, StoreError>;
}
