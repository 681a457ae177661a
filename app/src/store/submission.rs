//! Monthly submissions to the 督查室 (`domain::submission`).

use async_trait::async_trait;

use crate::domain::audit::Actor;
use crate::domain::monthly::Month;
use crate::domain::submission::{Submission, SubmissionText};

use super::StoreError;

/// A submission as saved: for the item and month, by the viewer's unit.
#[derive(Clone, Debug)]
pub struct NewSubmission {
    pub plan: String,
    pub item: u32,
    pub month: Month,
    pub text: SubmissionText,
    /// Submitted, or a draft.
    pub submit: bool,
    pub unit_id: i64,
}

#[async_trait]
pub trait SubmissionStore: Send + Sync + 'static {
    /// Saves an item's submission for a month, by the viewer's unit: a draft, or submitted
    /// (`submit`). A submitted one is not turned back into a draft (conflict); submitting
    /// again corrects the text and keeps the first submission time. Audited.
    async fn save_submission(&self, new: &NewSubmission, actor: &Actor) -> Result<(), StoreError>;

    /// A plan's submissions, of one month or of all.
    async fn submissions(
        &self,
        plan: &str,
        month: Option<Month>,
    ) -> Result<Vec<Submission>, StoreError>;
}
