//! 月报: the monthly report for the supervision office, and the draft 通报 text. Built from
//! the plan seen as of the month's last day and as of the day before the month began, so
//! "this month" is the difference; pure, so the page, the .xlsx and the tests share it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::pace::{ItemPace, PaceStatus};
use crate::domain::plan::{IndicatorKind, PlanDetail, PlanSummary};
use crate::domain::progress::{indicator_percent, item_percent};
use crate::text;

/// A calendar month, as "2024-09" in URLs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let month = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        // Months beyond the admissible days are no month of any plan (and would overflow
        // the arithmetic of their last day).
        month
            .first_day()
            .filter(|d| crate::domain::limits::day(*d).is_ok())
            .map(|_| month)
    }

    pub fn of(day: NaiveDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn last_day(self) -> Option<NaiveDate> {
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        next.and_then(|d| d.pred_opt())
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// "2024-09"
    pub fn key(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// "2024年9月"
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyReport {
    pub plan: PlanSummary,
    pub month: Month,
    /// The day the figures are as of: the month's last day (or the plan's, if earlier).
    pub as_of: NaiveDate,
    /// Mean of the items' percent of target (完成率).
    pub completion: f64,
    pub categories: Vec<MonthlyCategory>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyCategory {
    pub heading: String,
    pub items: Vec<MonthlyItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyItem {
    pub number: u32,
    pub title: String,
    pub lead_units: String,
    pub percent: f64,
    pub status: PaceStatus,
    pub reason: String,
    pub indicators: Vec<MonthlyIndicator>,
    /// This month's progress, from accepted reports' 工作进展.
    pub narrative: String,
    /// 下步计划 from the month's accepted reports, one line per report.
    pub next_steps: String,
    /// Open difficulties reported this month (困难问题).
    pub difficulties: String,
    /// Supervision notices about the item (督办单), when any.
    pub notices: String,
    /// 佐证: photos that arrived with the month's accepted reports.
    #[serde(default)]
    pub evidence: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyIndicator {
    pub name: String,
    pub target: String,
    /// Cumulative actual as of the month's end, as shown ("12 户").
    pub actual: String,
    /// The raw figure, for spreadsheets.
    pub actual_value: f64,
    pub percent: f64,
    /// What this month added ("+3 户", "由 60% 到 65%", "本月完成").
    pub this_month: String,
    pub status: PaceStatus,
    pub explanation: String,
}

/// One item's texts for the month: narratives, difficulties and notices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemNotes {
    pub narrative: Vec<String>,
    /// 下步计划, per unit.
    pub next_steps: Vec<String>,
    pub difficulties: Vec<String>,
    pub notices: Vec<String>,
    /// Photos stored for the month's accepted reports.
    pub evidence: u64,
}

/// Assembles the report. `at_end` carries progress as of the month's end, `before` as of
/// the day before the month began; `paces` are `at_end`'s.
pub fn build(
    at_end: &PlanDetail,
    before: &PlanDetail,
    paces: &[ItemPace],
    month: Month,
    as_of: NaiveDate,
    notes: &dyn Fn(u32) -> ItemNotes,
) -> MonthlyReport {
    let categories = at_end
        .categories
        .iter()
        .map(|c| MonthlyCategory {
            heading: text::category_heading(c.number, &c.name),
            items: at_end
                .items_in(c.number)
                .map(|item| {
                    let pace = paces.iter().find(|p| p.item == item.number);
                    let earlier = before.item(item.number);
                    let indicators = item
                        .indicators
                        .iter()
                        .enumerate()
                        .map(|(i, ind)| {
                            let prev = earlier
                                .and_then(|e| e.indicators.iter().find(|x| x.code == ind.code));
                            let ind_pace = pace.and_then(|p| p.indicators.get(i));
                            MonthlyIndicator {
                                name: ind.name.clone(),
                                target: text::target(ind),
                                actual: text::actual(ind),
                                actual_value: ind.actual,
                                percent: indicator_percent(ind),
                                this_month: this_month(ind, prev),
                                status: ind_pace.map_or(PaceStatus::OnPace, |p| p.status),
                                explanation: ind_pace
                                    .map(|p| p.explanation.clone())
                                    .unwrap_or_default(),
                            }
                        })
                        .collect();
                    let n = notes(item.number);
                    MonthlyItem {
                        number: item.number,
                        title: item.title.clone(),
                        lead_units: item
                            .lead_units
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect::<Vec<_>>()
                            .join("、"),
                        percent: item_percent(item),
                        status: pace.map_or(PaceStatus::OnPace, |p| p.status),
                        reason: pace.map(|p| p.reason().to_string()).unwrap_or_default(),
                        indicators,
                        narrative: n.narrative.join("\n"),
                        next_steps: n.next_steps.join("\n"),
                        difficulties: n.difficulties.join("\n"),
                        notices: n.notices.join("\n"),
                        evidence: n.evidence,
                    }
                })
                .collect(),
        })
        .collect();
    let completion = if at_end.items.is_empty() {
        0.0
    } else {
        at_end.items.iter().map(item_percent).sum::<f64>() / at_end.items.len() as f64
    };
    MonthlyReport {
        plan: at_end.summary.clone(),
        month,
        as_of,
        completion,
        categories,
    }
}

fn this_month(
    ind: &crate::domain::plan::Indicator,
    prev: Option<&crate::domain::plan::Indicator>,
) -> String {
    let before = prev.map_or(0.0, |p| p.actual);
    let unit = ind.unit.as_deref();
    match ind.kind {
        IndicatorKind::Count | IndicatorKind::Coverage => {
            let added = ind.actual - before;
            if added > 0.0 {
                format!("+{}", text::quantity(added, unit))
            } else {
                "无新增".to_string()
            }
        }
        IndicatorKind::Rate | IndicatorKind::Amount => {
            if (ind.actual - before).abs() < 1e-9 {
                "无变化".to_string()
            } else {
                format!(
                    "由 {} 到 {}",
                    text::quantity(before, unit),
                    text::quantity(ind.actual, unit)
                )
            }
        }
        IndicatorKind::Milestone => {
            if ind.actual >= 1.0 && before < 1.0 {
                "本月完成".to_string()
            } else if ind.actual >= 1.0 {
                "此前已完成".to_string()
            } else {
                "未完成".to_string()
            }
        }
    }
}

/// The draft 通报 for the month, in the style of the office's notices: overall completion,
/// then the items done, on schedule and behind schedule, and what behind ones must do.
/// "关于2024年太白湖新区重点民生实事项目9月份推进情况的通报": the year once — a title that
/// starts with the month's year names the month alone.
pub fn bulletin_title(report: &MonthlyReport) -> String {
    let title = &report.plan.title;
    if title.starts_with(&format!("{}年", report.month.year)) {
        format!("关于{title}{}月份推进情况的通报", report.month.month)
    } else {
        format!("关于{}{title}推进情况的通报", report.month.label())
    }
}

pub fn draft_bulletin(report: &MonthlyReport, issuer: &str, today: NaiveDate) -> String {
    let items: Vec<&MonthlyItem> = report.categories.iter().flat_map(|c| &c.items).collect();
    let list = |pick: &dyn Fn(&MonthlyItem) -> bool, with_lead: bool| -> Vec<String> {
        items
            .iter()
            .filter(|i| pick(i))
            .map(|i| {
                if with_lead {
                    format!(
                        "{}（{}，完成{}）",
                        i.title,
                        i.lead_units,
                        text::percent(i.percent)
                    )
                } else {
                    i.title.clone()
                }
            })
            .collect()
    };
    let done = list(&|i| i.status == PaceStatus::Done, false);
    let on = list(&|i| i.status.on_schedule(), false);
    let slow = list(
        &|i| matches!(i.status, PaceStatus::Behind | PaceStatus::Serious),
        true,
    );
    let serious = items
        .iter()
        .filter(|i| i.status == PaceStatus::Serious)
        .count();
    let mut out = String::new();
    out.push_str(&bulletin_title(report));
    out.push_str("\n\n");
    out.push_str("各镇街、区直各部门：\n");
    out.push_str(&format!(
        "    截至{}，{}项重点民生实事项目总体完成率为{}。",
        date_cn(report.as_of),
        items.len(),
        text::percent(report.completion)
    ));
    let section = |label: &str, names: &[String]| -> String {
        if names.is_empty() {
            format!("{label}0项。")
        } else {
            format!("{label}{}项：{}。", names.len(), names.join("、"))
        }
    };
    out.push_str(&format!(
        "其中，{}{}{}\n",
        section("已完成", &done),
        section("按序时推进", &on),
        section("慢于序时进度", &slow)
    ));
    if slow.is_empty() {
        out.push_str("    各项目均按序时推进，请各牵头单位保持工作力度，确保按期全面完成。\n");
    } else {
        out.push_str(
            "    对慢于序时进度的项目，请牵头单位认真分析原因，倒排工期、挂图作战，\
             协办单位积极配合，加快推进，确保按期完成。",
        );
        if serious > 0 {
            out.push_str(&format!(
                "其中{serious}项严重滞后（红色），督查室将下达督办单并开展一线督导。"
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("\n{issuer}\n{}\n", date_cn(today)));
    out
}

/// "2024年9月30日"
pub fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests;
