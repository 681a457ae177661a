//! Loads what the monthly report needs from storage (server side only): the plan as of the
//! month's end and as of the day before it began, paces, and each item's narratives.

use chrono::NaiveDate;

use crate::domain::directive::{EscalationRule, Phase};
use crate::domain::monthly::{ItemNotes, Month, MonthlyReport, build};
use crate::domain::pace::{PaceSettings, plan_paces};
use crate::domain::plan::PlanDetail;
use crate::domain::submission::SubmissionStatus;
use crate::store::{Store, StoreError};

/// Narrative lines per item in a monthly report.
pub const NARRATIVES_PER_ITEM: u32 = 3;

/// `plan` as it stood on `day`.
async fn plan_as_of(
    store: &dyn Store,
    code: &str,
    plan: &PlanDetail,
    day: NaiveDate,
) -> Result<PlanDetail, StoreError> {
    let mut plan = plan.clone();
    crate::store::apply_progress(store, code, &mut plan, day).await?;
    Ok(plan)
}

/// The month's report; `None` when the month lies outside the plan's period. `items`
/// limits the narrative lines read to those items (a unit's draft needs only its own).
pub async fn load(
    store: &dyn Store,
    code: &str,
    month: Month,
    settings: &PaceSettings,
    rule: &EscalationRule,
    items: Option<&[u32]>,
) -> Result<Option<MonthlyReport>, StoreError> {
    let (Some(first), Some(last)) = (month.first_day(), month.last_day()) else {
        return Ok(None);
    };
    let plan = store
        .plan(code)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("没有代码为“{code}”的年度计划。")))?;
    let at_end = plan_as_of(store, code, &plan, last).await?;
    let period = &at_end.summary;
    if last < period.starts_on || first > period.ends_on {
        return Ok(None);
    }
    let as_of = last.min(period.ends_on);
    let before = match first.pred_opt() {
        Some(day) => plan_as_of(store, code, &plan, day).await?,
        None => at_end.clone(),
    };
    let paces = plan_paces(&at_end, as_of, settings);
    let lines = store
        .narratives(code, items, first, as_of, NARRATIVES_PER_ITEM)
        .await?;
    // Difficulties still open at the month's end, and the month's notices.
    let month_end = crate::domain::china_time::day_end(as_of);
    let open: Vec<_> = store
        .difficulties(code, None)
        .await?
        .into_iter()
        .filter(|d| month_end.is_none_or(|end| d.raised_at < end))
        .filter(|d| match (d.resolved_at, month_end) {
            (Some(resolved), Some(end)) => resolved >= end,
            (Some(_), None) => false,
            (None, _) => true,
        })
        .collect();
    let notices: Vec<_> = store
        .directives(code, None)
        .await?
        .into_iter()
        .filter(|n| month_end.is_none_or(|end| n.issued_at < end))
        .collect();
    let evidence = store.evidence_counts(code, first, as_of).await?;
    // Fill once, report many: what a lead unit submitted for the month is the month's text.
    let submitted: Vec<_> = store
        .submissions(code, Some(month))
        .await?
        .into_iter()
        .filter(|s| s.status == SubmissionStatus::Submitted)
        .collect();
    let notes = |item: u32| {
        let mine = lines.iter().filter(|l| l.item == item);
        let sent = submitted.iter().find(|s| s.item == item);
        let (narrative, next_steps): (Vec<String>, Vec<String>) = match sent {
            Some(s) => (
                vec![format!("【{}报送】{}", s.unit, s.text.narrative)],
                (!s.text.next_steps.is_empty())
                    .then(|| s.text.next_steps.clone())
                    .into_iter()
                    .collect(),
            ),
            None => (
                mine.clone()
                    .map(|l| {
                        let on = l.captured_on.format("%m-%d");
                        format!("{on} {}：{}", l.unit, l.narrative)
                    })
                    .collect(),
                mine.clone()
                    .filter(|l| !l.next_steps.trim().is_empty())
                    .map(|l| format!("{}：{}", l.unit, l.next_steps.trim()))
                    .collect(),
            ),
        };
        ItemNotes {
            narrative,
            next_steps,
            difficulties: open
                .iter()
                .filter(|d| d.item == item)
                .map(|d| format!("【{}】{}（{}）", d.status.label(), d.title, d.unit))
                .chain(
                    mine.filter(|l| !l.difficulties.trim().is_empty())
                        .map(|l| format!("{}：{}", l.unit, l.difficulties)),
                )
                .collect(),
            notices: notices
                .iter()
                .filter(|n| n.item == item)
                .map(|n| {
                    // As it stood at the month's end (or today, within the month).
                    let s = n.standing(rule, as_of);
                    let state = match s.phase {
                        Phase::Closed if s.answered_late => "逾期答复，已办结".to_string(),
                        Phase::Closed => "已办结".to_string(),
                        Phase::Answered if s.answered_late => "逾期答复，待办结".to_string(),
                        Phase::Answered => "已回复，待办结".to_string(),
                        Phase::Waiting if s.overdue => "逾期未回复".to_string(),
                        Phase::Waiting => format!("{}前答复", s.deadline),
                    };
                    format!(
                        "{}→{}：{}（{}）",
                        s.colour.label(),
                        n.unit,
                        n.requirement,
                        state
                    )
                })
                .collect(),
            evidence: evidence
                .iter()
                .find(|(n, _)| *n == item)
                .map_or(0, |(_, c)| *c),
        }
    };
    Ok(Some(build(&at_end, &before, &paces, month, as_of, &notes)))
}
