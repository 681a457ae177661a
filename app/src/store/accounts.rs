//! Users, roles, sessions and sign-in throttling in storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::account::{PlanRole, UserSummary, Viewer};
use crate::audit::Actor;

use super::StoreError;

/// What sign-in needs to check a password. Server-only: never serialized.
#[derive(Clone, Debug)]
pub struct UserCredentials {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub disabled: bool,
}

/// A user to create; the password is already hashed.
#[derive(Clone, Debug)]
pub struct NewUserRecord {
    pub username: String,
    pub display_name: String,
    pub unit_id: i64,
    pub password_hash: String,
    pub role: Option<PlanRole>,
}

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
pub trait AccountStore: Send + Sync + 'static {
    /// Creates a user (and their role, if any). Fails with `Conflict` for a taken username,
    /// `NotFound` for an unknown unit or plan.
    async fn create_user(&self, user: &NewUserRecord, actor: &Actor) -> Result<i64, StoreError>;
    async fn credentials(&self, username: &str) -> Result<Option<UserCredentials>, StoreError>;
    async fn list_users(&self) -> Result<Vec<UserSummary>, StoreError>;
    async fn user(&self, id: i64) -> Result<Option<UserSummary>, StoreError>;
    /// Disables (ending every session at once) or re-enables a user.
    async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// Replaces a password hash. `action` is `user.reset_password` (by a supervisor: ends
    /// every session) or `user.change_password` (by the user: ends every other session).
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        action: &str,
        keep_session: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError>;
    /// Sets the user's role on `role.plan`, replacing any role they had there.
    async fn set_role(
        &self,
        user_id: i64,
        role: &PlanRole,
        actor: &Actor,
    ) -> Result<(), StoreError>;

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
