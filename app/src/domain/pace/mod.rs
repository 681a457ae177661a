//! 序时进度与三色: pace and colour, computed from the plan period, the targets and accepted
//! progress — never declared by the unit. Pure functions, table-tested natively; every
//! status carries the sentence that explains how it was reached.
//!
//! Planned-to-date is the target times the elapsed share of the period (plan start →
//! deadline) unless schedule nodes (分阶段目标, approved by the 督查室) are in force, in which case the plan
//! runs through them piecewise linearly. Behind pace is measured in percentage points of
//! the target, so one threshold fits 30 户 and 1,173 家 alike.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::plan::{Indicator, IndicatorKind, PlanDetail, ScheduleNode};

/// The thresholds of the three colours; settings of the deployment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaceSettings {
    /// Behind planned-to-date by more than this many percentage points: 黄.
    pub yellow_lag: f64,
    /// Behind by at least this many points: 红.
    pub red_lag: f64,
    /// Deadline within this many days and not done: 蓝.
    pub near_days: i64,
}

impl Default for PaceSettings {
    fn default() -> Self {
        PaceSettings {
            yellow_lag: 5.0,
            red_lag: 20.0,
            near_days: 30,
        }
    }
}

/// The status of an indicator or item, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PaceStatus {
    /// 已完成
    Done,
    /// 正常: on pace.
    OnPace,
    /// 蓝: on pace but the deadline is near.
    Near,
    /// 黄: behind pace.
    Behind,
    /// 红: seriously behind, or past the deadline.
    Serious,
    /// 暂停: suspended by a recorded decision (`domain::decision`); no colour, no updates owed.
    Suspended,
    /// 终止: ended by a recorded decision.
    Ended,
}

impl PaceStatus {
    pub fn label(self) -> &'static str {
        match self {
            PaceStatus::Done => "已完成",
            PaceStatus::OnPace => "正常",
            PaceStatus::Near => "蓝",
            PaceStatus::Behind => "黄",
            PaceStatus::Serious => "红",
            PaceStatus::Suspended => "暂停",
            PaceStatus::Ended => "终止",
        }
    }

    /// A longer label for lists and the 通报.
    pub fn long_label(self) -> &'static str {
        match self {
            PaceStatus::Done => "已完成",
            PaceStatus::OnPace => "按序时推进",
            PaceStatus::Near => "临近期限（蓝）",
            PaceStatus::Behind => "慢于序时（黄）",
            PaceStatus::Serious => "严重滞后（红）",
            PaceStatus::Suspended => "已暂停实施",
            PaceStatus::Ended => "已终止实施",
        }
    }

    /// The CSS class and stable API name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaceStatus::Done => "done",
            PaceStatus::OnPace => "on_pace",
            PaceStatus::Near => "blue",
            PaceStatus::Behind => "yellow",
            PaceStatus::Serious => "red",
            PaceStatus::Suspended => "suspended",
            PaceStatus::Ended => "ended",
        }
    }

    /// Whether the item keeps to its schedule (按序时) for the monthly 通报.
    pub fn on_schedule(self) -> bool {
        matches!(self, PaceStatus::OnPace | PaceStatus::Near)
    }
}

/// An indicator's pace on a given day, with its explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Pace {
    pub status: PaceStatus,
    /// Share of the target reached, 0–100.
    pub percent: f64,
    /// Share that should have been reached by now, 0–100 (none for milestones).
    pub planned_percent: Option<f64>,
    pub deadline: NaiveDate,
    /// How the status was computed, in Chinese.
    pub explanation: String,
}

/// The period an indicator runs over: the plan's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

