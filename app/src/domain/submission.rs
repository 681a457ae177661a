//! 每月报送: what a lead unit reports to the 督查室 each month for each item it leads —
//! the figures, the month's progress and 下步计划 — due by a day of the next month (a
//! setting, the 5th by default). Fill once, report many: the draft starts from the month's
//! accepted reports (the monthly report's figures and lines), the unit edits it and submits
//! it, and the 月报 and 通报 use the submitted text. Wire types and the pure rules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::china_time::day_at;
use crate::domain::monthly::{Month, MonthlyItem};

pub const DEFAULT_DUE_DAY: u32 = 5;
/// Longest figures text, progress text and 下步计划, in characters.
pub const MAX_FIGURES: usize = 1000;
pub const MAX_NARRATIVE: usize = 2000;
pub const MAX_NEXT_STEPS: usize = 1000;

/// When the month's submission is due: day `due_day` of the next month (setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionSettings {
    pub due_day: u32,
}

impl Default for SubmissionSettings {
    fn default() -> Self {
        SubmissionSettings {
            due_day: DEFAULT_DUE_DAY,
        }
    }
}

impl SubmissionSettings {
    /// The settings, or why the day makes no sense (1 to 28: every month has it).
    pub fn checked(due_day: u32) -> Result<Self, String> {
        if (1..=28).contains(&due_day) {
            Ok(SubmissionSettings { due_day })
        } else {
            Err("月度报送截止日应在 1 到 28 之间".to_string())
        }
    }

    /// The last day to submit `month`'s report.
    pub fn due_on(&self, month: Month) -> NaiveDate {
        let next = month.next();
        NaiveDate::from_ymd_opt(next.year, next.month, self.due_day).unwrap_or(NaiveDate::MAX)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    Draft,
    Submitted,
}

impl SubmissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(SubmissionStatus::Draft),
            "submitted" => Some(SubmissionStatus::Submitted),
            _ => None,
        }
    }
}

/// What is typed: figures, progress, 下步计划.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionText {
    pub figures: String,
    pub narrative: String,
    pub next_steps: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub item: u32,
    pub month: Month,
    pub text: SubmissionText,
    pub status: SubmissionStatus,
    /// The unit of whoever last wrote it.
    pub unit: String,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    /// First submitted: what timeliness is judged by (a correction later keeps it).
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Whether a month's submission came in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    OnTime,
    Late,
    /// Past the due day, not submitted (a draft does not count).
    Missing,
    /// Not submitted yet, still in time.
    Open,
}

impl Timeliness {
    pub fn as_str(self) -> &'static str {
        match self {
            Timeliness::OnTime => "on_time",
            Timeliness::Late => "late",
            Timeliness::Missing => "missing",
            Timeliness::Open => "open",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Timeliness::OnTime => "按时报送",
            Timeliness::Late => "逾期报送",
            Timeliness::Missing => "逾期未报",
            Timeliness::Open => "待报送",
        }
    }
}

/// Judged in China days: submitted on or before the due day is on time.
pub fn timeliness(
    submission: Option<&Submission>,
    month: Month,
    settings: &SubmissionSettings,
    today: NaiveDate,
) -> Timeliness {
    let due = settings.due_on(month);
    match submission.and_then(|s| s.submitted_at) {
        Some(at) if day_at(at) <= due => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > due => Timeliness::Missing,
        None => Timeliness::Open,
    }
}

