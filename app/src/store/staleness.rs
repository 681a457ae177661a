//! When each user's phone last synced (`domain::staleness`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::staleness::SyncSeen;

use super::StoreError;

#[async_trait]
pub trait StalenessStore: Send + Sync + 'static {
    /// Notes that the user's phone synced at `at`; written only when the last note is a few
    /// minutes old, so a busy phone costs a read, not a write, per request.
    async fn touch_sync(&self, user_id: i64, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// The plan's reporters (not disabled) with their unit and last sync, by unit and name.
    async fn sync_seen(&self, plan: &str) -> Result<Vec<SyncSeen>, StoreError>;
}
