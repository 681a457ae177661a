//! 满意度测评: the year-end evaluation of each item by deputies or a panel. The result per
//! item follows the rule in force, as a pure function of the ballots' counts:
//! 满意 if more than half chose 满意; otherwise 基本满意 if 满意 and 基本满意 together are
//! more than half; otherwise 不满意. "Half" is a setting for each step (a district may
//! require two thirds). Public ratings (`domain::feedback`) are shown beside the panel's
//! result and never counted in it.

use serde::{Deserialize, Serialize};

use crate::domain::feedback::{Rating, RatingCounts};

/// The shares the rule compares against; a share must be exceeded, not reached.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TallyRule {
    /// 满意 needs more than this share of ballots choosing 满意.
    pub satisfied_above: f64,
    /// 基本满意 needs more than this share choosing 满意 or 基本满意.
    pub basic_above: f64,
}

impl Default for TallyRule {
    fn default() -> Self {
        TallyRule {
            satisfied_above: 0.5,
            basic_above: 0.5,
        }
    }
}

impl TallyRule {
    /// A rule whose shares lie in [0, 1), the 满意 one no lower than the 基本满意 one
    /// (otherwise an item could be 满意 without being 基本满意).
    pub fn checked(satisfied_above: f64, basic_above: f64) -> Result<Self, String> {
        let share = |x: f64| x.is_finite() && (0.0..1.0).contains(&x);
        if !share(satisfied_above) || !share(basic_above) {
            return Err("测评规则的比例应在 0 和 1 之间（如 0.5 表示过半数）".to_string());
        }
        if satisfied_above < basic_above {
            return Err("“满意”的比例不能低于“基本满意”的比例".to_string());
        }
        Ok(TallyRule {
            satisfied_above,
            basic_above,
        })
    }

    /// The rule in words, for the results page.
    pub fn describe(&self) -> String {
        let share = |x: f64| {
            if (x - 0.5).abs() < 1e-9 {
                "半数".to_string()
            } else {
                format!("{}%", (x * 1000.0).round() / 10.0)
            }
        };
        format!(
            "选“满意”的超过{}为满意；选“满意”和“基本满意”的合计超过{}为基本满意；其余为不满意。",
            share(self.satisfied_above),
            share(self.basic_above)
        )
    }
}

/// An item's result from its ballots; `None` when nobody rated it.
pub fn tally(counts: &RatingCounts, rule: &TallyRule) -> Option<Rating> {
    let n = counts.total();
    if n == 0 {
        return None;
    }
    // A small tolerance keeps exactly the share from counting as more than it when the
    // product is not exact in floating point (6 of 9 at two thirds).
    let above = |votes: u64, share: f64| (votes as f64) > share * n as f64 + 1e-9;
    if above(counts.satisfied, rule.satisfied_above) {
        Some(Rating::Satisfied)
    } else if above(counts.satisfied + counts.basic, rule.basic_above) {
        Some(Rating::Basic)
    } else {
        Some(Rating::Unsatisfied)
    }
}

/// A plan's evaluation window, with the rule it is tallied by (fixed when it opened).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: i64,
    pub rule: TallyRule,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Evaluation {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }
}

/// Longest paper ballot number.
pub const MAX_BALLOT_NUMBER_CHARS: usize = 20;

/// A paper ballot's number as typed: trimmed, 1–20 letters, digits or dashes (what is
/// printed on a ballot: "2024-017").
pub fn check_ballot_number(typed: &str) -> Result<String, String> {
    let n = typed.trim();
    if n.is_empty() {
        return Err("请填写选票编号".to_string());
    }
    if n.chars().count() > MAX_BALLOT_NUMBER_CHARS
        || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(format!(
            "选票编号应为 {MAX_BALLOT_NUMBER_CHARS} 个以内的字母、数字或“-”"
        ));
    }
    Ok(n.to_string())
}

/// A ballot rates every item of the plan exactly once; says which are missing or repeated.
pub fn check_ballot(
    plan: &crate::domain::plan::PlanDetail,
    ratings: &[(u32, Rating)],
) -> Result<(), String> {
    let mut missing = Vec::new();
    for item in &plan.items {
        match ratings.iter().filter(|(n, _)| *n == item.number).count() {
            1 => {}
            0 => missing.push(item.number.to_string()),
            _ => return Err(format!("第 {} 项评价了不止一次", item.number)),
        }
    }
    if let Some((n, _)) = ratings.iter().find(|(n, _)| plan.item(*n).is_none()) {
        return Err(format!("该计划中没有第 {n} 项"));
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "请对每个项目作出评价：第 {} 项尚未选择",
            missing.join("、")
        ))
    }
}

