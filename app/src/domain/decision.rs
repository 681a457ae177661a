//! Plan change control: a promised target changes only through a recorded decision (the
//! body that decided, its document number, the date and the reason: Shaanxi's 2025 rules,
//! art. 18, ask for a 人大常委会 decision and a public notice). From the decision's date on,
//! pace is measured against the new target; before it, against the original one, so the
//! history never changes. Every page shows the original target beside the current one.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::plan::{IndicatorKind, PlanDetail};

/// Longest text of a decision's fields.
pub const MAX_BODY_CHARS: usize = 60;
pub const MAX_DOC_NUMBER_CHARS: usize = 60;
pub const MAX_REASON_CHARS: usize = 500;

/// A recorded decision changing one indicator's target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetDecision {
    pub id: i64,
    pub item: u32,
    pub indicator: String,
    /// 决定机关, e.g. 区人大常委会.
    pub body: String,
    /// 文号.
    pub doc_number: String,
    pub decided_on: NaiveDate,
    pub reason: String,
    pub old_target: f64,
    pub new_target: f64,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A decision as the 督查室 types it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTargetDecision {
    pub item: u32,
    pub indicator: String,
    pub body: String,
    pub doc_number: String,
    pub decided_on: NaiveDate,
    pub reason: String,
    pub new_target: f64,
}

/// Checks a decision against the plan; the indicator's target now (before it), or why not.
pub fn check(plan: &PlanDetail, new: &NewTargetDecision) -> Result<f64, String> {
    let text = |value: &str, max: usize, what: &str| -> Result<(), String> {
        let v = value.trim();
        if v.is_empty() {
            return Err(format!("请填写{what}"));
        }
        if v.chars().count() > max {
            return Err(format!("{what}不能超过 {max} 个字"));
        }
        Ok(())
    };
    text(&new.body, MAX_BODY_CHARS, "决定机关")?;
    text(&new.doc_number, MAX_DOC_NUMBER_CHARS, "文号")?;
    text(&new.reason, MAX_REASON_CHARS, "调整理由")?;
    let item = plan
        .item(new.item)
        .ok_or_else(|| format!("该计划中没有第 {} 项", new.item))?;
    let ind = item
        .indicators
        .iter()
        .find(|i| i.code == new.indicator)
        .ok_or_else(|| "该项目没有这个指标".to_string())?;
    let current = match (ind.kind, ind.target) {
        (IndicatorKind::Milestone, _) | (_, None) => {
            return Err("该指标没有数值目标，不能调整".to_string());
        }
        (_, Some(t)) => t,
    };
    if !(new.new_target.is_finite() && new.new_target > 0.0) {
        return Err("新目标应为大于 0 的数".to_string());
    }
    if (new.new_target - current).abs() < 1e-9 {
        return Err("新目标与现行目标相同".to_string());
    }
    if new.decided_on < plan.summary.issued_on.min(plan.summary.starts_on)
        || new.decided_on > plan.summary.ends_on
    {
        return Err(format!(
            "决定日期应在 {} 至 {} 之间",
            plan.summary.starts_on, plan.summary.ends_on
        ));
    }
    Ok(current)
}

/// Puts the decisions in effect on `day` into the plan: each indicator's target becomes the
/// one of its latest decision dated on or before `day`, and `original_target` keeps the
/// promise as published. Decisions after `day` change nothing (the history stays).
pub fn apply(plan: &mut PlanDetail, decisions: &[TargetDecision], day: NaiveDate) {
    // From the published targets, whatever day the plan was last seen on.
    for ind in plan.items.iter_mut().flat_map(|i| i.indicators.iter_mut()) {
        if let Some(original) = ind.original_target.take() {
            ind.target = Some(original);
        }
    }
    let mut in_effect: Vec<&TargetDecision> =
        decisions.iter().filter(|d| d.decided_on <= day).collect();
    in_effect.sort_by_key(|d| (d.decided_on, d.id));
    for d in in_effect {
        if let Some(ind) = plan
            .items
            .iter_mut()
            .find(|i| i.number == d.item)
            .and_then(|i| i.indicators.iter_mut().find(|x| x.code == d.indicator))
        {
            if ind.original_target.is_none() {
                ind.original_target = ind.target;
            }
            ind.target = Some(d.new_target);
        }
    }
}