fn fmt(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Planned cumulative value on `as_of`: linear from 0 at the start through the schedule
/// nodes to the target at the end (nodes after the end or beyond the target are clamped).
pub fn planned_value(
    target: f64,
    schedule: &[ScheduleNode],
    period: Period,
    as_of: NaiveDate,
) -> f64 {
    let mut points = vec![(period.starts_on, 0.0)];
    let mut nodes: Vec<&ScheduleNode> = schedule
        .iter()
        .filter(|n| n.due_on > period.starts_on && n.due_on <= period.ends_on)
        .collect();
    nodes.sort_by_key(|n| n.due_on);
    for n in nodes {
        points.push((n.due_on, n.planned.unwrap_or(target).clamp(0.0, target)));
    }
    if points.last().is_some_and(|(d, _)| *d < period.ends_on) {
        points.push((period.ends_on, target));
    }
    if as_of <= period.starts_on {
        return 0.0;
    }
    for pair in points.windows(2) {
        let ((d0, v0), (d1, v1)) = (pair[0], pair[1]);
        if as_of <= d1 {
            let span = days(d0, d1).max(1) as f64;
            return v0 + (v1 - v0) * days(d0, as_of) as f64 / span;
        }
    }
    points.last().map_or(target, |(_, v)| *v)
}

/// The pace of one indicator on `as_of`. `actual` and `done_on` come from accepted reports
/// captured on or before `as_of`.
pub fn indicator_pace(
    ind: &Indicator,
    period: Period,
    as_of: NaiveDate,
    settings: &PaceSettings,
) -> Pace {
    if ind.kind == IndicatorKind::Milestone {
        return milestone_pace(ind, period, as_of, settings);
    }
    let target = ind.target.unwrap_or(0.0);
    let deadline = period.ends_on;
    let unit = ind.unit.as_deref().unwrap_or("");
    let percent = if target > 0.0 {
        (ind.actual / target * 100.0).clamp(0.0, 100.0)
    } else {
        100.0
    };
    let planned = planned_value(target, &ind.schedule, period, as_of);
    let planned_percent = if target > 0.0 {
        (planned / target * 100.0).clamp(0.0, 100.0)
    } else {
        100.0
    };
    let elapsed = days(period.starts_on, as_of).clamp(0, days(period.starts_on, deadline));
    let total = days(period.starts_on, deadline).max(1);
    let basis = if ind.schedule.is_empty() {
        format!(
            "计划期 {} 至 {}，已过 {elapsed}/{total} 天，序时应完成 {}{unit}（{}%）",
            period.starts_on,
            deadline,
            fmt(planned),
            fmt(planned_percent)
        )
    } else {
        format!(
            "按分阶段目标，截至 {as_of} 应完成 {}{unit}（{}%）",
            fmt(planned),
            fmt(planned_percent)
        )
    };
    let actual = format!("实际完成 {}{unit}（{}%）", fmt(ind.actual), fmt(percent));
    let lag = planned_percent - percent;
    let days_left = days(as_of, deadline);
    let (status, verdict) = if target > 0.0 && ind.actual >= target {
        (PaceStatus::Done, "已达到目标".to_string())
    } else if as_of > deadline {
        (
            PaceStatus::Serious,
            format!("已过截止日期 {deadline} 仍未完成"),
        )
    } else if lag >= settings.red_lag {
        (
            PaceStatus::Serious,
            format!(
                "落后序时 {} 个百分点，达到红色阈值 {}",
                fmt(lag),
                fmt(settings.red_lag)
            ),
        )
    } else if lag > settings.yellow_lag {
        (
            PaceStatus::Behind,
            format!(
                "落后序时 {} 个百分点，超过黄色阈值 {}",
                fmt(lag),
                fmt(settings.yellow_lag)
            ),
        )
    } else if days_left <= settings.near_days {
        (
            PaceStatus::Near,
            format!(
                "距截止日期还有 {days_left} 天（蓝色提醒期 {} 天）",
                settings.near_days
            ),
        )
    } else if lag > 0.0 {
        (
            PaceStatus::OnPace,
            format!(
                "落后 {} 个百分点，在黄色阈值 {} 以内",
                fmt(lag),
                fmt(settings.yellow_lag)
            ),
        )
    } else {
        (PaceStatus::OnPace, "不慢于序时进度".to_string())
    };
    Pace {
        status,
        percent,
        planned_percent: Some(planned_percent),
        deadline,
        explanation: format!("{basis}；{actual}；{verdict} → {}", status.label()),
    }
}

fn milestone_pace(
    ind: &Indicator,
    period: Period,
    as_of: NaiveDate,
    settings: &PaceSettings,
) -> Pace {
    let deadline = ind
        .schedule
        .iter()
        .map(|n| n.due_on)
        .filter(|d| *d >= period.starts_on)
        .min()
        .unwrap_or(period.ends_on)
        .min(period.ends_on);
    let done = ind.done_on.filter(|d| *d <= as_of);
    let days_left = days(as_of, deadline);
    let (status, verdict) = match done {
        Some(on) => (PaceStatus::Done, format!("已于 {on} 完成")),
        None if as_of > deadline => (
            PaceStatus::Serious,
            format!("已过截止日期 {deadline} 仍未完成"),
        ),
        None if days_left <= settings.near_days => (
            PaceStatus::Near,
            format!("尚未完成，距截止日期 {deadline} 还有 {days_left} 天"),
        ),
        None => (PaceStatus::OnPace, format!("尚未完成，截止日期 {deadline}")),
    };
    Pace {
        status,
        percent: if done.is_some() { 100.0 } else { 0.0 },
        planned_percent: None,
        deadline,
        explanation: format!("节点性任务：{verdict} → {}", status.label()),
    }
}

/// An item's status: the worst of its indicators; done only when every one is.
pub fn item_status(paces: &[Pace]) -> PaceStatus {
    paces
        .iter()
        .map(|p| p.status)
        .max()
        .unwrap_or(PaceStatus::OnPace)
}

/// An item's pace: its status and each indicator's, in indicator order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemPace {
    pub item: u32,
    pub status: PaceStatus,
    pub indicators: Vec<Pace>,
}

