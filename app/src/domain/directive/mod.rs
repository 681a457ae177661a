//! 督办单: issued by the 督查室 to a unit with a colour and a deadline; answered by the
//! unit; closed (办结) by the 督查室 or sent back with a reason and a new deadline. Left
//! unanswered past its deadline it escalates by itself, 蓝 → 黄 → 红, each step with a new
//! deadline (`EscalationRule`, a setting). Nothing of that is stored: the escalation is
//! worked out from the dates, so it is the same on every page and never needs a job to run.
//! Wire types and the pure rules; storage is in `store`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::account::{Role, Viewer};
use crate::domain::authz::Denied;
use crate::domain::china_time::day_at;

/// The colour of a 督办单, as in practice: 蓝 deadline near, 黄 behind pace or poor
/// quality, 红 overdue. Ordered: an escalation goes one step up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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

    pub fn short(self) -> &'static str {
        match self {
            DirectiveColour::Blue => "蓝色",
            DirectiveColour::Yellow => "黄色",
            DirectiveColour::Red => "红色",
        }
    }

    /// The colour one step up, if any: red is the last.
    pub fn next(self) -> Option<Self> {
        match self {
            DirectiveColour::Blue => Some(DirectiveColour::Yellow),
            DirectiveColour::Yellow => Some(DirectiveColour::Red),
            DirectiveColour::Red => None,
        }
    }
}

/// An answer the 督查室 sent back, with why and by when to answer again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentBack {
    pub answer: String,
    pub answered_at: DateTime<Utc>,
    pub reason: String,
    pub deadline: NaiveDate,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The 督查室's 办结.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closing {
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Directive {
    pub id: i64,
    pub item: u32,
    pub item_title: String,
    pub unit_id: i64,
    pub unit: String,
    /// As issued; `standing` says what it is now.
    pub colour: DirectiveColour,
    pub requirement: String,
    /// As issued.
    pub deadline: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    /// The answer awaiting the 督查室 (or accepted, once closed).
    pub response: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
    /// Answers sent back, oldest first.
    #[serde(default)]
    pub returns: Vec<SentBack>,
    #[serde(default)]
    pub closed: Option<Closing>,
}

/// Where a 督办单 is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Issued or sent back: the unit owes an answer.
    Waiting,
    /// Answered: the 督查室 closes it or sends it back.
    Answered,
    Closed,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Waiting => "waiting",
            Phase::Answered => "answered",
            Phase::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Waiting => "待答复",
            Phase::Answered => "已答复，待办结",
            Phase::Closed => "已办结",
        }
    }
}

/// One step of a 督办单's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Step {
    Issued {
        on: NaiveDate,
        colour: DirectiveColour,
        deadline: NaiveDate,
    },
    Escalated(Escalation),
    Answered {
        on: NaiveDate,
        late: bool,
        text: String,
    },
    SentBack {
        on: NaiveDate,
        reason: String,
        deadline: NaiveDate,
    },
    Closed {
        on: NaiveDate,
        by: String,
    },
}

/// What a 督办单 is on a day, worked out from its dates and the rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub phase: Phase,
    /// Its colour now, after any escalation.
    pub colour: DirectiveColour,
    /// The deadline in force now.
    pub deadline: NaiveDate,
    /// Waiting for an answer past the deadline it was given (the one issued or sent back
    /// with): whatever comes now is late.
    pub overdue: bool,
    pub escalated: bool,
    /// Some answer came after its deadline: the lateness stays on record (逾期答复).
    pub answered_late: bool,
    pub steps: Vec<Step>,
}

/// One round of answering: from issue or a send-back, to the answer that ended it.
struct Round {
    deadline: NaiveDate,
    answer: Option<(NaiveDate, String)>,
    sent_back: Option<(NaiveDate, String, NaiveDate)>,
}

impl Directive {
    /// The deadline of the current round: as issued, or as given when last sent back.
    pub fn round_deadline(&self) -> NaiveDate {
        self.returns.last().map_or(self.deadline, |r| r.deadline)
    }

    pub fn phase(&self) -> Phase {
        match (&self.closed, &self.response) {
            (Some(_), _) => Phase::Closed,
            (None, Some(_)) => Phase::Answered,
            (None, None) => Phase::Waiting,
        }
    }