/// What a decision does to a whole item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ItemDecisionKind {
    /// 暂停实施: no colour and no weekly updates owed until resumed.
    Suspend,
    /// 恢复实施.
    Resume,
    /// 终止实施: for good.
    End,
}

impl ItemDecisionKind {
    pub const ALL: [ItemDecisionKind; 3] = [
        ItemDecisionKind::Suspend,
        ItemDecisionKind::Resume,
        ItemDecisionKind::End,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemDecisionKind::Suspend => "suspend",
            ItemDecisionKind::Resume => "resume",
            ItemDecisionKind::End => "end",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemDecisionKind::Suspend => "暂停实施",
            ItemDecisionKind::Resume => "恢复实施",
            ItemDecisionKind::End => "终止实施",
        }
    }
}

/// A recorded decision suspending, resuming or ending an item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemDecision {
    pub id: i64,
    pub item: u32,
    pub kind: ItemDecisionKind,
    pub body: String,
    pub doc_number: String,
    pub decided_on: NaiveDate,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// An item's decision as the 督查室 types it.
#[derive(Clone, Debug, PartialEq)]
pub struct NewItemDecision {
    pub item: u32,
    pub kind: ItemDecisionKind,
    pub body: String,
    pub doc_number: String,
    pub decided_on: NaiveDate,
    pub reason: String,
}

/// An item suspended or ended on the day seen, and the decision that did it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemHalt {
    pub item: u32,
    /// `Suspend` or `End`.
    pub kind: ItemDecisionKind,
    pub since: NaiveDate,
    pub body: String,
    pub doc_number: String,
}

impl ItemHalt {
    /// The status the item shows instead of a colour.
    pub fn status(&self) -> crate::domain::pace::PaceStatus {
        match self.kind {
            ItemDecisionKind::End => crate::domain::pace::PaceStatus::Ended,
            _ => crate::domain::pace::PaceStatus::Suspended,
        }
    }

    /// "经区人大常委会（太人常〔2024〕6号）决定，自 2024-08-01 起暂停实施".
    pub fn explanation(&self) -> String {
        format!(
            "经{}（{}）决定，自 {} 起{}",
            self.body,
            self.doc_number,
            self.since,
            self.kind.label()
        )
    }
}

/// The item's state on a day from its decisions (in date order): the latest suspension or
/// end not followed by a resumption, if any.
fn halt_on(decisions: &[&ItemDecision], day: NaiveDate) -> Option<ItemHalt> {
    let mut halt = None;
    for d in decisions.iter().filter(|d| d.decided_on <= day) {
        halt = match d.kind {
            ItemDecisionKind::Resume => None,
            kind => Some(ItemHalt {
                item: d.item,
                kind,
                since: d.decided_on,
                body: d.body.clone(),
                doc_number: d.doc_number.clone(),
            }),
        };
    }
    halt
}

/// Puts the item decisions in effect on `day` into the plan (`PlanDetail::halts`).
pub fn apply_items(plan: &mut PlanDetail, decisions: &[ItemDecision], day: NaiveDate) {
    let mut sorted: Vec<&ItemDecision> = decisions.iter().collect();
    sorted.sort_by_key(|d| (d.decided_on, d.id));
    plan.halts = plan
        .items
        .iter()
        .filter_map(|item| {
            let mine: Vec<&ItemDecision> = sorted
                .iter()
                .copied()
                .filter(|d| d.item == item.number)
                .collect();
            halt_on(&mine, day)
        })
        .collect();
}

