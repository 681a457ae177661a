//! Users and their roles. Each write runs in one transaction holding the write lock, with
//! its audit row.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::Utc;
use serde_json::json;

use app::domain::account::{PlanRole, Role, UserSummary, Viewer};
use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::plan::UnitRef;
use app::store::{AccountStore, NewUserRecord, StoreError, UserCredentials};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Store};

/// Maps a unique-constraint violation to a Chinese conflict message; other errors pass.
fn unique_as_conflict(e: sqlx::Error, message: String) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(message),
        _ => StoreError::from(e),
    }
}

#[async_trait]
impl AccountStore for Store {
    async fn create_user(&self, user: &NewUserRecord, actor: &Actor) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let unit: Option<String> = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
            .bind(user.unit_id)
            .fetch_optional(&mut *conn)
            .await?;
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
                action: AuditAction::UserCreate,
                entity: AuditEntity::User,
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
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn credentials(&self, username: &str) -> Result<Option<UserCredentials>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, username, password_hash, disabled FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        load_users(self, None).await
    }

    async fn user(&self, id: i64) -> Result<Option<UserSummary>, StoreError> {
        Ok(load_users(self, Some(id)).await?.pop())
    }

    async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let was: bool = sqlx::query_scalar("SELECT disabled FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(no_such_user)?;
        if was == disabled {
            return Ok(());
        }
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(disabled)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        let mut ended = 0;
        if disabled {
            // A disabled user's sessions end at once, not when they expire.
            ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
        }
        write_audit(
            conn,
            actor,
            AuditRow {
                action: if disabled {
                    AuditAction::UserDisable
                } else {
                    AuditAction::UserEnable
                },
                entity: AuditEntity::User,
                entity_id: Some(user_id.to_string()),
                before: Some(json!({ "disabled": was })),
                after: Some(json!({ "disabled": disabled, "sessions_ended": ended })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        action: AuditAction,
        keep_session: Option<&str>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
        if updated == 0 {
            return Err(no_such_user());
        }
        let ended = sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND (CAST($2 AS TEXT) IS NULL OR token_hash <> $2)",
        )
        .bind(user_id)
        .bind(keep_session)
        .execute(&mut *conn)
        .await
        ?
        .rows_affected();
        // The hash itself is never written to the audit trail.
        write_audit(
            conn,
            actor,
            AuditRow {
                action,
                entity: AuditEntity::User,
                entity_id: Some(user_id.to_string()),
                before: None,
                after: Some(json!({ "sessions_ended": ended })),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }

    async fn set_role(
        &self,
        user_id: i64,
        role: &PlanRole,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let conn: &mut Conn = &mut tx;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
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
                action: AuditAction::UserSetRole,
                entity: AuditEntity::User,
                entity_id: Some(user_id.to_string()),
                before: before.map(|r| json!(r)),
                after: Some(json!(role)),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)
    }
}

/// A user with its unit, as the account queries read it.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    unit_id: i64,
    unit_name: String,
    #[sqlx(default)]
    disabled: bool,
}

/// One role of a user in a plan, with one of its categories when it has any.
#[derive(sqlx::FromRow)]
struct RoleRow {
    user_id: i64,
    code: String,
    role: String,
    category_number: Option<i32>,
}

/// Users with their units and roles; all of them, or the one with `only`.
async fn load_users(store: &Store, only: Option<i64>) -> Result<Vec<UserSummary>, StoreError> {
    let mut conn = store.pool.acquire().await?;
    let rows: Vec<UserRow> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.disabled, n.id AS unit_id, n.name AS unit_name \
         FROM users u JOIN units n ON n.id = u.unit_id \
         WHERE CAST($1 AS BIGINT) IS NULL OR u.id = $1 ORDER BY u.disabled, n.name, u.username",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let mut roles = load_roles(&mut conn, only).await?;
    Ok(rows
        .into_iter()
        .map(|r| UserSummary {
            roles: roles.remove(&r.id).unwrap_or_default(),
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            unit: UnitRef {
                id: r.unit_id,
                name: r.unit_name,
            },
            disabled: r.disabled,
        })
        .collect())
}

fn no_such_user() -> StoreError {
    StoreError::NotFound("没有这个用户".to_string())
}

/// Upserts a user's role on a plan, with a leader's categories (which must exist).
async fn store_role(conn: &mut Conn, user_id: i64, role: &PlanRole) -> Result<(), StoreError> {
    let plan_id: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE code = $1")
        .bind(&role.plan)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("没有代码为“{}”的年度计划", role.plan)))?;
    sqlx::query(
        "INSERT INTO user_roles (user_id, plan_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, plan_id) DO UPDATE SET role = excluded.role",
    )
    .bind(user_id)
    .bind(plan_id)
    .bind(role.role.as_str())
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM leader_categories WHERE user_id = $1 AND plan_id = $2")
        .bind(user_id)
        .bind(plan_id)
        .execute(&mut *conn)
        .await?;
    if role.role != Role::Leader {
        return Ok(());
    }
    for number in &role.categories {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM categories WHERE plan_id = $1 AND number = $2")
                .bind(plan_id)
                .bind(*number as i32)
                .fetch_optional(&mut *conn)
                .await?;
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
        .await?;
    }
    Ok(())
}

/// Roles of all users (or one), keyed by user id, in plan order. A leader's categories come
/// as one row each (a LEFT JOIN) and are folded here: portable, where a string aggregate
/// would be written differently for each database.
async fn load_roles(
    conn: &mut Conn,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<PlanRole>>, StoreError> {
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT ur.user_id, p.code, ur.role, c.category_number \
         FROM user_roles ur JOIN plans p ON p.id = ur.plan_id \
         LEFT JOIN leader_categories c ON c.user_id = ur.user_id AND c.plan_id = ur.plan_id \
         WHERE CAST($1 AS BIGINT) IS NULL OR ur.user_id = $1 \
         ORDER BY ur.user_id, p.year DESC, p.id, c.category_number",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: HashMap<i64, Vec<PlanRole>> = HashMap::new();
    for r in rows {
        let roles = out.entry(r.user_id).or_default();
        if roles.last().is_none_or(|last| last.plan != r.code) {
            roles.push(PlanRole {
                plan: r.code,
                role: Role::parse(&r.role)
                    .ok_or_else(|| StoreError::Corrupt(format!("unexpected role {}", r.role)))?,
                categories: Vec::new(),
            });
        }
        if let (Some(n), Some(last)) = (r.category_number, roles.last_mut()) {
            last.categories.push(n as u32);
        }
    }
    Ok(out)
}

pub(super) async fn load_viewer_roles(
    conn: &mut Conn,
    user_id: i64,
) -> Result<Vec<PlanRole>, StoreError> {
    Ok(load_roles(conn, Some(user_id))
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// The viewer for a user id (disabled users included; callers check).
pub(super) async fn load_viewer(
    conn: &mut Conn,
    user_id: i64,
) -> Result<Option<Viewer>, StoreError> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, n.id AS unit_id, n.name AS unit_name \
         FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let roles = load_viewer_roles(conn, user_id).await?;
    Ok(Some(Viewer {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        unit: UnitRef {
            id: row.unit_id,
            name: row.unit_name,
        },
        roles,
    }))
}