/// The first draft of an item's submission, from the month's report of it: each
/// indicator's figures, the accepted narratives, the 下步计划 given in them.
pub fn prefill(item: &MonthlyItem) -> SubmissionText {
    let figures = item
        .indicators
        .iter()
        .map(|i| {
            format!(
                "{}：目标 {}，累计 {}（{}），本月 {}",
                i.name,
                i.target,
                i.actual,
                crate::text::percent(i.percent),
                i.this_month
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    SubmissionText {
        figures,
        narrative: item.narrative.clone(),
        next_steps: item.next_steps.clone(),
    }
}

/// The typed text trimmed and bounded; progress must be given.
pub fn check(text: &SubmissionText) -> Result<SubmissionText, String> {
    let bounded = |value: &str, what: &str, max: usize| -> Result<String, String> {
        let v = value.trim();
        if v.chars().count() > max {
            return Err(format!("{what}不能超过 {max} 个字"));
        }
        if crate::domain::limits::has_control(v) {
            return Err(format!(
                "{what}：{}",
                crate::domain::limits::CONTROL_MESSAGE
            ));
        }
        Ok(v.to_string())
    };
    let out = SubmissionText {
        figures: bounded(&text.figures, "完成情况", MAX_FIGURES)?,
        narrative: bounded(&text.narrative, "本月进展", MAX_NARRATIVE)?,
        next_steps: bounded(&text.next_steps, "下步计划", MAX_NEXT_STEPS)?,
    };
    if out.narrative.is_empty() {
        return Err("请填写本月进展".to_string());
    }
    Ok(out)
}

/// The plan's months that have begun by `today`.
pub fn plan_months(
    plan: &crate::domain::plan::PlanSummary,
    today: chrono::NaiveDate,
) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = Month::of(plan.starts_on);
    let last = Month::of(plan.ends_on.min(today));
    while m.key() <= last.key() {
        out.push(m);
        m = m.next();
    }
    out
}

/// The month to show first: the one due now (last month, until its due day), else the
/// current one; the plan's last month once it is over.
pub fn default_month(months: &[Month], today: chrono::NaiveDate, due_day: u32) -> Month {
    use chrono::Datelike;
    let current = Month::of(today);
    let fallback = months.last().copied().unwrap_or(current);
    if !months.contains(&current) {
        return fallback;
    }
    let previous = months
        .iter()
        .rev()
        .find(|m| m.key() < current.key())
        .copied();
    match previous {
        Some(p) if today.day() <= due_day => p,
        _ => current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::d;

    fn submitted(at: &str) -> Submission {
        Submission {
            item: 1,
            month: Month {
                year: 2024,
                month: 6,
            },
            text: SubmissionText::default(),
            status: SubmissionStatus::Submitted,
            unit: "u".into(),
            written_by: "w".into(),
            written_at: at.parse().expect("a time"),
            submitted_at: Some(at.parse().expect("a time")),
        }
    }

    #[test]
    fn due_on_a_day_of_the_next_month() {
        let s = SubmissionSettings::default();
        let june = Month {
            year: 2024,
            month: 6,
        };
        let december = Month {
            year: 2024,
            month: 12,
        };
        assert_eq!(s.due_on(june), d("2024-07-05"));
        assert_eq!(s.due_on(december), d("2025-01-05"));
        assert!(SubmissionSettings::checked(0).is_err());
        assert!(SubmissionSettings::checked(29).is_err());
        assert_eq!(
            SubmissionSettings::checked(10).expect("ok").due_on(june),
            d("2024-07-10")
        );
    }

    #[test]
    fn timeliness_in_china_days() {
        let s = SubmissionSettings::default();
        let june = Month {
            year: 2024,
            month: 6,
        };
        // 23:30 in China on the 5th: on time; 00:30 on the 6th: late.
        for (sub, today, expected) in [
            (
                Some(submitted("2024-07-05T15:30:00Z")),
                "2024-07-20",
                Timeliness::OnTime,
            ),
            (
                Some(submitted("2024-07-05T16:30:00Z")),
                "2024-07-20",
                Timeliness::Late,
            ),
            (None, "2024-07-05", Timeliness::Open),
            (None, "2024-07-06", Timeliness::Missing),
        ] {
            assert_eq!(
                timeliness(sub.as_ref(), june, &s, d(today)),
                expected,
                "{today}"
            );
        }
        let mut draft = submitted("2024-07-01T01:00:00Z");
        draft.status = SubmissionStatus::Draft;
        draft.submitted_at = None;
        assert_eq!(
            timeliness(Some(&draft), june, &s, d("2024-07-06")),
            Timeliness::Missing,
            "a draft is not a submission"
        );
    }

    #[test]
    fn the_month_shown_first_is_the_one_due_now() {
        let plan = crate::domain::plan::PlanSummary {
            starts_on: d("2024-01-01"),
            ends_on: d("2024-12-31"),
            ..crate::test_fixtures::plan(vec![]).summary
        };
        let m = |s: &str| Month::parse(s).expect("a month");
        // Until the due day the month before is the one due; after it, the current one.
        for (today, expected, count) in [
            ("2024-07-03", "2024-06", 7),
            ("2024-07-05", "2024-06", 7),
            ("2024-07-06", "2024-07", 7),
            ("2024-01-02", "2024-01", 1),
            ("2026-11-30", "2024-12", 12),
        ] {
            let months = plan_months(&plan, d(today));
            assert_eq!(months.len(), count, "{today}");
            assert_eq!(default_month(&months, d(today), 5), m(expected), "{today}");
        }
    }

    #[test]
    fn the_text_is_checked() {
        let ok = SubmissionText {
            figures: " 改造 9 户 ".into(),
            narrative: " 完成前营村 4 户 ".into(),
            next_steps: String::new(),
        };
        assert_eq!(
            check(&ok).expect("ok").narrative,
            "完成前营村 4 户".to_string()
        );
        let empty = SubmissionText {
            narrative: "  ".into(),
            ..ok.clone()
        };
        assert_eq!(check(&empty), Err("请填写本月进展".to_string()));
        let long = SubmissionText {
            next_steps: "好".repeat(MAX_NEXT_STEPS + 1),
            ..ok
        };
        assert!(check(&long).is_err());
    }
}
