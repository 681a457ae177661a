//! The audit trail's shared types: who wrote what, when, before and after. Rows are
//! append-only; the server writes one in the same transaction as each change.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who makes a change: a signed-in user, or the command line / the server itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// Username, or `命令行` / `系统`.
    pub name: String,
}

impl Actor {
    pub fn user(id: i64, username: &str) -> Self {
        Actor {
            user_id: Some(id),
            name: username.to_string(),
        }
    }

    pub fn command_line() -> Self {
        Actor {
            user_id: None,
            name: "命令行".to_string(),
        }
    }

    pub fn system() -> Self {
        Actor {
            user_id: None,
            name: "系统".to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// What happened, e.g. `user.create`, `session.sign_in`, `plan.import`.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Filters of the audit browser; all optional. Newest first, `before_id` pages back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub before_id: Option<i64>,
    pub limit: Option<u32>,
}

impl AuditFilter {
    pub const DEFAULT_LIMIT: u32 = 100;

    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(Self::DEFAULT_LIMIT).clamp(1, 500)
    }

    /// Refuses days outside `limits`' range (the store adds a day to `to`) and texts longer
    /// than any actor name or action.
    pub fn check(&self) -> Result<(), String> {
        for day in [self.from, self.to].into_iter().flatten() {
            crate::limits::day(day)?;
        }
        for text in [&self.actor, &self.action].into_iter().flatten() {
            if crate::limits::too_long(text, 100) {
                return Err("筛选条件过长".to_string());
            }
        }
        Ok(())
    }
}

/// Chinese names of audited entities: "用户 #5", "计划 taibaihu-2024".
pub fn entity_label(entity: &str, id: Option<&str>) -> String {
    let name = match entity {
        "user" => "用户 #",
        "plan" => "计划 ",
        other => other,
    };
    format!("{name}{}", id.unwrap_or_default())
}

/// Chinese names of audit actions, for the audit page.
pub fn action_label(action: &str) -> &str {
    match action {
        "plan.import" => "导入计划",
        "user.create" => "新建用户",
        "user.disable" => "停用用户",
        "user.enable" => "启用用户",
        "user.reset_password" => "重置密码",
        "user.change_password" => "修改密码",
        "user.set_role" => "设置角色",
        "session.sign_in" => "登录",
        "session.sign_out" => "退出登录",
        other => other,
    }
}
