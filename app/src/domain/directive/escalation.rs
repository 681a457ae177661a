//! The escalation rule of an unanswered 督办单: pure, table-tested in `tests`.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::DirectiveColour;

/// How an unanswered 督办单 escalates: the day after its deadline it goes one colour up and
/// gets this many more days (setting; shown on the 督办 page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationRule {
    /// Days given when it turns yellow.
    pub yellow_days: i64,
    /// Days given when it turns red.
    pub red_days: i64,
}

pub const DEFAULT_YELLOW_DAYS: i64 = 5;
pub const DEFAULT_RED_DAYS: i64 = 3;
/// At most this many days per step: a longer one is a typo, not a rule.
pub const MAX_STEP_DAYS: i64 = 90;

impl Default for EscalationRule {
    fn default() -> Self {
        EscalationRule {
            yellow_days: DEFAULT_YELLOW_DAYS,
            red_days: DEFAULT_RED_DAYS,
        }
    }
}

impl EscalationRule {
    /// The rule, or why the days make no sense (each 1 to 90).
    pub fn checked(yellow_days: i64, red_days: i64) -> Result<Self, String> {
        let ok = |d: i64| (1..=MAX_STEP_DAYS).contains(&d);
        if ok(yellow_days) && ok(red_days) {
            Ok(EscalationRule {
                yellow_days,
                red_days,
            })
        } else {
            Err(format!(
                "督办单升级后给的天数应在 1 到 {MAX_STEP_DAYS} 之间"
            ))
        }
    }

    fn days_at(&self, colour: DirectiveColour) -> i64 {
        match colour {
            DirectiveColour::Blue => 0,
            DirectiveColour::Yellow => self.yellow_days,
            DirectiveColour::Red => self.red_days,
        }
    }

    /// The rule in words, for the page that applies it.
    pub fn describe(&self) -> String {
        format!(
            "督办单到期未答复的，次日自动升级：蓝色升为黄色，再给 {} 天；黄色升为红色，再给 {} 天；红色到期仍未答复的，标为逾期。",
            self.yellow_days, self.red_days
        )
    }
}

/// One escalation: on `on` the 督办单 turned `colour` with the new deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub on: NaiveDate,
    pub colour: DirectiveColour,
    pub deadline: NaiveDate,
}

/// The escalations of a 督办单 of `colour` due on `deadline`, not answered before `until`
/// (the day of its answer, or today): each deadline missed raises it one colour the next
/// day, until red.
pub fn escalations(
    colour: DirectiveColour,
    deadline: NaiveDate,
    until: NaiveDate,
    rule: &EscalationRule,
) -> Vec<Escalation> {
    let mut out = Vec::new();
    let (mut colour, mut deadline) = (colour, deadline);
    while deadline < until {
        let Some(next) = colour.next() else { break };
        let on = deadline + Duration::days(1);
        colour = next;
        deadline += Duration::days(rule.days_at(next));
        out.push(Escalation {
            on,
            colour,
            deadline,
        });
    }
    out
}
