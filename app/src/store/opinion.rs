//! 代表意见 (`domain::opinion`).

use async_trait::async_trait;

use crate::domain::audit::Actor;
use crate::domain::opinion::Opinion;

use super::StoreError;

#[async_trait]
pub trait OpinionStore: Send + Sync + 'static {
    /// Files an opinion on an item; audited. Its id.
    async fn file_opinion(
        &self,
        plan: &str,
        item: u32,
        text: &str,
        actor: &Actor,
    ) -> Result<i64, StoreError>;

    /// Answers an opinion (or rewrites the answer); audited.
    async fn answer_opinion(&self, id: i64, answer: &str, actor: &Actor) -> Result<(), StoreError>;

    /// The plan's opinions (`item`: of one item), open ones first, oldest first.
    async fn opinions(&self, plan: &str, item: Option<u32>) -> Result<Vec<Opinion>, StoreError>;

    /// One opinion and the code of its plan.
    async fn opinion(&self, id: i64) -> Result<Option<(String, Opinion)>, StoreError>;
}
