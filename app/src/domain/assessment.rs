//! 考核: each lead unit's monthly score, from what the ledger already knows — completion,
//! pace, weekly updates and the monthly submission on time, 督办单 answered — less fixed
//! deductions for what was missing. Weights and deductions are settings and are printed on
//! the page; every point comes with the facts behind it. Pure and table-tested.
//!
//! The rule, for one unit and month (weights out of 100 by default):
//! - 完成率: the mean percent of target of the items it leads × its weight;
//! - 序时进度: the share of those items on pace (or done) × its weight;
//! - 周台账: updates on time over updates owed × its weight, a late one counting half;
//! - 月度报送: items submitted on time over items due × its weight, late ones half;
//! - 督办答复: 督办单 due that month answered on time over those due × its weight, late
//!   ones half; with nothing owed a part earns its full weight;
//! - less: each missing weekly update, each item not submitted by the due day, each 督办单
//!   unanswered past its deadline, each submission without figures (空报);
//! - never below 0, rounded to one decimal.

use serde::{Deserialize, Serialize};

use crate::domain::account::{Role, Viewer};
use crate::domain::authz::Denied;

/// Who reads the scores: the 督查室 and leaders every unit's (`None`), a unit's manager
/// only its own unit's (`Some(name)`).
pub fn readable_by(viewer: &Viewer, plan: &str) -> Result<Option<String>, Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor | Role::Leader) => Ok(None),
        Some(Role::UnitManager) => Ok(Some(viewer.unit.name.clone())),
        _ => Err(Denied(
            "考核结果由督查室、分管领导和牵头单位查看".to_string(),
        )),
    }
}

/// The weights (summing to 100 by default) and the deductions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreRule {
    pub completion: f64,
    pub pace: f64,
    pub weekly: f64,
    pub monthly: f64,
    pub directives: f64,
    pub missing_weekly: f64,
    pub missing_monthly: f64,
    pub overdue_directive: f64,
    pub empty_submission: f64,
}

impl Default for ScoreRule {
    fn default() -> Self {
        ScoreRule {
            completion: 30.0,
            pace: 30.0,
            weekly: 10.0,
            monthly: 10.0,
            directives: 20.0,
            missing_weekly: 1.0,
            missing_monthly: 2.0,
            overdue_directive: 2.0,
            empty_submission: 1.0,
        }
    }
}

/// The setting's names, in the order the page prints them.
const NAMES: [(&str, &str); 9] = [
    ("completion", "完成率"),
    ("pace", "序时进度"),
    ("weekly", "周台账按时"),
    ("monthly", "月度报送按时"),
    ("directives", "督办答复"),
    ("missing_weekly", "每缺报一次周台账扣"),
    ("missing_monthly", "每项逾期未报月度情况扣"),
    ("overdue_directive", "每份督办单逾期未答复扣"),
    ("empty_submission", "每项空报（无完成情况）扣"),
];

impl ScoreRule {
    fn values(&self) -> [f64; 9] {
        [
            self.completion,
            self.pace,
            self.weekly,
            self.monthly,
            self.directives,
            self.missing_weekly,
            self.missing_monthly,
            self.overdue_directive,
            self.empty_submission,
        ]
    }

    fn set(&mut self, name: &str, value: f64) -> bool {
        let slot = match name {
            "completion" => &mut self.completion,
            "pace" => &mut self.pace,
            "weekly" => &mut self.weekly,
            "monthly" => &mut self.monthly,
            "directives" => &mut self.directives,
            "missing_weekly" => &mut self.missing_weekly,
            "missing_monthly" => &mut self.missing_monthly,
            "overdue_directive" => &mut self.overdue_directive,
            "empty_submission" => &mut self.empty_submission,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// The defaults changed by "name=value,…" (the setting's text); unknown names and
    /// values outside 0–100 are refused, naming them.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rule = ScoreRule::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("“{part}”应写成 名称=数值"))?;
            let value: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && (0.0..=100.0).contains(v))
                .ok_or_else(|| format!("“{part}”的数值应在 0 到 100 之间"))?;
            if !rule.set(name.trim(), value) {
                let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "没有“{}”这一项，可用：{}",
                    name.trim(),
                    known.join("、")
                ));
            }
        }
        Ok(rule)
    }

    /// The rule in words, for the page: "完成率 30 分；…；每缺报一次周台账扣 1 分；…".
    pub fn describe(&self) -> Vec<String> {
        NAMES
            .iter()
            .zip(self.values())
            .map(|((_, label), v)| format!("{label} {} 分", round1(v)))
            .collect()
    }
}

