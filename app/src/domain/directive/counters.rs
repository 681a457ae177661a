//! 督办单 counters per unit and per month of issue, for the 督办 page.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::{Directive, EscalationRule, Phase, Step};
use crate::domain::china_time::day_at;
use chrono::NaiveDate;

/// The counters of one unit's 督办单 issued in one month.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    pub unit: String,
    /// The month they were issued, "2024-07".
    pub month: String,
    pub issued: u32,
    /// Escalated at least once.
    pub escalated: u32,
    /// Answered, every time by the deadline.
    pub answered_on_time: u32,
    /// Answered after a deadline at least once (逾期答复).
    pub answered_late: u32,
    /// Answers sent back.
    pub sent_back: u32,
    pub closed: u32,
    /// Not closed yet.
    pub open: u32,
    /// Waiting for an answer past its deadline now.
    pub overdue: u32,
}

/// Counters per unit and per month of issue, the latest month first, units by name.
pub fn counters(all: &[Directive], rule: &EscalationRule, today: NaiveDate) -> Vec<Counters> {
    let mut out: Vec<Counters> = Vec::new();
    for d in all {
        let issued = day_at(d.issued_at);
        let month = format!("{:04}-{:02}", issued.year(), issued.month());
        let standing = d.standing(rule, today);
        let at = match out
            .iter()
            .position(|c| c.unit == d.unit && c.month == month)
        {
            Some(i) => i,
            None => {
                out.push(Counters {
                    unit: d.unit.clone(),
                    month,
                    ..Counters::default()
                });
                out.len() - 1
            }
        };
        let c = &mut out[at];
        let answered = standing
            .steps
            .iter()
            .any(|s| matches!(s, Step::Answered { .. }));
        c.issued += 1;
        c.escalated += u32::from(standing.escalated);
        c.answered_late += u32::from(standing.answered_late);
        c.answered_on_time += u32::from(answered && !standing.answered_late);
        c.sent_back += d.returns.len() as u32;
        c.closed += u32::from(standing.phase == Phase::Closed);
        c.open += u32::from(standing.phase != Phase::Closed);
        c.overdue += u32::from(standing.overdue);
    }
    out.sort_by(|a, b| b.month.cmp(&a.month).then_with(|| a.unit.cmp(&b.unit)));
    out
}
