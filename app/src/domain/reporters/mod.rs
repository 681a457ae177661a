//! Who reports what (issue 15): each indicator says which of its item's units report it —
//! the lead unit only (a district-wide standard such as item 14's 低保 rates, or a project
//! done once for the district such as item 18), the towns and subdistricts (households
//! reached village by village), or every unit of the item (the default). Where the notice
//! splits a target by town, each town's share is kept. A unit is asked only for what it
//! can know: the phone's form lists only its indicators, and a report of another's is
//! refused with the reason. Pure rules, table-tested; the plan file states the markings and
//! `import` checks them (`problems`).

use serde::{Deserialize, Serialize};

use crate::domain::plan::{Indicator, IndicatorKind, Item, PlanDetail, UnitKind};

/// Which of an item's units report an indicator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ReportedBy {
    /// 牵头单位.
    Lead,
    /// 牵头和协办单位: every unit of the item.
    #[default]
    Units,
    /// The towns and subdistricts among the item's units (镇街).
    Towns,
}

impl ReportedBy {
    pub const ALL: [ReportedBy; 3] = [ReportedBy::Lead, ReportedBy::Units, ReportedBy::Towns];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportedBy::Lead => "lead",
            ReportedBy::Units => "units",
            ReportedBy::Towns => "towns",
        }
    }

    pub fn parse(s: &str) -> Option<ReportedBy> {
        ReportedBy::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportedBy::Lead => "由牵头单位填报",
            ReportedBy::Units => "由各承办单位填报",
            ReportedBy::Towns => "由各镇（街道）填报",
        }
    }

    pub fn is_default(&self) -> bool {
        *self == ReportedBy::Units
    }
}

/// A town's share of an indicator's target, where the notice gives one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitShare {
    pub unit_id: i64,
    pub unit: String,
    pub target: f64,
}

/// What the phone shows beside an indicator for the signed-in unit: what its accepted
/// reports add up to, and its share of the target when the notice gives one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitProgress {
    pub done: f64,
    pub share: Option<f64>,
}

fn is_town(kind: UnitKind) -> bool {
    matches!(kind, UnitKind::Town | UnitKind::Subdistrict)
}

/// The ids of the units that report `ind` on `item`.
pub fn reporting_units(plan: &PlanDetail, item: &Item, ind: &Indicator) -> Vec<i64> {
    let kind_of = |id: i64| plan.units.iter().find(|u| u.id == id).map(|u| u.kind);
    let all = item.lead_units.iter().chain(&item.co_units).map(|u| u.id);
    match ind.reported_by {
        ReportedBy::Lead => item.lead_units.iter().map(|u| u.id).collect(),
        ReportedBy::Units => all.collect(),
        ReportedBy::Towns => all.filter(|id| kind_of(*id).is_some_and(is_town)).collect(),
    }
}

/// Whether `unit_id` reports `ind` on `item`.
pub fn reports(plan: &PlanDetail, item: &Item, ind: &Indicator, unit_id: i64) -> bool {
    reporting_units(plan, item, ind).contains(&unit_id)
}

/// Why a unit may not report `ind`, in Chinese.
pub fn refusal(ind: &Indicator) -> String {
    format!(
        "“{}”{}，本单位不填报该指标",
        ind.name,
        ind.reported_by.label()
    )
}

/// The indicators of `item` that `unit_id` reports, in order.
pub fn indicators_of<'a>(
    plan: &PlanDetail,
    item: &'a Item,
    unit_id: i64,
) -> impl Iterator<Item = &'a Indicator> {
    let mine: Vec<bool> = item
        .indicators
        .iter()
        .map(|ind| reports(plan, item, ind, unit_id))
        .collect();
    item.indicators
        .iter()
        .zip(mine)
        .filter_map(|(ind, m)| m.then_some(ind))
}

/// A unit of an item as the plan file gives it: its canonical name, kind, and whether it
/// leads the item.
pub struct FileUnit<'a> {
    pub name: &'a str,
    pub kind: UnitKind,
    pub leads: bool,
}

/// What is wrong with an indicator's markings in a plan file: the reporting units it names
/// must exist on the item, and shares must be given only to reporting units, once each,
/// on an indicator that adds up (count, coverage), and add up to its target.
pub fn problems(
    by: ReportedBy,
    kind: IndicatorKind,
    target: Option<f64>,
    shares: &[(String, f64)],
    units: &[FileUnit<'_>],
) -> Vec<String> {
    let mut out = Vec::new();
    let reporting: Vec<&str> = units
        .iter()
        .filter(|u| match by {
            ReportedBy::Lead => u.leads,
            ReportedBy::Units => true,
            ReportedBy::Towns => is_town(u.kind),
        })
        .map(|u| u.name)
        .collect();
    if reporting.is_empty() {
        out.push(match by {
            ReportedBy::Towns => {
                "reported_by = \"towns\"，但本项目的承办单位中没有镇（街道）".to_string()
            }
            _ => "没有可以填报该指标的单位".to_string(),
        });
    }
    if shares.is_empty() {
        return out;
    }
    if !matches!(kind, IndicatorKind::Count | IndicatorKind::Coverage) {
        out.push("只有计数（count）和覆盖（coverage）指标可以按单位分解目标 shares".to_string());
        return out;
    }
    let mut seen: Vec<&str> = Vec::new();
    for (unit, share) in shares {
        if !reporting.contains(&unit.as_str()) {
            out.push(format!(
                "分解目标的单位“{unit}”不填报该指标（{}）",
                by.label()
            ));
        }
        if seen.contains(&unit.as_str()) {
            out.push(format!("单位“{unit}”的分解目标重复"));
        }
        seen.push(unit);
        if !share.is_finite() || *share <= 0.0 || share.fract() != 0.0 {
            out.push(format!("单位“{unit}”的分解目标 {share} 必须是正整数"));
        }
    }
    let sum: f64 = shares.iter().map(|(_, s)| s).sum();
    if let Some(target) = target
        && (sum - target).abs() > 1e-9
    {
        out.push(format!("各单位分解目标之和 {sum} 不等于总目标 {target}"));
    }
    out
}

#[cfg(test)]
mod tests;
