//! Account administration, shared by the JSON API and the HTML forms: every rule checked
//! on the server (who may, what is valid) before anything is stored.

use app::domain::account::{
    CreateUserRequest, PlanRole, Role, Viewer, check_password, parse_display_name, parse_username,
};
use app::domain::audit::{Actor, AuditAction};
use app::domain::authz::{may_administer_plan, may_administer_users};
use app::store::{NewUserRecord, Store};

use super::ServiceError;
use crate::auth::{hash_password, verify_password};

fn actor(v: &Viewer) -> Actor {
    Actor::user(v.id, &v.username)
}

/// A role as given: leaders need categories, other roles carry none.
fn checked_role(role: &PlanRole) -> Result<PlanRole, ServiceError> {
    let mut role = role.clone();
    if role.role == Role::Leader {
        role.categories.sort_unstable();
        role.categories.dedup();
        if role.categories.is_empty() {
            return Err(ServiceError::Invalid(
                "分管领导至少要分管一个类别".to_string(),
            ));
        }
    } else {
        role.categories.clear();
    }
    Ok(role)
}

/// Every account, for whoever administers them.
pub async fn list_users(
    store: &dyn Store,
    viewer: &Viewer,
) -> Result<Vec<app::domain::account::UserSummary>, ServiceError> {
    may_administer_users(viewer)?;
    Ok(store.list_users().await?)
}

pub async fn create_user(
    store: &dyn Store,
    by: &Viewer,
    request: &CreateUserRequest,
) -> Result<i64, ServiceError> {
    may_administer_users(by)?;
    let role = request.role.as_ref().map(checked_role).transpose()?;
    if let Some(role) = &role {
        may_administer_plan(by, &role.plan)?;
    }
    let username = parse_username(&request.username).map_err(ServiceError::Invalid)?;
    let display_name = parse_display_name(&request.display_name).map_err(ServiceError::Invalid)?;
    check_password(&request.password, &username).map_err(ServiceError::Invalid)?;
    let record = NewUserRecord {
        password_hash: hash_password(&request.password)
            .await
            .map_err(ServiceError::Internal)?,
        username,
        display_name,
        unit_id: request.unit_id,
        role,
    };
    Ok(store.create_user(&record, &actor(by)).await?)
}

pub async fn set_disabled(
    store: &dyn Store,
    by: &Viewer,
    user_id: i64,
    disabled: bool,
) -> Result<(), ServiceError> {
    may_administer_users(by)?;
    if disabled && user_id == by.id {
        return Err(ServiceError::Invalid("不能停用自己的账号".to_string()));
    }
    Ok(store.set_disabled(user_id, disabled, &actor(by)).await?)
}

pub async fn reset_password(
    store: &dyn Store,
    by: &Viewer,
    user_id: i64,
    new_password: &str,
) -> Result<(), ServiceError> {
    may_administer_users(by)?;
    let user = store
        .user(user_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个用户".to_string()))?;
    check_password(new_password, &user.username).map_err(ServiceError::Invalid)?;
    let hash = hash_password(new_password)
        .await
        .map_err(ServiceError::Internal)?;
    Ok(store
        .set_password(
            user_id,
            &hash,
            AuditAction::UserResetPassword,
            None,
            &actor(by),
        )
        .await?)
}

/// A user changes their own password; their other sessions end, this one stays.
pub async fn change_own_password(
    store: &dyn Store,
    me: &Viewer,
    session_hash: Option<&str>,
    current: &str,
    new_password: &str,
) -> Result<(), ServiceError> {
    let credentials = store
        .credentials(&me.username)
        .await?
        .ok_or_else(ServiceError::sign_in_required)?;
    if !verify_password(current, Some(&credentials.password_hash)).await {
        return Err(ServiceError::Invalid("当前密码不正确".to_string()));
    }
    check_password(new_password, &me.username).map_err(ServiceError::Invalid)?;
    if new_password == current {
        return Err(ServiceError::Invalid(
            "新密码不能与当前密码相同".to_string(),
        ));
    }
    let hash = hash_password(new_password)
        .await
        .map_err(ServiceError::Internal)?;
    Ok(store
        .set_password(
            me.id,
            &hash,
            AuditAction::UserChangePassword,
            session_hash,
            &actor(me),
        )
        .await?)
}

pub async fn set_role(
    store: &dyn Store,
    by: &Viewer,
    user_id: i64,
    role: &PlanRole,
) -> Result<(), ServiceError> {
    may_administer_users(by)?;
    may_administer_plan(by, &role.plan)?;
    let role = checked_role(role)?;
    Ok(store.set_role(user_id, &role, &actor(by)).await?)
}

/// The user a session token (its hash) signs in, while the session lives.
pub async fn session_viewer(
    store: &dyn Store,
    token_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Viewer>, ServiceError> {
    Ok(store
        .session_viewer(token_hash, now)
        .await?
        .map(|(viewer, _)| viewer))
}
