//! Users and roles on PostgreSQL: the queries of `db::sqlite_accounts` in PostgreSQL's
//! dialect. Each write runs in one transaction holding the write lock, with its audit row.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::Utc;
use serde_json::json;
use sqlx::{PgConnection, Row};

use app::account::{PlanRole, Role, UserSummary, Viewer};
use app::audit::Actor;
use app::plan::UnitRef;
use app::store::{
    AccountStore, LoginAttempts, NewSession, NewUserRecord, StoreError, UserCredentials,
};
use chrono::DateTime;

use super::audit::{AuditRow, write_audit};
use super::{PgStore, db_err};

#[async_trait]
impl AccountStore for PgStore {
    async fn create_user(&self, user: &NewUserRecord, actor: &Actor) -> Result<i64, StoreError> {
        self.insert_user(user, actor).await
    }

    async fn credentials(&self, username: &str) -> Result<Option<UserCredentials>, StoreError> {
        self.load_credentials(username).await
    }

    async fn list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        self.load_users(None).await
    }

    async fn user(&self, id: i64) -> Result<Option<UserSummary>, StoreError> {
        Ok(self.load_users(Some(id)).await?.pop())
    }

    async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_disabled(user_id, disabled, actor).await
    }

    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        action: &str,
        keep_session: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_password(user_id, password_hash, action, keep_session, actor)
            .await
    }

    async fn set_role(
        &self,
        user_id: i64,
        role: &PlanRole,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.update_role(user_id, role, actor).await
    }

    async fn create_session(
        &self,
        session: &NewSession,
        replaces: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.insert_session(session, replaces, actor).await
    }

    async fn session_viewer(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Viewer, DateTime<Utc>)>, StoreError> {
        self.find_session(token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str, actor: &Actor) -> Result<bool, StoreError> {
        self.remove_session(token_hash, actor).await
    }

    async fn login_attempts(&self, keys: &[String]) -> Result<Vec<LoginAttempts>, StoreError> {
        self.load_login_attempts(keys).await
    }

    async fn record_login_failure(
        &self,
        keys: &[String],
        now: DateTime<Utc>,
        window_start: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.count_login_failure(keys, now, window_start).await
    }

    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        self.forget_login_failures(key).await
    }
}

/// Maps a unique-constraint violation to a Chinese conflict message; other errors pass.
fn unique_as_conflict(e: sqlx::Error, message: String) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(message),
        _ => db_err(e),
    }
}

