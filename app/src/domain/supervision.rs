//! 督查督办: difficulties (困难问题) raised from a report or an item and coordinated to
//! resolution, directives (督办单) with their colour and deadline, and on-site
//! supervision visits (一线督导). Wire types and the pure rules; storage is in `store`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::account::{Role, Viewer};
use crate::domain::authz::Denied;
use crate::domain::plan::Item;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DifficultyStatus {
    Open,
    Coordinating,
    Resolved,
}

impl DifficultyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DifficultyStatus::Open => "open",
            DifficultyStatus::Coordinating => "coordinating",
            DifficultyStatus::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Coordinating, Self::Resolved]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DifficultyStatus::Open => "待协调",
            DifficultyStatus::Coordinating => "协调中",
            DifficultyStatus::Resolved => "已解决",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difficulty {
    pub id: i64,
    pub item: u32,
    pub item_title: String,
    pub report_id: Option<String>,
    pub unit: String,
    pub title: String,
    pub detail: String,
    pub status: DifficultyStatus,
    pub owner: String,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl Difficulty {
    /// Days open (until resolved).
    pub fn age_days(&self, now: DateTime<Utc>) -> i64 {
        (self.resolved_at.unwrap_or(now) - self.raised_at).num_days()
    }
}

/// One entry of a difficulty's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DifficultyEvent {
    pub at: DateTime<Utc>,
    pub by: String,
    /// raised | comment | status | owner
    pub kind: String,
    pub status: Option<DifficultyStatus>,
    pub text: String,
}

/// A change to a difficulty.
#[derive(Clone, Debug, PartialEq)]
pub enum DifficultyChange {
    Comment(String),
    Status(DifficultyStatus, String),
    Owner(String),
}

/// The colour of a 督办单, as in practice: 蓝 deadline near, 黄 behind pace or poor
/// quality, 红 overdue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectiveColour {
    Blue,
    Yellow,
    Red,
}

impl DirectiveColour {
    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveColour::Blue => "blue",
            DirectiveColour::Yellow => "yellow",
            DirectiveColour::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Blue, Self::Yellow, Self::Red]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DirectiveColour::Blue => "蓝色督办单（临近期限）",
            DirectiveColour::Yellow => "黄色督办单（慢于序时或质量不高）",
            DirectiveColour::Red => "红色督办单（逾期未完成）",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Directive {
    pub id: i64,
    pub item: u32,
    pub item_title: String,
    pub unit_id: i64,
    pub unit: String,
    pub colour: DirectiveColour,
    pub requirement: String,
    pub deadline: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    pub response: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
}

impl Directive {
    /// Past its deadline without a response, on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.response.is_none() && today > self.deadline
    }

    /// The (China) day it was answered.
    pub fn answered_on(&self) -> Option<NaiveDate> {
        self.responded_at.map(crate::domain::china_time::day_at)
    }

    /// Answered after its deadline: the lateness stays on record (逾期答复) — an answer
    /// must not erase it.
    pub fn answered_late(&self) -> bool {
        self.answered_on().is_some_and(|on| on > self.deadline)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub id: i64,
    pub item: u32,
    pub item_title: String,
    pub visited_on: NaiveDate,
    pub place: String,
    pub findings: String,
    pub recorded_by: String,
    /// Ids of the photos taken on the visit.
    #[serde(default)]
    pub photos: Vec<String>,
}

/// Raise a difficulty on an item: a member of a unit on it, the supervisor.
pub fn may_raise(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor) => Ok(()),
        Some(Role::Reporter | Role::UnitManager) if item.involves(viewer.unit.id) => Ok(()),
        _ => Err(Denied(
            "只有该项目的承办单位或督查室可以登记困难问题".to_string(),
        )),
    }
}

/// Coordinate a difficulty (status, owner): the supervisor or the lead unit's manager.
/// Comments are open to everyone who may raise, and to leaders in charge.
pub fn may_coordinate(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor) => Ok(()),
        Some(Role::UnitManager) if item.leads(viewer.unit.id) => Ok(()),
        _ => Err(Denied(
            "只有督查室或牵头单位的单位管理员可以协调困难问题".to_string(),
        )),
    }
}

