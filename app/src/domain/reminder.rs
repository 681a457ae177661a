//! 我的待办: everything a user owes on a plan, with its deadline — weekly updates, reports
//! waiting for review, 督办单 to answer or close, the month's submission, 代表意见 to
//! answer, 分阶段目标 to approve. Gathered on the server (`server_fns::reminders`); the order and the words are
//! here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Directive,
    Weekly,
    Submission,
    Review,
    Opinion,
    /// The 督查室: answers waiting for 办结.
    Closing,
    /// The 督查室: 分阶段目标 waiting for approval.
    Schedule,
}

impl ReminderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Directive => "directive",
            ReminderKind::Weekly => "weekly",
            ReminderKind::Submission => "submission",
            ReminderKind::Review => "review",
            ReminderKind::Opinion => "opinion",
            ReminderKind::Closing => "closing",
            ReminderKind::Schedule => "schedule",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::Directive => "督办单待答复",
            ReminderKind::Weekly => "周台账待更新",
            ReminderKind::Submission => "月度报送",
            ReminderKind::Review => "填报待审核",
            ReminderKind::Opinion => "代表意见待答复",
            ReminderKind::Closing => "督办单待办结",
            ReminderKind::Schedule => "分阶段目标待审批",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    /// What is owed, in words.
    pub what: String,
    /// The last day, when there is one.
    pub deadline: Option<NaiveDate>,
    /// Where to do it.
    pub link: String,
}

impl Reminder {
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.deadline.is_some_and(|d| today > d)
    }
}

/// The nearest deadline first (overdue ones thus on top), then what has none; within a
/// day, by kind.
pub fn in_order(mut all: Vec<Reminder>) -> Vec<Reminder> {
    all.sort_by(|a, b| {
        (a.deadline.is_none(), a.deadline, a.kind).cmp(&(b.deadline.is_none(), b.deadline, b.kind))
    });
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::d;

    fn r(kind: ReminderKind, deadline: Option<&str>) -> Reminder {
        Reminder {
            kind,
            what: String::new(),
            deadline: deadline.map(d),
            link: String::new(),
        }
    }

    #[test]
    fn the_nearest_deadline_first_and_the_open_ended_last() {
        let ordered = in_order(vec![
            r(ReminderKind::Review, None),
            r(ReminderKind::Submission, Some("2024-07-05")),
            r(ReminderKind::Weekly, Some("2024-07-01")),
            r(ReminderKind::Directive, Some("2024-07-05")),
            r(ReminderKind::Opinion, None),
        ]);
        let kinds: Vec<ReminderKind> = ordered.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                ReminderKind::Weekly,
                ReminderKind::Directive,
                ReminderKind::Submission,
                ReminderKind::Review,
                ReminderKind::Opinion,
            ]
        );
        assert!(ordered[0].overdue(d("2024-07-02")));
        assert!(!ordered[0].overdue(d("2024-07-01")));
        assert!(!ordered[3].overdue(d("2099-01-01")));
    }
}
