//! Users and their roles in storage.

use crate::domain::account::{PlanRole, UserSummary};
use crate::domain::audit::{Actor, AuditAction};
use async_trait::async_trait;

use super::StoreError;

/// What sign-in needs to check a password. Server-only: never serialized.
#[derive(Clone, Debug, sqlx::FromRow)]
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
        action: AuditAction,
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
}
