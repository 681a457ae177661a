//! 督查督办 in storage: difficulties and their timeline, visits (督办单: `directive`). Every write comes
//! with its audit row in the same transaction.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::domain::audit::Actor;
use crate::domain::supervision::{Difficulty, DifficultyChange, DifficultyEvent, Visit};

use super::StoreError;

#[derive(Clone, Debug)]
pub struct NewDifficulty {
    pub plan: String,
    pub item: u32,
    pub report_id: Option<String>,
    pub unit_id: i64,
    pub title: String,
    pub detail: String,
}

#[derive(Clone, Debug)]
pub struct NewVisit {
    pub plan: String,
    pub item: u32,
    pub visited_on: NaiveDate,
    pub place: String,
    pub findings: String,
    /// Photos taken on the visit, their bytes already in the photo store.
    pub photos: Vec<VisitPhoto>,
}

/// A visit's photo as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitPhoto {
    pub id: uuid::Uuid,
    pub sha256: String,
    pub bytes: u64,
}

#[async_trait]
pub trait SupervisionStore: Send + Sync + 'static {
    async fn raise_difficulty(&self, new: &NewDifficulty, actor: &Actor)
    -> Result<i64, StoreError>;
    async fn change_difficulty(
        &self,
        id: i64,
        change: &DifficultyChange,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// A plan's difficulties (of one item, when given), oldest first.
    async fn difficulties(
        &self,
        plan: &str,
        item: Option<u32>,
    ) -> Result<Vec<Difficulty>, StoreError>;
    /// One difficulty with its timeline, and the plan it belongs to.
    async fn difficulty(
        &self,
        id: i64,
    ) -> Result<Option<(String, Difficulty, Vec<DifficultyEvent>)>, StoreError>;
    async fn record_visit(&self, new: &NewVisit, actor: &Actor) -> Result<i64, StoreError>;
    async fn visits(&self, plan: &str, item: Option<u32>) -> Result<Vec<Visit>, StoreError>;
    /// Whether a visit photo with this id is recorded.
    async fn has_visit_photo(&self, photo: uuid::Uuid) -> Result<bool, StoreError>;
}
