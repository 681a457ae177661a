//! 分阶段目标 as a lead-unit manager types them: one node per line, "2024-06-30 40"
//! (date and cumulative planned amount) or, for a milestone, just its due date. Parsed the
//! same way wherever it is entered; every problem is named with its line, in Chinese.
//! What a lead unit types is a proposal until the 督查室 approves it (`approval`).

pub mod approval;

use chrono::NaiveDate;

use crate::domain::pace::Period;
use crate::domain::plan::{Indicator, IndicatorKind, ScheduleNode};
use crate::domain::report::parse_typed_number;

pub fn parse_schedule(
    text: &str,
    ind: &Indicator,
    period: Period,
) -> Result<Vec<ScheduleNode>, String> {
    let mut nodes: Vec<ScheduleNode> = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let date = parts.next().unwrap_or_default();
        let amount = parts.next();
        if parts.next().is_some() {
            errors.push(format!("第 {n} 行：格式应为“日期 累计目标”"));
            continue;
        }
        let Ok(due_on) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
            errors.push(format!("第 {n} 行：日期“{date}”无效，应写成 2024-06-30"));
            continue;
        };
        if due_on < period.starts_on || due_on > period.ends_on {
            errors.push(format!(
                "第 {n} 行：日期应在计划期 {} 至 {} 之内",
                period.starts_on, period.ends_on
            ));
            continue;
        }
        let planned = match (ind.kind, amount) {
            (IndicatorKind::Milestone, None) => None,
            (IndicatorKind::Milestone, Some(_)) => {
                errors.push(format!("第 {n} 行：节点性任务只需填写应完成日期"));
                continue;
            }
            (_, None) => {
                errors.push(format!("第 {n} 行：请在日期后填写累计目标"));
                continue;
            }
            (_, Some(a)) => match parse_typed_number(a) {
                Some(v) if v >= 0.0 && ind.target.is_none_or(|t| v <= t) => Some(v),
                Some(_) => {
                    errors.push(format!(
                        "第 {n} 行：累计目标应在 0 到全年目标 {} 之间",
                        crate::text::number(ind.target.unwrap_or(0.0))
                    ));
                    continue;
                }
                None => {
                    errors.push(format!("第 {n} 行：“{a}”不是数字"));
                    continue;
                }
            },
        };
        if nodes.iter().any(|x| x.due_on == due_on) {
            errors.push(format!("第 {n} 行：日期 {due_on} 重复"));
            continue;
        }
        nodes.push(ScheduleNode { due_on, planned });
    }
    nodes.sort_by_key(|x| x.due_on);
    if ind.kind == IndicatorKind::Milestone && nodes.len() > 1 {
        errors.push("节点性任务只能设一个应完成日期".to_string());
    }
    if nodes
        .windows(2)
        .any(|w| w[1].planned.unwrap_or(0.0) < w[0].planned.unwrap_or(0.0))
    {
        errors.push("累计目标应随日期递增".to_string());
    }
    if errors.is_empty() {
        Ok(nodes)
    } else {
        Err(errors.join("；"))
    }
}

/// Nodes as the form takes them back: one per line, "2024-06-30 40".
pub fn as_lines(nodes: &[ScheduleNode]) -> String {
    nodes
        .iter()
        .map(|n| match n.planned {
            Some(p) => format!("{} {}", n.due_on, crate::text::number(p)),
            None => n.due_on.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Nodes in one line for lists and the audit: "2024-06-30 40；2024-09-30 60", or
/// "按计划期匀速推进" for none.
pub fn describe(nodes: &[ScheduleNode], unit: &str) -> String {
    if nodes.is_empty() {
        return "按计划期匀速推进".to_string();
    }
    nodes
        .iter()
        .map(|n| match n.planned {
            Some(p) => format!("{} 累计 {}{unit}", n.due_on, crate::text::number(p)),
            None => format!("{} 前完成", n.due_on),
        })
        .collect::<Vec<_>>()
        .join("；")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period() -> Period {
        Period {
            starts_on: "2024-03-15".parse().expect("test value"),
            ends_on: "2024-12-31".parse().expect("test value"),
        }
    }

    /// 30 户, none done: the plan's usual counted target.
    fn count() -> Indicator {
        crate::test_fixtures::count("x", 30.0, 0.0)
    }

    #[test]
    fn lines_become_sorted_nodes() {
        let nodes = parse_schedule("2024-09-30 20\n\n 2024-06-30 １０ \n", &count(), period())
            .expect("test value");
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0].due_on.to_string(), "2024-06-30");
        assert_eq!(nodes[0].planned, Some(10.0));
        assert!(
            parse_schedule("", &count(), period())
                .expect("test value")
                .is_empty()
        );
    }

    #[test]
    fn every_bad_line_is_named() {
        let e = parse_schedule(
            "2024-13-01 5\n2024-01-01 5\n2024-06-30\n2024-07-01 40",
            &count(),
            period(),
        )
        .expect_err("an error");
        assert!(e.contains("第 1 行：日期“2024-13-01”无效"), "{e}");
        assert!(e.contains("第 2 行：日期应在计划期"), "{e}");
        assert!(e.contains("第 3 行：请在日期后填写累计目标"), "{e}");
        assert!(
            e.contains("第 4 行：累计目标应在 0 到全年目标 30 之间"),
            "{e}"
        );
    }

    #[test]
    fn planned_values_must_not_fall() {
        let e = parse_schedule("2024-06-30 20\n2024-09-30 10", &count(), period())
            .expect_err("an error");
        assert!(e.contains("递增"), "{e}");
    }

    #[test]
    fn a_milestone_takes_one_date() {
        let m = Indicator {
            kind: IndicatorKind::Milestone,
            target: None,
            ..count()
        };
        assert_eq!(
            parse_schedule("2024-06-30", &m, period()).expect("test value")[0].planned,
            None
        );
        assert!(parse_schedule("2024-06-30 3", &m, period()).is_err());
        assert!(parse_schedule("2024-06-30\n2024-07-30", &m, period()).is_err());
    }
}