impl ItemPace {
    /// The explanation of the indicator that decided the item's colour.
    pub fn reason(&self) -> &str {
        self.indicators
            .iter()
            .find(|p| p.status == self.status)
            .map_or("", |p| p.explanation.as_str())
    }
}

/// Every item's pace on `as_of`; the plan's indicators must carry progress as of that day.
pub fn plan_paces(plan: &PlanDetail, as_of: NaiveDate, settings: &PaceSettings) -> Vec<ItemPace> {
    let period = Period {
        starts_on: plan.summary.starts_on,
        ends_on: plan.summary.ends_on,
    };
    plan.items
        .iter()
        .map(|item| {
            let indicators: Vec<Pace> = item
                .indicators
                .iter()
                .map(|ind| indicator_pace(ind, period, as_of, settings))
                .collect();
            match plan.halt_of(item.number) {
                // Suspended or ended by a decision: that, instead of a colour, on every
                // indicator too, with the decision that says so.
                Some(halt) => ItemPace {
                    item: item.number,
                    status: halt.status(),
                    indicators: indicators
                        .into_iter()
                        .map(|p| Pace {
                            status: halt.status(),
                            explanation: halt.explanation(),
                            ..p
                        })
                        .collect(),
                },
                None => ItemPace {
                    item: item.number,
                    status: item_status(&indicators),
                    indicators,
                },
            }
        })
        .collect()
}

/// How many items have each status, worst last: for the summary line and the 通报.
pub fn status_counts(paces: &[ItemPace]) -> Vec<(PaceStatus, usize)> {
    [
        PaceStatus::Done,
        PaceStatus::OnPace,
        PaceStatus::Near,
        PaceStatus::Behind,
        PaceStatus::Serious,
        PaceStatus::Suspended,
        PaceStatus::Ended,
    ]
    .into_iter()
    .map(|s| (s, paces.iter().filter(|p| p.status == s).count()))
    // Suspended and ended items are rare: listed only when there are some.
    .filter(|(s, n)| *n > 0 || !matches!(s, PaceStatus::Suspended | PaceStatus::Ended))
    .collect()
}

#[cfg(test)]
mod tests;
