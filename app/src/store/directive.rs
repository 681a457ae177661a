//! 督办单 in storage: issued, answered, sent back, closed. Every write checks in SQL that the
//! 督办单 is still in the phase the caller saw (two clicks, two tabs: one wins, the other
//! is told), and comes with its audit row in the same transaction.

use async_trait::async_trait;
use chrono::NaiveDate;

use crate::domain::audit::Actor;
use crate::domain::directive::{Directive, DirectiveColour};

use super::StoreError;

#[derive(Clone, Debug)]
pub struct NewDirective {
    pub plan: String,
    pub item: u32,
    pub unit_id: i64,
    pub colour: DirectiveColour,
    pub requirement: String,
    pub deadline: NaiveDate,
}

#[async_trait]
pub trait DirectiveStore: Send + Sync + 'static {
    async fn issue_directive(&self, new: &NewDirective, actor: &Actor) -> Result<i64, StoreError>;
    /// Records the unit's answer; only while one is owed.
    async fn respond_directive(
        &self,
        id: i64,
        response: &str,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// Sends the current answer back (kept with the reason); a new one is owed by
    /// `deadline`.
    async fn send_back_directive(
        &self,
        id: i64,
        reason: &str,
        deadline: NaiveDate,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// 办结: only an answered, open 督办单.
    async fn close_directive(&self, id: i64, actor: &Actor) -> Result<(), StoreError>;
    /// A plan's 督办单 (of one item, when given), by deadline as issued.
    async fn directives(&self, plan: &str, item: Option<u32>)
    -> Result<Vec<Directive>, StoreError>;
    /// One 督办单 and its plan's code.
    async fn directive(&self, id: i64) -> Result<Option<(String, Directive)>, StoreError>;
}