/// What the ledger says about one lead unit in one month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub unit: String,
    /// Per item it leads (not suspended or ended): percent of target at the month's end,
    /// and whether it was on pace (or done).
    pub items: Vec<(u32, f64, bool)>,
    pub weekly_owed: u32,
    pub weekly_on_time: u32,
    pub weekly_late: u32,
    pub weekly_missing: u32,
    /// Per item, once the due day has passed: submitted on time, late, or not.
    pub monthly_on_time: u32,
    pub monthly_late: u32,
    pub monthly_missing: u32,
    /// Submitted without figures.
    pub monthly_empty: u32,
    /// 督办单 whose deadline fell in the month, and how they were answered by its end.
    pub directives_due: u32,
    pub directives_on_time: u32,
    pub directives_late: u32,
    pub directives_unanswered: u32,
}

/// One line of a score: what it is, the facts, the points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub label: String,
    pub facts: String,
    pub points: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub unit: String,
    pub total: f64,
    pub points: Vec<Point>,
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `done` (late ones counting half) over `owed`, or all of it when nothing was owed.
fn share(on_time: u32, late: u32, owed: u32) -> f64 {
    if owed == 0 {
        1.0
    } else {
        (f64::from(on_time) + 0.5 * f64::from(late)) / f64::from(owed)
    }
}

pub fn score(f: &Facts, rule: &ScoreRule) -> Score {
    let led = f.items.len() as u32;
    let mean = if f.items.is_empty() {
        0.0
    } else {
        f.items.iter().map(|(_, p, _)| p.min(100.0)).sum::<f64>() / f64::from(led)
    };
    let on_pace = f.items.iter().filter(|(_, _, ok)| *ok).count() as u32;
    let monthly_due = f.monthly_on_time + f.monthly_late + f.monthly_missing;
    let mut points = vec![
        Point {
            label: "完成率".into(),
            facts: format!("牵头 {led} 项，平均完成 {}%", round1(mean)),
            points: mean / 100.0 * rule.completion,
        },
        Point {
            label: "序时进度".into(),
            facts: format!("{on_pace}/{led} 项达到序时进度"),
            points: share(on_pace, 0, led) * rule.pace,
        },
        Point {
            label: "周台账按时".into(),
            facts: format!(
                "应更新 {} 次：按时 {}，逾期 {}（计一半），缺报 {}",
                f.weekly_owed, f.weekly_on_time, f.weekly_late, f.weekly_missing
            ),
            points: share(f.weekly_on_time, f.weekly_late, f.weekly_owed) * rule.weekly,
        },
        Point {
            label: "月度报送按时".into(),
            facts: format!(
                "应报 {monthly_due} 项：按时 {}，逾期 {}（计一半），未报 {}",
                f.monthly_on_time, f.monthly_late, f.monthly_missing
            ),
            points: share(f.monthly_on_time, f.monthly_late, monthly_due) * rule.monthly,
        },
        Point {
            label: "督办答复".into(),
            facts: format!(
                "本月到期 {} 份：按期答复 {}，逾期答复 {}（计一半），未答复 {}",
                f.directives_due, f.directives_on_time, f.directives_late, f.directives_unanswered
            ),
            points: share(f.directives_on_time, f.directives_late, f.directives_due)
                * rule.directives,
        },
    ];
    for (count, each, label) in [
        (f.weekly_missing, rule.missing_weekly, "缺报周台账"),
        (f.monthly_missing, rule.missing_monthly, "逾期未报月度情况"),
        (
            f.directives_unanswered,
            rule.overdue_directive,
            "督办单逾期未答复",
        ),
        (f.monthly_empty, rule.empty_submission, "空报（无完成情况）"),
    ] {
        if count > 0 && each > 0.0 {
            points.push(Point {
                label: format!("扣分：{label}"),
                facts: format!("{count} 次 × {} 分", round1(each)),
                points: -(f64::from(count) * each),
            });
        }
    }
    for p in &mut points {
        p.points = round1(p.points);
    }
    let total = round1(points.iter().map(|p| p.points).sum::<f64>().max(0.0));
    Score {
        unit: f.unit.clone(),
        total,
        points,
    }
}

