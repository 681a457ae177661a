//! Sessions and sign-in throttling in storage. Both live in the database, so every server
//! process shares them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::account::Viewer;
use crate::domain::audit::Actor;

use super::StoreError;

/// A session to store. Only the SHA-256 of the cookie's token is kept, so a copy of the
/// database does not hand out live sessions.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client: String,
}

/// Failed sign-ins counted for one key (`user:NAME` or `addr:IP`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginAttempts {
    pub key: String,
    pub failures: u32,
    pub last_failure_at: DateTime<Utc>,
}

#[async_trait]
pub trait SessionStore: Send + Sync + 'static {
    /// Stores a new session, deleting `replaces` (the browser's previous session) in the
    /// same transaction, so a session id never survives a sign-in.
    async fn create_session(
        &self,
        session: &NewSession,
        replaces: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// The signed-in user of a live session (not expired, user not disabled).
    async fn session_viewer(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Viewer, DateTime<Utc>)>, StoreError>;
    /// Ends a session; `false` when there was none.
    async fn delete_session(&self, token_hash: &str, actor: &Actor) -> Result<bool, StoreError>;

    async fn login_attempts(&self, keys: &[String]) -> Result<Vec<LoginAttempts>, StoreError>;
    /// Counts one more failure for each key; counts older than `window_start` start over.
    async fn record_login_failure(
        &self,
        keys: &[String],
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError>;
}
