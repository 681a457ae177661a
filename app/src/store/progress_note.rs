//! Monthly public progress notes (`domain::progress_note`).

use async_trait::async_trait;

use crate::domain::audit::Actor;
use crate::domain::monthly::Month;
use crate::domain::progress_note::ProgressNote;

use super::StoreError;

#[async_trait]
pub trait ProgressNoteStore: Send + Sync + 'static {
    /// Writes (or rewrites) an item's note for a month as a draft; audited. A published
    /// note rewritten by the lead unit goes back to draft until published again.
    async fn write_note(
        &self,
        plan: &str,
        item: u32,
        month: Month,
        text: &str,
        actor: &Actor,
    ) -> Result<(), StoreError>;

    /// Publishes an item's note for a month, with the text as the 督查室 leaves it; audited.
    async fn publish_note(
        &self,
        plan: &str,
        item: u32,
        month: Month,
        text: &str,
        actor: &Actor,
    ) -> Result<(), StoreError>;

    /// An item's notes, newest month first; `published_only` for the public.
    async fn notes(
        &self,
        plan: &str,
        item: u32,
        published_only: bool,
    ) -> Result<Vec<ProgressNote>, StoreError>;
}