impl PgStore {
    pub(super) async fn insert_user(
        &self,
        user: &NewUserRecord,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let unit: Option<String> = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
            .bind(user.unit_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
        let unit = unit.ok_or_else(|| StoreError::NotFound("没有这个单位".to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, unit_id, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(user.unit_id)
        .bind(&user.password_hash)
        .bind(Utc::now())
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| unique_as_conflict(e, format!("用户名“{}”已被使用", user.username)))?;
        if let Some(role) = &user.role {
            store_role(conn, id, role).await?;
        }
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "user.create",
                entity: "user",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(json!({
                    "username": user.username,
                    "display_name": user.display_name,
                    "unit": unit,
                    "role": user.role,
                })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(id)
    }

    pub(super) async fn load_credentials(
        &self,
        username: &str,
    ) -> Result<Option<UserCredentials>, StoreError> {
        let row = sqlx::query(
            "SELECT id, username, password_hash, disabled FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_err)?;
        row.map(|row| {
            Ok(UserCredentials {
                id: row.try_get("id")?,
                username: row.try_get("username")?,
                password_hash: row.try_get("password_hash")?,
                disabled: row.try_get("disabled")?,
            })
        })
        .transpose()
        .map_err(db_err)
    }

    /// Users with their units and roles; all of them, or the one with `only`.
    pub(super) async fn load_users(
        &self,
        only: Option<i64>,
    ) -> Result<Vec<UserSummary>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        let rows = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.disabled, n.id AS unit_id, n.name AS unit_name \
             FROM users u JOIN units n ON n.id = u.unit_id \
             WHERE $1::bigint IS NULL OR u.id = $1 ORDER BY u.disabled, n.name, u.username",
        )
        .bind(only)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        let mut roles = load_roles(&mut conn, only).await?;
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                Ok(UserSummary {
                    id,
                    username: row.try_get("username")?,
                    display_name: row.try_get("display_name")?,
                    unit: UnitRef {
                        id: row.try_get("unit_id")?,
                        name: row.try_get("unit_name")?,
                    },
                    disabled: row.try_get("disabled")?,
                    roles: roles.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_err)
    }

    pub(super) async fn update_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let was: bool = sqlx::query_scalar("SELECT disabled FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?
            .ok_or_else(no_such_user)?;
        if was == disabled {
            return Ok(());
        }
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(disabled)
            .bind(user_id)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
        let mut ended = 0;
        if disabled {
            // A disabled user's sessions end at once, not when they expire.
            ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?
                .rows_affected();
        }
        write_audit(
            conn,
            actor,
            AuditRow {
                action: if disabled {
                    "user.disable"
                } else {
                    "user.enable"
                },
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: Some(json!({ "disabled": was })),
                after: Some(json!({ "disabled": disabled, "sessions_ended": ended })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    pub(super) async fn update_password(
        &self,
        user_id: i64,
        password_hash: &str,
        action: &str,
        keep_session: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?
            .rows_affected();
        if updated == 0 {
            return Err(no_such_user());
        }
        let ended = sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR token_hash <> $2)",
        )
        .bind(user_id)
        .bind(keep_session)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?
        .rows_affected();
        // The hash itself is never written to the audit trail.
        write_audit(
            conn,
            actor,
            AuditRow {
                action,
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: None,
                after: Some(json!({ "sessions_ended": ended })),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    pub(super) async fn update_role(
        &self,
        user_id: i64,
        role: &PlanRole,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut PgConnection = &mut tx;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
        exists.ok_or_else(no_such_user)?;
        let before = load_viewer_roles(conn, user_id)
            .await?
            .into_iter()
            .find(|r| r.plan == role.plan);
        store_role(conn, user_id, role).await?;
        write_audit(
            conn,
            actor,
            AuditRow {
                action: "user.set_role",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: before.map(|r| json!(r)),
                after: Some(json!(role)),
            },
        )
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }
}

fn no_such_user() -> StoreError {
    StoreError::NotFound("没有这个用户".to_string())
}

/// Upserts a user's role on a plan, with a leader's categories (which must exist).
async fn store_role(
    conn: &mut PgConnection,
    user_id: i64,
    role: &PlanRole,
) -> Result<(), StoreError> {
    let plan_id: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE code = $1")
        .bind(&role.plan)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?
        .ok_or_else(|| StoreError::NotFound(format!("没有代码为“{}”的年度计划", role.plan)))?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, plan_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, plan_id) DO UPDATE SET role = excluded.role",
    )
    .bind(user_id)
    .bind(plan_id)
    .bind(role.role.as_str())
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    sqlx::query("DELETE FROM leader_categories WHERE user_id = $1 AND plan_id = $2")
        .bind(user_id)
        .bind(plan_id)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    if role.role != Role::Leader {
        return Ok(());
    }
    for number in &role.categories {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM categories WHERE plan_id = $1 AND number = $2")
                .bind(plan_id)
                .bind(*number as i32)
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_err)?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!("该计划没有第 {number} 类")));
        }
        sqlx::query(
            "INSERT INTO leader_categories (user_id, plan_id, category_number) VALUES ($1, $2, $3)",
        )
        .bind(user_id)
        .bind(plan_id)
        .bind(*number as i32)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Roles of all users (or one), keyed by user id, in plan order.
async fn load_roles(
    conn: &mut PgConnection,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<PlanRole>>, StoreError> {
    let rows = sqlx::query(
        "SELECT ur.user_id, p.code, ur.role, \
           (SELECT string_agg(c.category_number::text, ',' ORDER BY c.category_number) \
              FROM leader_categories c \
             WHERE c.user_id = ur.user_id AND c.plan_id = ur.plan_id) AS categories \
         FROM user_roles ur JOIN plans p ON p.id = ur.plan_id \
         WHERE $1::bigint IS NULL OR ur.user_id = $1 ORDER BY ur.user_id, p.year DESC, p.id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut out: HashMap<i64, Vec<PlanRole>> = HashMap::new();
    for row in &rows {
        let role: String = row.try_get("role").map_err(db_err)?;
        let categories: Option<String> = row.try_get("categories").map_err(db_err)?;
        out.entry(row.try_get("user_id").map_err(db_err)?)
            .or_default()
            .push(PlanRole {
                plan: row.try_get("code").map_err(db_err)?,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::Database(format!("unexpected role {role}")))?,
                categories: categories
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|n| n.parse().ok())
                    .collect(),
            });
    }
    Ok(out)
}

pub(super) async fn load_viewer_roles(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<Vec<PlanRole>, StoreError> {
    Ok(load_roles(conn, Some(user_id))
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// The viewer for a user id (disabled users included; callers check).
pub(super) async fn load_viewer(
    conn: &mut PgConnection,
    user_id: i64,
) -> Result<Option<Viewer>, StoreError> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name, n.id AS unit_id, n.name AS unit_name \
         FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let Some(row) = row else { return Ok(None) };
    let roles = load_viewer_roles(conn, user_id).await?;
    Ok(Some(Viewer {
        id: row.try_get("id").map_err(db_err)?,
        username: row.try_get("username").map_err(db_err)?,
        display_name: row.try_get("display_name").map_err(db_err)?,
        unit: UnitRef {
            id: row.try_get("unit_id").map_err(db_err)?,
            name: row.try_get("unit_name").map_err(db_err)?,
        },
        roles,
    }))
}