    /// Waiting past the deadline of its round, on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.phase() == Phase::Waiting && today > self.round_deadline()
    }

    /// The (China) day the current answer came.
    pub fn answered_on(&self) -> Option<NaiveDate> {
        self.responded_at.map(day_at)
    }

    /// The current answer came after its round's deadline: the lateness stays on record
    /// (逾期答复) — an answer must not erase it.
    pub fn answered_late(&self) -> bool {
        self.answered_on()
            .is_some_and(|on| on > self.round_deadline())
    }

    fn rounds(&self) -> Vec<Round> {
        let mut deadline = self.deadline;
        let mut out = Vec::new();
        for back in &self.returns {
            out.push(Round {
                deadline,
                answer: Some((day_at(back.answered_at), back.answer.clone())),
                sent_back: Some((day_at(back.at), back.reason.clone(), back.deadline)),
            });
            deadline = back.deadline;
        }
        out.push(Round {
            deadline,
            answer: self.response.clone().map(|text| {
                (
                    self.answered_on().unwrap_or_else(|| day_at(self.issued_at)),
                    text,
                )
            }),
            sent_back: None,
        });
        out
    }

    /// Its phase, colour, deadline and timeline on `today` under `rule`. A round's
    /// escalations run until it is answered; a send-back starts a new round at the colour
    /// reached, with the deadline it gave.
    pub fn standing(&self, rule: &EscalationRule, today: NaiveDate) -> Standing {
        let mut colour = self.colour;
        let mut deadline = self.deadline;
        let mut steps = vec![Step::Issued {
            on: day_at(self.issued_at),
            colour,
            deadline,
        }];
        let (mut escalated, mut answered_late) = (false, false);
        for round in self.rounds() {
            deadline = round.deadline;
            let until = round.answer.as_ref().map_or(today, |(on, _)| *on);
            for step in escalations(colour, round.deadline, until, rule) {
                escalated = true;
                colour = step.colour;
                deadline = step.deadline;
                steps.push(Step::Escalated(step));
            }
            if let Some((on, text)) = round.answer {
                let late = on > round.deadline;
                answered_late |= late;
                steps.push(Step::Answered { on, late, text });
            }
            if let Some((on, reason, new_deadline)) = round.sent_back {
                steps.push(Step::SentBack {
                    on,
                    reason,
                    deadline: new_deadline,
                });
            }
        }
        if let Some(c) = &self.closed {
            steps.push(Step::Closed {
                on: day_at(c.at),
                by: c.by.clone(),
            });
        }
        Standing {
            phase: self.phase(),
            colour,
            deadline,
            overdue: self.overdue(today),
            escalated,
            answered_late,
            steps,
        }
    }

    /// The 督查室 closes it: only an answered one, once.
    pub fn check_close(&self) -> Result<(), String> {
        match self.phase() {
            Phase::Answered => Ok(()),
            Phase::Waiting => Err("该督办单尚未答复，不能办结".to_string()),
            Phase::Closed => Err("该督办单已办结".to_string()),
        }
    }

    /// The 督查室 sends the answer back, to be answered again by `deadline` (from `today`).
    pub fn check_send_back(&self, deadline: NaiveDate, today: NaiveDate) -> Result<(), String> {
        match self.phase() {
            Phase::Waiting => return Err("该督办单尚未答复，无需退回".to_string()),
            Phase::Closed => return Err("该督办单已办结，不能退回".to_string()),
            Phase::Answered => {}
        }
        if deadline < today {
            return Err("重新答复的期限不能早于今天".to_string());
        }
        Ok(())
    }

    /// The unit answers: only while waiting.
    pub fn check_answer(&self) -> Result<(), String> {
        match self.phase() {
            Phase::Waiting => Ok(()),
            Phase::Answered => Err("该督办单已回复".to_string()),
            Phase::Closed => Err("该督办单已办结".to_string()),
        }
    }
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

/// The ids of the 督办单 the viewer may answer now.
pub fn answerable_by(viewer: &Viewer, plan: &str, all: &[Directive]) -> Vec<i64> {
    all.iter()
        .filter(|d| d.phase() == Phase::Waiting && may_respond(viewer, plan, d).is_ok())
        .map(|d| d.id)
        .collect()
}

/// The 督办单 a unit owes an answer to, the nearest deadline first.
pub fn owed_by(
    unit_id: i64,
    all: &[Directive],
    rule: &EscalationRule,
    today: NaiveDate,
) -> Vec<Directive> {
    let mut owed: Vec<(NaiveDate, Directive)> = all
        .iter()
        .filter(|d| d.unit_id == unit_id && d.phase() == Phase::Waiting)
        .map(|d| (d.standing(rule, today).deadline, d.clone()))
        .collect();
    owed.sort_by_key(|(deadline, d)| (*deadline, d.id));
    owed.into_iter().map(|(_, d)| d).collect()
}

mod counters;
mod escalation;
#[cfg(test)]
mod tests;

pub use counters::{Counters, counters};
pub use escalation::{
    DEFAULT_RED_DAYS, DEFAULT_YELLOW_DAYS, Escalation, EscalationRule, MAX_STEP_DAYS, escalations,
};
