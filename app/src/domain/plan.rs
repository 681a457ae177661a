//! The plan as both sides see it: the wire types of `/api/v1/plans` and of the pages.
//!
//! A plan (年度计划) has categories (类别), items (实事项目) with lead and co-units (牵头单位 /
//! 协办单位), and indicators (目标指标) with targets. These types are defined once here and
//! used by the server, the JSON API and the browser, so they carry no storage details.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::reporters::{ReportedBy, UnitProgress, UnitShare};

/// What kind of target an indicator has; decides how reports add up (see DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum IndicatorKind {
    /// Cumulative sum of reported increments (30 户, 630 个学位).
    Count,
    /// A percentage where the latest reported value counts (公办率 70%).
    Rate,
    /// A set of places to reach; progress is places reached.
    Coverage,
    /// Money or standard levels where the latest value counts (381.5 元/例).
    Amount,
    /// Done or not done, with a date and evidence.
    Milestone,
}

impl IndicatorKind {
    pub const ALL: [IndicatorKind; 5] = [
        IndicatorKind::Count,
        IndicatorKind::Rate,
        IndicatorKind::Coverage,
        IndicatorKind::Amount,
        IndicatorKind::Milestone,
    ];

    /// The stable name used in plan files, the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Count => "count",
            IndicatorKind::Rate => "rate",
            IndicatorKind::Coverage => "coverage",
            IndicatorKind::Amount => "amount",
            IndicatorKind::Milestone => "milestone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether this kind is measured against a number.
    pub fn has_numeric_target(self) -> bool {
        !matches!(self, IndicatorKind::Milestone)
    }
}

/// How a target reads in the notice: 以上/达到 (at least) or 约 (about).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Comparison {
    AtLeast,
    About,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtLeast => "at_least",
            Comparison::About => "about",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Comparison::AtLeast, Comparison::About]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// What sort of body a unit is; the field staff of towns and subdistricts report offline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum UnitKind {
    /// 区属部门
    Department,
    /// 镇政府
    Town,
    /// 街道办事处
    Subdistrict,
    /// 驻区单位 (e.g. the fire brigade)
    Stationed,
    /// 党工委、管委会: issue the plan, do not implement items
    Leadership,
    /// 督查室: keeps the ledger and supervises
    Supervision,
}

impl UnitKind {
    pub const ALL: [UnitKind; 6] = [
        UnitKind::Department,
        UnitKind::Town,
        UnitKind::Subdistrict,
        UnitKind::Stationed,
        UnitKind::Leadership,
        UnitKind::Supervision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Town => "town",
            UnitKind::Subdistrict => "subdistrict",
            UnitKind::Stationed => "stationed",
            UnitKind::Leadership => "leadership",
            UnitKind::Supervision => "supervision",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One row of the plan list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    /// The plan's stable code, e.g. `taibaihu-2024`; used in URLs and by offline clients.
    pub id: String,
    pub year: i32,
    pub region: String,
    pub title: String,
    pub doc_number: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub category_count: u32,
    pub item_count: u32,
}

/// A whole plan: everything `/api/v1/plans/{id}` returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlanDetail {
    #[serde(flatten)]
    pub summary: PlanSummary,
    pub notice_title: String,
    pub disclosure: String,
    pub addressees: String,
    pub preamble: String,
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
    /// Items suspended or ended by a recorded decision in effect on the day seen
    /// (`domain::decision::apply_items`); empty in the plan as stored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub halts: Vec<crate::domain::decision::ItemHalt>,
}

impl PlanDetail {
    /// Keeps only the categories given and their items (a leader's charge).
    pub fn keep_categories(&mut self, keep: &[u32]) {
        self.categories.retain(|c| keep.contains(&c.number));
        self.items.retain(|i| keep.contains(&i.category));
    }

    /// The item's suspension or end in effect, if any.
    pub fn halt_of(&self, item: u32) -> Option<&crate::domain::decision::ItemHalt> {
        self.halts.iter().find(|h| h.item == item)
    }

