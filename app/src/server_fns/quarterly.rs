//! 季度汇总: every item's progress and colour at the end of each quarter so far. A leader
//! sees the categories in their charge; the office sees all.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::pace::PaceStatus;
use crate::error::AppError;

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

#[server(prefix = "/fn", endpoint = "quarterly")]
pub async fn get_quarterly(plan: String) -> Result<QuarterlyPage, AppError> {
    use crate::domain::progress::item_percent;
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    let base = ssr::plan_of(&store, &plan).await?;
    let limited_to = viewer
        .role_in(&plan)
        .filter(|r| r.role == crate::domain::account::Role::Leader)
        .map(|r| r.categories.clone());
    let until = ssr::default_as_of(&base);
    let quarters = quarter_ends(base.summary.starts_on, base.summary.ends_on, until);
    let mut rows: Vec<QuarterRow> = base
        .items
        .iter()
        .filter(|i| limited_to.as_ref().is_none_or(|c| c.contains(&i.category)))
        .map(|i| QuarterRow {
            category: base
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
        .collect();
    for (_, day) in &quarters {
        let (at, _) = ssr::load_plan_as_of(&store, &plan, Some(*day)).await?;
        let paces = crate::domain::pace::plan_paces(&at, *day, &settings);
        for row in &mut rows {
            let item = at.item(row.item);
            let status = paces
                .iter()
                .find(|p| p.item == row.item)
                .map_or(PaceStatus::OnPace, |p| p.status);
            row.cells.push((item.map_or(0.0, item_percent), status));
        }
    }
    Ok(QuarterlyPage {
        title: base.summary.title.clone(),
        plan,
        quarters,
        rows,
        limited_to,
    })
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
