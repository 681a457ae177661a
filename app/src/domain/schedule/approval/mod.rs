//! 分阶段目标 with approval (issue 15): a lead unit's manager proposes, the 督查室 approves or
//! sends it back with a reason. An approved schedule is in force from its approval day only,
//! so the pace of any earlier day never changes; every proposal stays, with who decided,
//! when and why. The schedule a plan started with (`Indicator::schedule` as read) is in
//! force until the first approval.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::plan::{PlanDetail, ScheduleNode};

/// Where a proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    /// 待审批.
    Pending,
    /// 已批准: in force from `effective_from`.
    Approved,
    /// 已退回, with a reason.
    Rejected,
    /// 已被新方案取代: the unit proposed again before a decision.
    Superseded,
}

impl ProposalState {
    pub const ALL: [ProposalState; 4] = [
        ProposalState::Pending,
        ProposalState::Approved,
        ProposalState::Rejected,
        ProposalState::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Pending => "pending",
            ProposalState::Approved => "approved",
            ProposalState::Rejected => "rejected",
            ProposalState::Superseded => "superseded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProposalState::Pending => "待督查室审批",
            ProposalState::Approved => "已批准",
            ProposalState::Rejected => "已退回",
            ProposalState::Superseded => "已被新方案取代",
        }
    }

    pub fn parse(s: &str) -> Option<ProposalState> {
        ProposalState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One proposed schedule for one indicator, and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleProposal {
    pub id: i64,
    pub item: u32,
    pub indicator: String,
    pub nodes: Vec<ScheduleNode>,
    /// The proposer's username.
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
    pub state: ProposalState,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Approved: the first day it is in force (the approval day, China time).
    pub effective_from: Option<NaiveDate>,
    /// Sent back: why.
    pub reason: Option<String>,
}

impl ScheduleProposal {
    fn is_for(&self, item: u32, indicator: &str) -> bool {
        self.item == item && self.indicator == indicator
    }

    /// The day it took effect, when approved.
    fn in_force_from(&self) -> Option<NaiveDate> {
        match self.state {
            ProposalState::Approved => self.effective_from,
            _ => None,
        }
    }
}

/// The 督查室's decision on a pending proposal.
#[derive(Clone, Debug, PartialEq)]
pub enum ScheduleDecision {
    /// In force from this day (the approval day).
    Approve {
        from: NaiveDate,
    },
    Reject {
        reason: String,
    },
}

/// The approved proposal in force for an indicator on `day`: the latest approved on or
/// before it (of two approved the same day, the later one).
pub fn in_force<'a>(
    proposals: &'a [ScheduleProposal],
    item: u32,
    indicator: &str,
    day: NaiveDate,
) -> Option<&'a ScheduleProposal> {
    proposals
        .iter()
        .filter(|p| p.is_for(item, indicator))
        .filter_map(|p| p.in_force_from().map(|from| (from, p)))
        .filter(|(from, _)| *from <= day)
        .max_by_key(|(from, p)| (*from, p.id))
        .map(|(_, p)| p)
}

/// Puts the schedules in force on `day` into a plan as read: an indicator with an approved
/// proposal in force follows it; the others keep the schedule they started with.
pub fn apply(plan: &mut PlanDetail, proposals: &[ScheduleProposal], day: NaiveDate) {
    if proposals.is_empty() {
        return;
    }
    for item in &mut plan.items {
        for ind in &mut item.indicators {
            if let Some(p) = in_force(proposals, item.number, &ind.code, day) {
                ind.schedule = p.nodes.clone();
            }
        }
    }
}

/// The schedules an indicator followed, oldest first, each with its first day: the one it
/// started with from `start`, then each approved one from its day (a later approval the
/// same day replaces an earlier one). The chart draws planned-to-date through them, so the
/// line before an approval stays where it was.
pub fn phases(
    base: &[ScheduleNode],
    proposals: &[ScheduleProposal],
    item: u32,
    indicator: &str,
    start: NaiveDate,
) -> Vec<(NaiveDate, Vec<ScheduleNode>)> {
    let mut approved: Vec<(NaiveDate, i64, &ScheduleProposal)> = proposals
        .iter()
        .filter(|p| p.is_for(item, indicator))
        .filter_map(|p| p.in_force_from().map(|from| (from.max(start), p.id, p)))
        .collect();
    approved.sort_by_key(|(from, id, _)| (*from, *id));
    let mut out: Vec<(NaiveDate, Vec<ScheduleNode>)> = vec![(start, base.to_vec())];
    for (from, _, p) in approved {
        match out.last_mut() {
            Some(last) if last.0 == from => last.1 = p.nodes.clone(),
            _ => out.push((from, p.nodes.clone())),
        }
    }
    out
}

/// Whether a decision can be taken: only on a pending proposal, and sending back needs a
/// reason (checked by the caller's text rules).
pub fn check_decision(proposal: &ScheduleProposal) -> Result<(), String> {
    match proposal.state {
        ProposalState::Pending => Ok(()),
        ProposalState::Approved => Err("该分阶段目标已批准".to_string()),
        ProposalState::Rejected => Err("该分阶段目标已退回".to_string()),
        ProposalState::Superseded => Err("该方案已被牵头单位的新方案取代".to_string()),
    }
}

/// The pending proposal of an indicator, if any.
pub fn pending<'a>(
    proposals: &'a [ScheduleProposal],
    item: u32,
    indicator: &str,
) -> Option<&'a ScheduleProposal> {
    proposals
        .iter()
        .filter(|p| p.is_for(item, indicator) && p.state == ProposalState::Pending)
        .max_by_key(|p| p.id)
}

#[cfg(test)]
mod tests;
