//! Sessions and sign-in throttling. Both live in the database, so every server process
//! shares them.

use chrono::{DateTime, Utc};
use serde_json::json;

use app::domain::account::Viewer;
use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::store::{LoginAttempts, NewSession, SessionStore, StoreError};
use async_trait::async_trait;

use super::account::load_viewer;
use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

#[async_trait]
impl SessionStore for Store {
    async fn create_session(
        &self,
        session: &NewSession,
        replaces: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        // Housekeeping while we hold the write lock anyway: expired sessions go.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(session.created_at)
            .execute(&mut *conn)
            .await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(old)
                .execute(&mut *conn)
                .await?;
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, client) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.token_hash)
        .bind(session.user_id)
        .bind(session.created_at)
        .bind(session.expires_at)
        .bind(&session.client)
        .execute(&mut *conn)
        .await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::SessionSignIn,
                entity: AuditEntity::User,
                entity_id: Some(session.user_id.to_string()),
                before: None,
                after: Some(json!({
                    "client": session.client,
                    "expires_at": session.expires_at,
                })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn session_viewer(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Viewer, DateTime<Utc>)>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let row: Option<(i64, DateTime<Utc>)> = sqlx::query_as(
            "SELECT s.user_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((user_id, expires_at)) = row else {
            return Ok(None);
        };
        Ok(load_viewer(&mut conn, user_id)
            .await?
            .map(|viewer| (viewer, expires_at)))
    }

    async fn delete_session(&self, token_hash: &str, actor: &Actor) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let user: Option<i64> =
            sqlx::query_scalar("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
                .bind(token_hash)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(user_id) = user else {
            return Ok(false);
        };
        write_audit(
            conn,
            actor,
            AuditRow {
                action: AuditAction::SessionSignOut,
                entity: AuditEntity::User,
                entity_id: Some(user_id.to_string()),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn login_attempts(&self, keys: &[String]) -> Result<Vec<LoginAttempts>, StoreError> {
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let row: Option<(i32, DateTime<Utc>)> = sqlx::query_as(
                "SELECT failures, last_failure_at FROM login_attempts WHERE key = $1",
            )
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
            if let Some((failures, last_failure_at)) = row {
                out.push(LoginAttempts {
                    key: key.clone(),
                    failures: failures as u32,
                    last_failure_at,
                });
            }
        }
        Ok(out)
    }

    async fn record_login_failure(
        &self,
        keys: &[String],
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for key in keys {
            sqlx::query(
                "INSERT INTO login_attempts (key, failures, last_failure_at) VALUES ($1, 1, $2) \
                 ON CONFLICT (key) DO UPDATE SET \
                   failures = CASE WHEN login_attempts.last_failure_at < $3 THEN 1 \
                     ELSE login_attempts.failures + 1 END, \
                   last_failure_at = $2",
            )
            .bind(key)
            .bind(now)
            .bind(window_start)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await.map_err(StoreError::from)
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_attempts WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