/// Scores, highest first (ties by unit name).
pub fn ranking(facts: &[Facts], rule: &ScoreRule) -> Vec<Score> {
    let mut out: Vec<Score> = facts.iter().map(|f| score(f, rule)).collect();
    out.sort_by(|a, b| {
        b.total
            .total_cmp(&a.total)
            .then_with(|| a.unit.cmp(&b.unit))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            unit: "区社会事业发展局".into(),
            // Mean 60 %, two of three on pace.
            items: vec![(1, 100.0, true), (2, 50.0, true), (3, 30.0, false)],
            weekly_owed: 12,
            weekly_on_time: 9,
            weekly_late: 2,
            weekly_missing: 1,
            monthly_on_time: 2,
            monthly_late: 0,
            monthly_missing: 1,
            monthly_empty: 0,
            directives_due: 2,
            directives_on_time: 1,
            directives_late: 1,
            directives_unanswered: 0,
        }
    }

    #[test]
    fn a_hand_worked_score() {
        let s = score(&facts(), &ScoreRule::default());
        let points: Vec<(&str, f64)> = s
            .points
            .iter()
            .map(|p| (p.label.as_str(), p.points))
            .collect();
        // 60 % × 30 = 18; 2/3 × 30 = 20; (9 + 1) / 12 × 10 = 8.3; 2/3 × 10 = 6.7;
        // (1 + 0.5) / 2 × 20 = 15; less 1 missing week × 1 and 1 missing item × 2.
        assert_eq!(
            points,
            [
                ("完成率", 18.0),
                ("序时进度", 20.0),
                ("周台账按时", 8.3),
                ("月度报送按时", 6.7),
                ("督办答复", 15.0),
                ("扣分：缺报周台账", -1.0),
                ("扣分：逾期未报月度情况", -2.0),
            ]
        );
        assert_eq!(s.total, 65.0);
        assert!(
            s.points[2]
                .facts
                .contains("按时 9，逾期 2（计一半），缺报 1")
        );
    }

    #[test]
    fn nothing_owed_earns_the_part_and_nothing_goes_below_zero() {
        let perfect = Facts {
            unit: "u".into(),
            items: vec![(1, 120.0, true)],
            monthly_on_time: 1,
            ..Facts::default()
        };
        // Over 100 % counts as 100; no weeks, no 督办单 owed: full marks.
        assert_eq!(score(&perfect, &ScoreRule::default()).total, 100.0);
        let dismal = Facts {
            unit: "u".into(),
            items: vec![(1, 0.0, false)],
            weekly_owed: 40,
            weekly_missing: 40,
            monthly_missing: 1,
            directives_due: 30,
            directives_unanswered: 30,
            ..Facts::default()
        };
        assert_eq!(score(&dismal, &ScoreRule::default()).total, 0.0);
    }

    #[test]
    fn the_ranking_is_highest_first_and_the_rule_is_a_setting() {
        let mut low = facts();
        low.unit = "乙".into();
        low.weekly_missing = 5;
        let mut high = facts();
        high.unit = "甲".into();
        let ranked = ranking(&[low, high], &ScoreRule::default());
        assert_eq!(ranked[0].unit, "甲");
        let rule = ScoreRule::parse("completion=50, pace=10,missing_weekly=0").expect("ok");
        assert_eq!(
            (rule.completion, rule.pace, rule.missing_weekly),
            (50.0, 10.0, 0.0)
        );
        assert_eq!(rule.weekly, 10.0, "the rest keep their defaults");
        assert!(
            ScoreRule::parse("speed=5")
                .expect_err("an unknown name")
                .contains("没有“speed”这一项")
        );
        assert!(ScoreRule::parse("pace=200").is_err());
        assert!(ScoreRule::parse("pace").is_err());
        assert_eq!(ScoreRule::parse("").expect("empty"), ScoreRule::default());
        let words = ScoreRule::default().describe();
        assert_eq!(words[0], "完成率 30 分");
        assert_eq!(words[5], "每缺报一次周台账扣 1 分");
    }
}
