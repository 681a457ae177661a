//! 季度汇总: every item's progress and colour at the end of each quarter so far. The pure
//! part: which quarters, and the rows; `server_fns::quarterly` loads the plan as of each
//! quarter's end and fills the cells.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::pace::PaceStatus;
use crate::domain::plan::PlanDetail;

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
    use super::quarter_ends;
    use crate::test_fixtures::d;

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
