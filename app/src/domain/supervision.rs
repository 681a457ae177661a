//! 督查督办: difficulties (困难问题) raised from a report or an item and coordinated to
//! resolution, and on-site supervision visits (一线督导); 督办单 are in `directive`. Wire
//! types and the pure rules; storage is in `store`.

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
    use crate::test_fixtures::{item, unit, viewer};

    #[test]
    fn who_raises_coordinates_and_responds() {
        let it = item(1, "t", unit(1, "lead"), vec![]);
        assert!(may_raise(&viewer(1, Role::Reporter), "p", &it).is_ok());
        assert!(may_raise(&viewer(9, Role::Reporter), "p", &it).is_err());
        assert!(may_raise(&viewer(9, Role::Supervisor), "p", &it).is_ok());
        assert!(may_coordinate(&viewer(1, Role::UnitManager), "p", &it).is_ok());
        assert!(may_coordinate(&viewer(1, Role::Reporter), "p", &it).is_err());
        assert!(may_comment_difficulty(&viewer(9, Role::Leader), "p", &it).is_ok());
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