/// Checks an item decision against the item's state on its date (`halts` as of then): a
/// suspension needs a running item, a resumption a suspended one, and an ended item takes
/// no further decision.
pub fn check_item(plan: &PlanDetail, new: &NewItemDecision) -> Result<(), String> {
    let text = |value: &str, max: usize, what: &str| -> Result<(), String> {
        let v = value.trim();
        if v.is_empty() {
            return Err(format!("请填写{what}"));
        }
        if v.chars().count() > max {
            return Err(format!("{what}不能超过 {max} 个字"));
        }
        Ok(())
    };
    text(&new.body, MAX_BODY_CHARS, "决定机关")?;
    text(&new.doc_number, MAX_DOC_NUMBER_CHARS, "文号")?;
    text(&new.reason, MAX_REASON_CHARS, "理由")?;
    plan.item(new.item)
        .ok_or_else(|| format!("该计划中没有第 {} 项", new.item))?;
    if new.decided_on < plan.summary.issued_on.min(plan.summary.starts_on)
        || new.decided_on > plan.summary.ends_on
    {
        return Err(format!(
            "决定日期应在 {} 至 {} 之间",
            plan.summary.starts_on, plan.summary.ends_on
        ));
    }
    let state = plan.halt_of(new.item).map(|h| h.kind);
    match (state, new.kind) {
        (Some(ItemDecisionKind::End), _) => Err("该项目已终止实施".to_string()),
        (Some(_), ItemDecisionKind::Suspend) => Err("该项目已暂停实施".to_string()),
        (None, ItemDecisionKind::Resume) => Err("该项目未暂停，无需恢复".to_string()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{count, d, item, plan, unit};

    fn decision(id: i64, on: &str, new_target: f64) -> TargetDecision {
        TargetDecision {
            id,
            item: 1,
            indicator: "seats".into(),
            body: "区人大常委会".into(),
            doc_number: "太人常〔2024〕5号".into(),
            decided_on: d(on),
            reason: "用地调整".into(),
            old_target: 0.0,
            new_target,
            recorded_by: "ducha".into(),
            recorded_at: Utc::now(),
        }
    }

    fn the_plan() -> PlanDetail {
        plan(vec![item(
            1,
            "学位",
            unit(1, "区教育局"),
            vec![count("seats", 1080.0, 500.0)],
        )])
    }

    #[test]
    fn the_target_in_effect_is_the_latest_decision_on_or_before_the_day() {
        let decisions = [
            decision(1, "2024-07-01", 900.0),
            decision(2, "2024-10-01", 950.0),
        ];
        // (day seen) → (target, original)
        let cases = [
            ("2024-06-30", 1080.0, None),
            ("2024-07-01", 900.0, Some(1080.0)),
            ("2024-09-30", 900.0, Some(1080.0)),
            ("2024-12-31", 950.0, Some(1080.0)),
        ];
        let mut seen_late = the_plan();
        apply(&mut seen_late, &decisions, d("2024-12-31"));
        for (day, target, original) in cases {
            let mut p = the_plan();
            apply(&mut p, &decisions, d(day));
            // A plan already seen on a later day gives the same answer.
            let mut again = seen_late.clone();
            apply(&mut again, &decisions, d(day));
            assert_eq!(again, p, "{day}");
            let ind = &p.items[0].indicators[0];
            assert_eq!(ind.target, Some(target), "{day}");
            assert_eq!(ind.original_target, original, "{day}");
        }
    }

    #[test]
    fn a_decision_needs_its_body_number_reason_and_a_real_change() {
        let p = the_plan();
        let good = NewTargetDecision {
            item: 1,
            indicator: "seats".into(),
            body: "区人大常委会".into(),
            doc_number: "太人常〔2024〕5号".into(),
            decided_on: d("2024-07-01"),
            reason: "用地调整".into(),
            new_target: 900.0,
        };
        assert_eq!(check(&p, &good), Ok(1080.0));
        let bad = [
            NewTargetDecision {
                body: " ".into(),
                ..good.clone()
            },
            NewTargetDecision {
                doc_number: String::new(),
                ..good.clone()
            },
            NewTargetDecision {
                reason: String::new(),
                ..good.clone()
            },
            NewTargetDecision {
                new_target: 1080.0,
                ..good.clone()
            },
            NewTargetDecision {
                new_target: -1.0,
                ..good.clone()
            },
            NewTargetDecision {
                new_target: f64::NAN,
                ..good.clone()
            },
            NewTargetDecision {
                indicator: "nope".into(),
                ..good.clone()
            },
            NewTargetDecision {
                item: 9,
                ..good.clone()
            },
            NewTargetDecision {
                decided_on: d("2025-02-01"),
                ..good.clone()
            },
        ];
        for b in bad {
            assert!(check(&p, &b).is_err(), "{b:?}");
        }
    }

    fn item_decision(id: i64, on: &str, kind: ItemDecisionKind) -> ItemDecision {
        ItemDecision {
            id,
            item: 1,
            kind,
            body: "区人大常委会".into(),
            doc_number: format!("太人常〔2024〕{id}号"),
            decided_on: d(on),
            reason: "r".into(),
            recorded_by: "ducha".into(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn an_item_is_suspended_resumed_or_ended_from_each_decisions_date() {
        use ItemDecisionKind::*;
        let decisions = [
            item_decision(1, "2024-05-01", Suspend),
            item_decision(2, "2024-07-01", Resume),
            item_decision(3, "2024-10-01", End),
        ];
        // (day) → state
        let cases = [
            ("2024-04-30", None),
            ("2024-05-01", Some(Suspend)),
            ("2024-06-30", Some(Suspend)),
            ("2024-07-01", None),
            ("2024-10-01", Some(End)),
        ];
        for (day, expected) in cases {
            let mut p = the_plan();
            apply_items(&mut p, &decisions, d(day));
            assert_eq!(p.halt_of(1).map(|h| h.kind), expected, "{day}");
        }
        let mut p = the_plan();
        apply_items(&mut p, &decisions, d("2024-06-01"));
        let paces = crate::domain::pace::plan_paces(&p, d("2024-06-01"), &Default::default());
        assert_eq!(paces[0].status, crate::domain::pace::PaceStatus::Suspended);
        assert_eq!(
            paces[0].reason(),
            "经区人大常委会（太人常〔2024〕1号）决定，自 2024-05-01 起暂停实施"
        );
    }

    #[test]
    fn an_item_decision_must_fit_the_items_state() {
        use ItemDecisionKind::*;
        let new = |kind| NewItemDecision {
            item: 1,
            kind,
            body: "区人大常委会".into(),
            doc_number: "太人常〔2024〕6号".into(),
            decided_on: d("2024-08-01"),
            reason: "用地调整".into(),
        };
        let running = the_plan();
        assert!(check_item(&running, &new(Suspend)).is_ok());
        assert!(check_item(&running, &new(End)).is_ok());
        assert!(check_item(&running, &new(Resume)).is_err());
        let mut suspended = the_plan();
        apply_items(
            &mut suspended,
            &[item_decision(1, "2024-05-01", Suspend)],
            d("2024-08-01"),
        );
        assert!(check_item(&suspended, &new(Resume)).is_ok());
        assert!(check_item(&suspended, &new(Suspend)).is_err());
        let mut ended = the_plan();
        apply_items(
            &mut ended,
            &[item_decision(1, "2024-05-01", End)],
            d("2024-08-01"),
        );
        assert!(check_item(&ended, &new(Resume)).is_err());
        assert!(
            check_item(
                &running,
                &NewItemDecision {
                    doc_number: " ".into(),
                    ..new(Suspend)
                }
            )
            .is_err()
        );
    }
}
