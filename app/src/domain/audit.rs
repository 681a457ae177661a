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
            crate::domain::limits::day(day)?;
        }
        for text in [&self.actor, &self.action].into_iter().flatten() {
            if crate::domain::limits::too_long(text, 100) {
                return Err("筛选条件过长".to_string());
            }
        }
        Ok(())
    }
}

/// Declares an enum whose every variant has its stored string and its Chinese label, so a
/// new variant cannot be added without both.
macro_rules! labelled {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $stored:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every variant, in the order the audit page lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The string stored in `audit_log` (unchanged from the free strings before).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $stored,)+
                }
            }

            /// The Chinese name shown on the audit page.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn parse(stored: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == stored)
            }
        }
    };
}

labelled! {
    /// What an audit row records.
    AuditAction {
        PlanImport = "plan.import", "导入计划";
        UserCreate = "user.create", "新建用户";
        UserDisable = "user.disable", "停用用户";
        UserEnable = "user.enable", "启用用户";
        UserResetPassword = "user.reset_password", "重置密码";
        UserChangePassword = "user.change_password", "修改密码";
        UserSetRole = "user.set_role", "设置角色";
        SessionSignIn = "session.sign_in", "登录";
        SessionSignOut = "session.sign_out", "退出登录";
        ReportPush = "report.push", "同步填报";
        ReportReview = "report.review", "审核填报";
        IndicatorSchedule = "indicator.schedule", "设置分阶段目标";
        ScheduleProposal = "schedule.propose", "提交分阶段目标";
        ScheduleApproval = "schedule.approve", "批准分阶段目标";
        ScheduleRejection = "schedule.reject", "退回分阶段目标";
        WeeklyStatement = "weekly.statement", "说明本周无进展";
        DifficultyRaise = "difficulty.raise", "上报困难问题";
        DifficultyComment = "difficulty.comment", "困难问题留言";
        DifficultyStatus = "difficulty.status", "困难问题状态变更";
        DifficultyOwner = "difficulty.owner", "指定困难问题责任单位";
        DirectiveIssue = "notice.issue", "下发督办单";
        DirectiveRespond = "notice.respond", "回复督办单";
        DirectiveSendBack = "notice.send_back", "退回督办单答复";
        DirectiveClose = "notice.close", "督办单办结";
        SubmissionSave = "submission.save", "保存月度报送草稿";
        SubmissionSubmit = "submission.submit", "月度报送";
        VisitRecord = "visit.record", "记录一线督导";
        PhotoStage = "photo.stage", "设置照片公开";
        FeedbackAnswer = "feedback.answer", "答复群众意见";
        FeedbackModerate = "feedback.moderate", "公开或隐藏群众意见";
        EvaluationOpen = "evaluation.open", "开启满意度测评";
        EvaluationClose = "evaluation.close", "结束满意度测评";
        BallotCast = "ballot.cast", "提交测评";
        BallotPaper = "ballot.paper", "录入纸质选票";
        TargetDecision = "indicator.decision", "依决定调整目标";
        ItemDecision = "item.decision", "依决定暂停、恢复或终止项目";
        NoteWrite = "note.write", "撰写月度进展";
        NotePublish = "note.publish", "公开月度进展";
        OpinionFile = "opinion.file", "提出代表意见";
        OpinionAnswer = "opinion.answer", "答复代表意见";
    }
}

labelled! {
    /// What an audit row is about.
    AuditEntity {
        User = "user", "用户";
        Plan = "plan", "计划";
        Item = "item", "项目";
        Indicator = "indicator", "指标";
        Report = "report", "填报";
        Difficulty = "difficulty", "困难问题";
        Directive = "notice", "督办单";
        Visit = "visit", "一线督导";
        Photo = "photo", "照片";
        Feedback = "feedback", "群众意见";
        Evaluation = "evaluation", "满意度测评";
        Opinion = "opinion", "代表意见";
    }
}

/// Chinese names of audited entities: "用户 #5", "计划 taibaihu-2024". Rows written by an
/// older version with an unknown entity show it as stored.
pub fn entity_label(entity: &str, id: Option<&str>) -> String {
    let id = id.unwrap_or_default();
    match AuditEntity::parse(entity) {
        Some(AuditEntity::User) => format!("用户 #{id}"),
        Some(e) => format!("{} {id}", e.label()),
        None => format!("{entity}{id}"),
    }
}

/// Chinese name of an audit action as stored, for the audit page; unknown ones as stored.
pub fn action_label(action: &str) -> &str {
    match AuditAction::parse(action) {
        Some(a) => a.label(),
        None => action,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_and_entity_has_its_own_string_and_a_chinese_label() {
        for (stored, labels) in [
            (
                AuditAction::ALL
                    .iter()
                    .map(|a| a.as_str())
                    .collect::<Vec<_>>(),
                AuditAction::ALL
                    .iter()
                    .map(|a| a.label())
                    .collect::<Vec<_>>(),
            ),
            (
                AuditEntity::ALL.iter().map(|e| e.as_str()).collect(),
                AuditEntity::ALL.iter().map(|e| e.label()).collect(),
            ),
        ] {
            let unique: std::collections::HashSet<_> = stored.iter().collect();
            assert_eq!(
                unique.len(),
                stored.len(),
                "stored strings repeat: {stored:?}"
            );
            for label in labels {
                assert!(
                    label
                        .chars()
                        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{label} is not Chinese"
                );
            }
        }
        assert_eq!(AuditAction::ALL.len(), 40);
    }

    #[test]
    fn stored_strings_read_back_and_unknown_ones_show_as_stored() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(*a));
            assert_eq!(action_label(a.as_str()), a.label());
        }
        assert_eq!(action_label("legacy.thing"), "legacy.thing");
        assert_eq!(entity_label("user", Some("5")), "用户 #5");
        assert_eq!(entity_label("notice", Some("3")), "督办单 3");
        assert_eq!(entity_label("legacy", Some("x")), "legacyx");
    }
}