/// One item's line of the results: the panel's counts and result, and beside it (never
/// counted in it) the public's ratings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    pub item: u32,
    pub title: String,
    pub panel: RatingCounts,
    pub result: Option<Rating>,
    pub public: RatingCounts,
}

/// The results table of a plan: every item, in order.
pub fn results(
    plan: &crate::domain::plan::PlanDetail,
    panel: &[(u32, RatingCounts)],
    public: &[(u32, RatingCounts)],
    rule: &TallyRule,
) -> Vec<ItemResult> {
    let find = |list: &[(u32, RatingCounts)], n: u32| {
        list.iter()
            .find_map(|(i, c)| (*i == n).then(|| c.clone()))
            .unwrap_or_default()
    };
    plan.items
        .iter()
        .map(|item| {
            let counts = find(panel, item.number);
            ItemResult {
                item: item.number,
                title: item.title.clone(),
                result: tally(&counts, rule),
                panel: counts,
                public: find(public, item.number),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(satisfied: u64, basic: u64, unsatisfied: u64) -> RatingCounts {
        RatingCounts {
            satisfied,
            basic,
            unsatisfied,
        }
    }

    #[test]
    fn the_rule_in_force_decides_each_item() {
        use Rating::*;
        let half = TallyRule::default();
        let two_thirds = TallyRule::checked(2.0 / 3.0, 2.0 / 3.0).expect("valid");
        // (满意, 基本满意, 不满意), rule → result
        type Case<'a> = ((u64, u64, u64), &'a TallyRule, Option<Rating>);
        let cases: [Case; 14] = [
            ((0, 0, 0), &half, None),
            ((1, 0, 0), &half, Some(Satisfied)),
            ((3, 1, 0), &half, Some(Satisfied)),
            // Exactly half is not more than half.
            ((2, 2, 0), &half, Some(Basic)),
            ((3, 0, 3), &half, Some(Unsatisfied)),
            ((1, 1, 2), &half, Some(Unsatisfied)),
            ((1, 2, 2), &half, Some(Basic)),
            ((5, 0, 4), &half, Some(Satisfied)),
            ((0, 5, 4), &half, Some(Basic)),
            ((0, 0, 9), &half, Some(Unsatisfied)),
            // Two thirds: 5 of 9 is not enough for 满意, 6 of 9 is exactly two thirds.
            ((5, 0, 4), &two_thirds, Some(Unsatisfied)),
            ((6, 0, 3), &two_thirds, Some(Unsatisfied)),
            ((7, 0, 2), &two_thirds, Some(Satisfied)),
            ((4, 3, 2), &two_thirds, Some(Basic)),
        ];
        for ((s, b, u), rule, expected) in cases {
            assert_eq!(
                tally(&counts(s, b, u), rule),
                expected,
                "满意 {s}, 基本满意 {b}, 不满意 {u}, rule {rule:?}"
            );
        }
    }

    #[test]
    fn a_rule_must_make_sense() {
        assert!(TallyRule::checked(0.5, 0.5).is_ok());
        assert!(TallyRule::checked(1.0, 0.5).is_err());
        assert!(TallyRule::checked(0.4, 0.5).is_err());
        assert!(TallyRule::checked(f64::NAN, 0.5).is_err());
        assert_eq!(
            TallyRule::default().describe(),
            "选“满意”的超过半数为满意；选“满意”和“基本满意”的合计超过半数为基本满意；其余为不满意。"
        );
    }

    #[test]
    fn a_ballot_rates_every_item_once_and_its_number_is_plain() {
        use crate::test_fixtures::{count, item, plan, unit};
        let plan = plan(
            (1..=3)
                .map(|n| {
                    item(
                        n,
                        "项目",
                        unit(1, "区社会事业发展局"),
                        vec![count("x", 1.0, 0.0)],
                    )
                })
                .collect(),
        );
        let all: Vec<(u32, Rating)> = plan
            .items
            .iter()
            .map(|i| (i.number, Rating::Basic))
            .collect();
        assert!(check_ballot(&plan, &all).is_ok());
        let short = &all[1..];
        assert_eq!(
            check_ballot(&plan, short),
            Err("请对每个项目作出评价：第 1 项尚未选择".to_string())
        );
        let mut twice = all.clone();
        twice.push((3, Rating::Satisfied));
        assert!(check_ballot(&plan, &twice).is_err());
        let mut stranger = all.clone();
        stranger.push((99, Rating::Satisfied));
        assert!(check_ballot(&plan, &stranger).is_err());
        assert_eq!(
            check_ballot_number(" 2024-017 "),
            Ok("2024-017".to_string())
        );
        for bad in ["", "  ", "第一张", "a b", &"9".repeat(21)] {
            assert!(check_ballot_number(bad).is_err(), "{bad}");
        }
    }
}
