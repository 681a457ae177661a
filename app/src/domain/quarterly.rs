//! 季度汇总: every item's progress and colour at the end of each quarter so far, and the
//! quarter's pack for leaders: what each lead unit submitted to the 督查室 in the quarter's
//! three months (`domain::submission`), assembled, not typed again. The pure part: which
//! quarters and months, and the rows; `server_fns::quarterly` loads the plan as of each
//! quarter's end and fills the cells.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::monthly::Month;
use crate::domain::pace::PaceStatus;
use crate::domain::plan::PlanDetail;
use crate::domain::submission::{
    Submission, SubmissionSettings, SubmissionStatus, SubmissionText, Timeliness, timeliness,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarterRow {
    pub category: String,
    pub item: u32,
    pub title: String,
    pub lead_units: String,
    /// (percent, status) at each quarter's end.
    pub cells: Vec<(f64, PaceStatus)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarterlyPage {
    pub plan: String,
    pub title: String,
    /// ("第二季度", its last day) for each quarter ended by now.
    pub quarters: Vec<(String, NaiveDate)>,
    pub rows: Vec<QuarterRow>,
    /// The categories shown, when limited to a leader's charge.
    pub limited_to: Option<Vec<u32>>,
    /// The pack of the quarter asked for (by default the latest).
    #[serde(default)]
    pub pack: Option<QuarterPack>,
}

/// 季度汇报材料: per item, each month of the quarter as submitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuarterPack {
    /// Its position in `QuarterlyPage::quarters`.
    pub quarter: usize,
    pub label: String,
    pub months: Vec<Month>,
    pub items: Vec<PackItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackItem {
    pub item: u32,
    pub title: String,
    pub lead_units: String,
    /// One per month of the quarter, oldest first.
    pub months: Vec<PackMonth>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackMonth {
    pub month: Month,
    pub timeliness: Timeliness,
    /// The text as submitted; none while only a draft or nothing exists.
    pub text: Option<SubmissionText>,
}

/// The months of the quarter that ends on `end` (or is cut short there), within the plan.
pub fn quarter_months(plan_starts: NaiveDate, end: NaiveDate) -> Vec<Month> {
    let first = (end.month() - 1) / 3 * 3 + 1;
    (first..=end.month())
        .map(|m| Month {
            year: end.year(),
            month: m,
        })
        .filter(|m| m.last_day().is_some_and(|d| d >= plan_starts))
        .collect()
}

/// The pack of one quarter: for each row, each month's submitted text (drafts are not
/// sent, so they are not in it) and whether it came in time.
pub fn pack(
    quarter: usize,
    label: &str,
    rows: &[QuarterRow],
    months: &[Month],
    submissions: &[Submission],
    settings: &SubmissionSettings,
    today: NaiveDate,
) -> QuarterPack {
    let items = rows
        .iter()
        .map(|row| PackItem {
            item: row.item,
            title: row.title.clone(),
            lead_units: row.lead_units.clone(),
            months: months
                .iter()
                .map(|month| {
                    let sent = submissions.iter().find(|s| {
                        s.item == row.item
                            && s.month == *month
                            && s.status == SubmissionStatus::Submitted
                    });
                    PackMonth {
                        month: *month,
                        timeliness: timeliness(sent, *month, settings, today),
                        text: sent.map(|s| s.text.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    QuarterPack {
        quarter,
        label: label.to_string(),
        months: months.to_vec(),
        items,
    }
}

/// The last days of the quarters that overlap the plan, up to `until`.
pub fn quarter_ends(
    starts: NaiveDate,
    ends: NaiveDate,
    until: NaiveDate,
) -> Vec<(String, NaiveDate)> {
    const NAMES: [&str; 4] = ["第一季度", "第二季度", "第三季度", "第四季度"];
    let mut out = Vec::new();
    for year in starts.year()..=ends.year() {
        for q in 0..4u32 {
            let Some(end) = NaiveDate::from_ymd_opt(year, q * 3 + 3, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt())
            else {
                continue;
            };
            let first = NaiveDate::from_ymd_opt(year, q * 3 + 1, 1).unwrap_or(end);
            if end >= starts && first <= ends && first <= until {
                let label = if starts.year() == ends.year() {
                    NAMES[q as usize].to_string()
                } else {
                    format!("{year}年{}", NAMES[q as usize])
                };
                out.push((label, end.min(ends).min(until)));
            }
        }
    }
    out
}

/// One row per item of `plan`, limited to `categories` when given (a leader's charge), with
/// no cells yet.
pub fn quarter_rows(plan: &PlanDetail, categories: Option<&[u32]>) -> Vec<QuarterRow> {
    plan.items
        .iter()
        .filter(|i| categories.is_none_or(|c| c.contains(&i.category)))
        .map(|i| QuarterRow {
            category: plan
                .category(i.category)
                .map(|c| crate::text::category_heading(c.number, &c.name))
                .unwrap_or_default(),
            item: i.number,
            title: i.title.clone(),
            lead_units: i
                .lead_units
                .iter()
                .map(|u| u.name.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            cells: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::d;

    fn sent(item: u32, month: Month, status: SubmissionStatus, at: &str) -> Submission {
        Submission {
            item,
            month,
            text: SubmissionText {
                figures: format!("{}月数字", month.month),
                narrative: format!("{}月进展", month.month),
                next_steps: String::new(),
            },
            status,
            unit: "区社会事业发展局".into(),
            written_by: "shehui".into(),
            written_at: at.parse().expect("a time"),
            submitted_at: (status == SubmissionStatus::Submitted)
                .then(|| at.parse().expect("a time")),
        }
    }

    #[test]
    fn a_quarter_has_its_months_within_the_plan() {
        let m = |y, m| Month { year: y, month: m };
        let starts = d("2024-04-02");
        assert_eq!(
            quarter_months(starts, d("2024-06-30")),
            vec![m(2024, 4), m(2024, 5), m(2024, 6)]
        );
        // The plan starts in April: the first quarter has none of its months.
        assert!(quarter_months(starts, d("2024-03-31")).is_empty());
        // Cut short on 15 August: July and August only.
        assert_eq!(
            quarter_months(starts, d("2024-08-15")),
            vec![m(2024, 7), m(2024, 8)]
        );
        assert_eq!(
            quarter_months(d("2024-05-20"), d("2024-06-30")),
            vec![m(2024, 5), m(2024, 6)]
        );
    }

    #[test]
    fn the_pack_holds_what_was_submitted_and_when() {
        let m = |n| Month {
            year: 2024,
            month: n,
        };
        let row = QuarterRow {
            category: "一、养老服务".into(),
            item: 1,
            title: "改造".into(),
            lead_units: "区社会事业发展局".into(),
            cells: vec![],
        };
        let subs = [
            // July: on time (due 5 August, China time).
            sent(1, m(7), SubmissionStatus::Submitted, "2024-08-05T15:00:00Z"),
            // August: a draft only, now past its due day.
            sent(1, m(8), SubmissionStatus::Draft, "2024-09-01T02:00:00Z"),
            // September: late; and another item's, which is not this row's.
            sent(1, m(9), SubmissionStatus::Submitted, "2024-10-09T02:00:00Z"),
            sent(2, m(9), SubmissionStatus::Submitted, "2024-10-01T02:00:00Z"),
        ];
        let p = pack(
            1,
            "第三季度",
            &[row],
            &[m(7), m(8), m(9)],
            &subs,
            &SubmissionSettings::default(),
            d("2024-10-20"),
        );
        let got: Vec<(u32, Timeliness, Option<String>)> = p.items[0]
            .months
            .iter()
            .map(|x| {
                (
                    x.month.month,
                    x.timeliness,
                    x.text.as_ref().map(|t| t.narrative.clone()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (7, Timeliness::OnTime, Some("7月进展".to_string())),
                (8, Timeliness::Missing, None),
                (9, Timeliness::Late, Some("9月进展".to_string())),
            ]
        );
    }

    #[test]
    fn quarters_overlapping_the_plan_up_to_today() {
        let q = quarter_ends(d("2024-04-02"), d("2024-12-31"), d("2024-12-31"));
        let days: Vec<String> = q.iter().map(|(l, d)| format!("{l} {d}")).collect();
        assert_eq!(
            days,
            vec![
                "第二季度 2024-06-30",
                "第三季度 2024-09-30",
                "第四季度 2024-12-31"
            ]
        );
        // Mid-August: the third quarter so far, up to that day.
        let q = quarter_ends(d("2024-04-02"), d("2024-12-31"), d("2024-08-15"));
        assert_eq!(
            q.last().map(|(_, d)| d.to_string()),
            Some("2024-08-15".to_string())
        );
        assert_eq!(q.len(), 2);
    }
}
