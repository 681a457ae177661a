//! What the public side keeps: 民生码 scans per item and day (only counts), and residents'
//! ratings with their suggestions, answers and moderation.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::audit::Actor;
use crate::domain::feedback::{Feedback, FeedbackStatus, Rating, RatingCounts};

use super::StoreError;

#[async_trait]
pub trait PublicStore: Send + Sync + 'static {
    /// Counts one scan of an item's 民生码 on `day`; `false` when the plan has no such item
    /// (nothing is counted).
    async fn record_scan(&self, plan: &str, item: u32, day: NaiveDate) -> Result<bool, StoreError>;

    /// Scans of each item of a plan that was scanned at all, every day summed, by item
    /// number.
    async fn scan_counts(&self, plan: &str) -> Result<Vec<(u32, u64)>, StoreError>;

    /// A resident's rating of an item, with a checked suggestion or none: `pending` with
    /// text, `counted` without. `None` when the plan has no such item.
    async fn add_feedback(
        &self,
        plan: &str,
        item: u32,
        rating: Rating,
        suggestion: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError>;

    /// Ratings per item of a plan (hidden ones left out), by item number.
    async fn rating_counts(&self, plan: &str) -> Result<Vec<(u32, RatingCounts)>, StoreError>;

    /// A plan's feedback, pending first, then newest first: `status` `None` gives every one
    /// with text, `Some` those in that state (`Counted`: the ratings without text); `item`
    /// narrows to one item.
    async fn feedback_texts(
        &self,
        plan: &str,
        item: Option<u32>,
        status: Option<FeedbackStatus>,
    ) -> Result<Vec<Feedback>, StoreError>;

    /// One feedback and the code of its plan.
    async fn feedback(&self, id: i64) -> Result<Option<(String, Feedback)>, StoreError>;

    /// Writes (or rewrites) the answer to a suggestion; audited.
    async fn answer_feedback(&self, id: i64, answer: &str, actor: &Actor)
    -> Result<(), StoreError>;

    /// Publishes or hides a suggestion; audited.
    async fn set_feedback_status(
        &self,
        id: i64,
        status: FeedbackStatus,
        actor: &Actor,
    ) -> Result<(), StoreError>;
}