    pub fn item(&self, number: u32) -> Option<&Item> {
        self.items.iter().find(|i| i.number == number)
    }

    pub fn unit(&self, id: i64) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    pub fn category(&self, number: u32) -> Option<&Category> {
        self.categories.iter().find(|c| c.number == number)
    }

    /// Items of one category, in item order.
    pub fn items_in(&self, category: u32) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.category == category)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    /// Other spellings used in the notice (石桥镇人民政府 for 石桥镇政府).
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Category {
    pub number: u32,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Item {
    /// The notice's running number (1–20 in 2024), unique within the plan.
    pub number: u32,
    /// Number of the category the item belongs to.
    pub category: u32,
    pub title: String,
    pub content: String,
    pub lead_units: Vec<UnitRef>,
    pub co_units: Vec<UnitRef>,
    pub indicators: Vec<Indicator>,
}

impl Item {
    /// Whether a unit leads or assists this item.
    pub fn involves(&self, unit_id: i64) -> bool {
        self.leads(unit_id) || self.co_units.iter().any(|u| u.id == unit_id)
    }

    pub fn leads(&self, unit_id: i64) -> bool {
        self.lead_units.iter().any(|u| u.id == unit_id)
    }

    /// Whether any indicator is about people (households, children, 低保 …): such an
    /// item's photos may show them, so none is ever public.
    pub fn concerns_people(&self) -> bool {
        self.indicators.iter().any(|i| i.sensitive)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Indicator {
    /// Stable within its item, e.g. `kindergarten-seats`.
    pub code: String,
    pub name: String,
    pub kind: IndicatorKind,
    /// Unit of measure (户, 个, %, 元/例); none for milestones.
    pub unit: Option<String>,
    /// None for milestones.
    pub target: Option<f64>,
    pub comparison: Option<Comparison>,
    /// A target stated as a sum keeps its parts (1173 = 499 + 674).
    pub parts: Vec<TargetPart>,
    /// Progress so far from accepted reports (0 until reports exist; 1 = done for milestones).
    pub actual: f64,
    /// For milestones: the date it was reported done (accepted reports only).
    // The phone's bundle never reads these (it records, it does not supervise): skipping
    // them there keeps their decoding code out of what a phone downloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub done_on: Option<NaiveDate>,
    /// About people (elderly households, disabled children, 低保 …): the item's photos are
    /// never public (`Item::concerns_people`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub sensitive: bool,
    /// Set only in what the public sees: the total of an indicator about people is above
    /// zero and below this (`domain::privacy`), so `actual` is withheld (0) and pages say
    /// "少于 5 户".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub suppressed_below: Option<f64>,
    /// The target as published, when a recorded decision in effect on the day seen has
    /// changed it (`domain::decision`); `target` is then the decision's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub original_target: Option<f64>,
    /// 分阶段目标 in force on the day seen; empty means "linear over the plan period".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub schedule: Vec<ScheduleNode>,
    /// Which of the item's units report it (`domain::reporters`). The phone is sent only
    /// its own unit's indicators, so it never reads this.
    #[serde(default, skip_serializing_if = "ReportedBy::is_default")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub reported_by: ReportedBy,
    /// Each town's share of the target, where the notice gives one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(all(feature = "field", not(feature = "ssr")), serde(skip))]
    pub shares: Vec<UnitShare>,
    /// Only in the phone's catalogue: what the signed-in unit's accepted reports add up
    /// to, and its share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<UnitProgress>,
}

/// A planned cumulative value by a date (for milestones: the date it is due).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ScheduleNode {
    pub due_on: NaiveDate,
    /// The cumulative amount planned by `due_on`; none for milestones.
    pub planned: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetPart {
    pub name: String,
    pub target: f64,
    /// Unit of measure of the part, when it differs from the indicator's (33 家 of 81 套).
    pub unit: Option<String>,
}
