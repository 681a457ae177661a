//! Accounts as both sides see them: roles per plan, the signed-in viewer, user listings,
//! and the rules for usernames and passwords (checked the same way in the browser and on
//! the server).

use serde::{Deserialize, Serialize};

use crate::domain::plan::UnitRef;

/// A user's role on one plan (DESIGN.md, "Users and roles").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Role {
    /// 督查室: everything on a plan: users, targets, notices, exports.
    Supervisor,
    /// 分管领导: reads all, comments, quarterly review of the categories in their charge.
    Leader,
    /// 单位管理员: edits its items' schedules, reviews reports on items its unit leads.
    UnitManager,
    /// 填报人: records progress on items where the unit is lead or co-unit.
    Reporter,
    /// 测评代表: a 人大代表 or panel member; reads every item's progress and rates every
    /// item once in the year-end 满意度测评.
    Evaluator,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Supervisor,
        Role::Leader,
        Role::UnitManager,
        Role::Reporter,
        Role::Evaluator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Supervisor => "supervisor",
            Role::Leader => "leader",
            Role::UnitManager => "unit_manager",
            Role::Reporter => "reporter",
            Role::Evaluator => "evaluator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Chinese name shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Supervisor => "督查室",
            Role::Leader => "分管领导",
            Role::UnitManager => "单位管理员",
            Role::Reporter => "填报人",
            Role::Evaluator => "测评代表",
        }
    }

    /// Field staff work offline for days, so their sign-in lasts longer than an office one.
    pub fn is_field(self) -> bool {
        matches!(self, Role::Reporter)
    }
}

/// A role on one plan; leaders also have the categories in their charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanRole {
    /// The plan's code.
    pub plan: String,
    pub role: Role,
    /// Category numbers in a leader's charge; empty for other roles.
    pub categories: Vec<u32>,
}

/// The signed-in user, as pages and handlers see them. Never carries the password hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Viewer {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub unit: UnitRef,
    pub roles: Vec<PlanRole>,
}

impl Viewer {
    pub fn role_in(&self, plan: &str) -> Option<&PlanRole> {
        self.roles.iter().find(|r| r.plan == plan)
    }

    pub fn is_supervisor_of(&self, plan: &str) -> bool {
        self.role_in(plan)
            .is_some_and(|r| r.role == Role::Supervisor)
    }

    /// The categories a leader has in charge on `plan`: what their overview and weekly grid
    /// show by default. None for other roles, or a leader given no categories.
    pub fn charge(&self, plan: &str) -> Option<&[u32]> {
        self.role_in(plan)
            .filter(|r| r.role == Role::Leader && !r.categories.is_empty())
            .map(|r| r.categories.as_slice())
    }

    /// Whether the user administers accounts: a supervisor of at least one plan.
    pub fn is_supervisor(&self) -> bool {
        self.roles.iter().any(|r| r.role == Role::Supervisor)
    }

    /// Whether every role the user has is a field role (sets the sign-in lifetime).
    pub fn is_field_staff(&self) -> bool {
        !self.roles.is_empty() && self.roles.iter().all(|r| r.role.is_field())
    }
}

/// The signed-in user of the request being rendered (none when signed out). The server
/// puts it into the request's extensions; pages read it through Leptos's request context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrentUser(pub Option<Viewer>);

impl From<UserSummary> for Viewer {
    fn from(u: UserSummary) -> Self {
        Viewer {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            unit: u.unit,
            roles: u.roles,
        }
    }
}

/// One row of the user administration list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub unit: UnitRef,
    pub disabled: bool,
    pub roles: Vec<PlanRole>,
}

/// `POST /api/v1/session`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
}

/// `POST /api/v1/users`: a supervisor creates an account.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreateUserRequest {
    pub username: String,
    pub display_name: String,
    pub unit_id: i64,
    pub password: String,
    #[serde(default)]
    pub role: Option<PlanRole>,
}

/// `PUT /api/v1/session/password`: a user changes their own password.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `PUT /api/v1/users/{id}/password`: a supervisor sets a new password.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub new_password: String,
}

pub const MIN_PASSWORD_CHARS: usize = 8;

/// A username: 3–32 characters of lowercase letters, digits, `.`, `_` or `-`. Input is
/// trimmed and lower-cased first, so `ZhangSan` and `zhangsan` are one account.
pub fn parse_username(input: &str) -> Result<String, String> {
    let name = input.trim().to_lowercase();
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    if !(3..=32).contains(&name.len()) || !ok_chars {
        return Err("用户名须为 3–32 个字符，只能使用英文字母、数字和 . _ -".to_string());
    }
    Ok(name)
}

/// Password rules: long enough, not the username. Length in characters, so a Chinese
/// passphrase counts what a person typed.
pub fn check_password(password: &str, username: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("密码至少需要 {MIN_PASSWORD_CHARS} 个字符"));
    }
    if password.chars().count() > 128 {
        return Err("密码不能超过 128 个字符".to_string());
    }
    if password.trim().to_lowercase() == username.trim().to_lowercase() {
        return Err("密码不能与用户名相同".to_string());
    }
    Ok(())
}

/// A display name: what colleagues call the user, 1–40 characters.
pub fn parse_display_name(input: &str) -> Result<String, String> {
    let name = input.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err("姓名须为 1–40 个字符".to_string());
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_trimmed_and_lower_cased() {
        assert_eq!(parse_username("  ZhangSan ").as_deref(), Ok("zhangsan"));
        assert_eq!(parse_username("shi.qiao-01").as_deref(), Ok("shi.qiao-01"));
    }

    #[test]
    fn bad_usernames_are_refused_in_chinese() {
        for bad in ["ab", "张三", "has space", &"x".repeat(33)] {
            let err = parse_username(bad).expect_err(bad);
            assert!(err.contains("用户名"), "{err}");
        }
    }

    #[test]
    fn passwords_need_eight_characters_and_not_the_username() {
        assert!(check_password("short", "zhang").is_err());
        assert!(check_password("Zhangsan1", "zhangsan1").is_err());
        assert!(
            check_password("民生实事台账好用吗", "zhang").is_ok(),
            "8+ Chinese characters"
        );
        assert!(check_password("correct horse", "zhang").is_ok());
    }

    #[test]
    fn field_staff_are_those_with_only_reporter_roles() {
        let role = |role| PlanRole {
            plan: "p".into(),
            role,
            categories: vec![],
        };
        let mut v = Viewer {
            id: 1,
            username: "u".into(),
            display_name: "u".into(),
            unit: UnitRef {
                id: 1,
                name: "石桥镇政府".into(),
            },
            roles: vec![role(Role::Reporter)],
        };
        assert!(v.is_field_staff());
        v.roles.push(PlanRole {
            plan: "q".into(),
            ..role(Role::UnitManager)
        });
        assert!(!v.is_field_staff());
        v.roles.clear();
        assert!(!v.is_field_staff(), "no roles: office lifetime");
    }
}