pub fn may_comment_difficulty(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    may_raise(viewer, plan, item)
        .or_else(|_| crate::domain::authz::may_comment(viewer, plan, item))
        .map_err(|_| Denied("只有承办单位、督查室和分管领导可以留言".to_string()))
}

/// Respond to a directive: the manager of the unit it was issued to.
pub fn may_respond(viewer: &Viewer, plan: &str, directive: &Directive) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::UnitManager) if viewer.unit.id == directive.unit_id => Ok(()),
        _ => Err(Denied(
            "只有被督办单位的单位管理员可以回复督办单".to_string(),
        )),
    }
}

/// Checks free text: trimmed, not empty, at most `max` characters; the error names `what`.
pub fn text_field(value: &str, what: &str, max: usize) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() {
        Err(format!("请填写{what}"))
    } else if v.chars().count() > max {
        Err(format!("{what}不能超过 {max} 个字"))
    } else if crate::domain::limits::has_control(v) {
        Err(format!(
            "{what}：{}",
            crate::domain::limits::CONTROL_MESSAGE
        ))
    } else {
        Ok(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::PlanRole;
    use crate::domain::plan::UnitRef;
    use crate::test_fixtures::{d, item, unit};

    fn viewer(unit_id: i64, role: Role) -> Viewer {
        Viewer {
            id: 1,
            username: "u".into(),
            display_name: "u".into(),
            unit: UnitRef {
                id: unit_id,
                name: "x".into(),
            },
            roles: vec![PlanRole {
                plan: "p".into(),
                role,
                categories: vec![1],
            }],
        }
    }

    fn directive(response: Option<&str>) -> Directive {
        Directive {
            id: 1,
            item: 1,
            item_title: "t".into(),
            unit_id: 1,
            unit: "u".into(),
            colour: DirectiveColour::Yellow,
            requirement: "r".into(),
            deadline: d("2024-06-30"),
            issued_by: "s".into(),
            issued_at: Utc::now(),
            response: response.map(str::to_string),
            responded_at: None,
        }
    }

    #[test]
    fn a_directive_is_overdue_only_past_its_deadline_without_a_response() {
        assert!(!directive(None).overdue(d("2024-06-30")));
        assert!(directive(None).overdue(d("2024-07-01")));
        assert!(!directive(Some("已整改")).overdue(d("2024-07-01")));
    }

    #[test]
    fn a_late_answer_stays_marked_late() {
        let answered = |at: &str| Directive {
            responded_at: Some(at.parse().expect("a time")),
            ..directive(Some("已整改"))
        };
        // 23:00 in China on the deadline: on time; 00:30 the next day: late.
        assert!(!answered("2024-06-30T15:00:00Z").answered_late());
        assert!(answered("2024-06-30T16:30:00Z").answered_late());
        assert_eq!(
            answered("2024-06-30T16:30:00Z").answered_on(),
            Some(d("2024-07-01"))
        );
        assert!(!directive(None).answered_late());
    }

    #[test]
    fn who_raises_coordinates_and_responds() {
        let it = item(1, "t", unit(1, "lead"), vec![]);
        assert!(may_raise(&viewer(1, Role::Reporter), "p", &it).is_ok());
        assert!(may_raise(&viewer(9, Role::Reporter), "p", &it).is_err());
        assert!(may_raise(&viewer(9, Role::Supervisor), "p", &it).is_ok());
        assert!(may_coordinate(&viewer(1, Role::UnitManager), "p", &it).is_ok());
        assert!(may_coordinate(&viewer(1, Role::Reporter), "p", &it).is_err());
        assert!(may_comment_difficulty(&viewer(9, Role::Leader), "p", &it).is_ok());
        assert!(may_respond(&viewer(1, Role::UnitManager), "p", &directive(None)).is_ok());
        assert!(may_respond(&viewer(2, Role::UnitManager), "p", &directive(None)).is_err());
    }

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        assert_eq!(
            text_field("  资金缺口 ", "问题", 10),
            Ok("资金缺口".to_string())
        );
        assert_eq!(text_field(" ", "问题", 10), Err("请填写问题".to_string()));
        assert!(text_field("一二三四五六", "问题", 5).is_err());
    }
}
