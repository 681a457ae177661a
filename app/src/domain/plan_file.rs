//! The plan file: the TOML format a notice is transcribed into, and its validation.
//!
//! `parse_plan_file` checks a whole file and returns either a `NewPlan` that is safe to
//! store, or every problem found, each with its line and location. It never stops at the
//! first bad entry, so whoever transcribes a notice can fix the file in one pass. The
//! server imports a `NewPlan` in one transaction: a bad file changes nothing.
// Over 500 lines: the file's types and every check of them, one pass of one validator;
// the indicator rules (`indicator_problems`, `reporters::problems`) already live apart.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use toml::Spanned;

use crate::domain::plan::{Comparison, IndicatorKind, UnitKind};
use crate::domain::reporters::{FileUnit, ReportedBy};

/// The 2024 notice of 济宁太白湖新区, loaded on first start.
pub const TAIBAIHU_2024: &str = include_str!("../../plans/taibaihu-2024.toml");

/// A validated plan, ready to be stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewPlan {
    pub meta: PlanMeta,
    pub units: Vec<NewUnit>,
    pub categories: Vec<NewCategory>,
    pub items: Vec<NewItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    pub code: String,
    pub year: i32,
    pub region: String,
    pub title: String,
    pub notice_title: String,
    pub doc_number: String,
    pub issuer: String,
    #[serde(deserialize_with = "toml_date")]
    pub issued_on: NaiveDate,
    #[serde(deserialize_with = "toml_date")]
    pub starts_on: NaiveDate,
    #[serde(deserialize_with = "toml_date")]
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub disclosure: String,
    #[serde(default)]
    pub addressees: String,
    #[serde(default)]
    pub preamble: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCategory {
    pub number: u32,
    pub name: String,
}

/// An item; its unit lists hold canonical unit names (aliases resolved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewItem {
    pub number: u32,
    pub category: u32,
    pub title: String,
    pub content: String,
    pub lead_units: Vec<String>,
    #[serde(default)]
    pub co_units: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<NewIndicator>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewIndicator {
    pub code: String,
    pub name: String,
    pub kind: IndicatorKind,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub comparison: Option<Comparison>,
    #[serde(default)]
    pub parts: Vec<NewPart>,
    /// About people (elderly households, disabled children, 低保 …): the item's photos are
    /// never public. A privacy marking, not part of the promise: kept out of the plan's
    /// content hash, so marking an imported plan is not a change to it.
    #[serde(default, skip_serializing)]
    pub sensitive: bool,
    /// Which of the item's units report it: "lead", "towns", or (by default) "units", all
    /// of them (`domain::reporters`). Like `sensitive`, a marking outside the content hash:
    /// importing the plan again with other markings updates them.
    #[serde(default, skip_serializing)]
    pub reported_by: ReportedBy,
    /// Each town's share of the target, where the notice splits it; unit names as in
    /// [[units]] (aliases allowed, stored canonical).
    #[serde(default, skip_serializing)]
    pub shares: Vec<NewShare>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewShare {
    pub unit: String,
    pub target: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPart {
    pub name: String,
    pub target: f64,
    #[serde(default)]
    pub unit: Option<String>,
}

/// One problem in a plan file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFileError {
    /// 1-based line of the entry, when known.
    pub line: Option<usize>,
    /// Which entry: `[plan]`, `[[items]] 序号 4 › 指标 dispatch-terminals`, …
    pub location: String,
    /// What is wrong, in Chinese.
    pub reason: String,
}

impl fmt::Display for PlanFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "第 {line} 行 {}：{}", self.location, self.reason),
            None => write!(f, "{}：{}", self.location, self.reason),
        }
    }
}

/// The file's outline; each entry is decoded separately so one bad entry does not hide
/// the problems of the others.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    plan: Spanned<toml::Value>,
    #[serde(default)]
    units: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    categories: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    items: Vec<Spanned<toml::Value>>,
}

/// TOML dates are their own type; accept them (and "YYYY-MM-DD" strings) as `NaiveDate`.
fn toml_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum DateOrText {
        Date(toml::value::Datetime),
        Text(String),
    }
    let text = match DateOrText::deserialize(d)? {
        DateOrText::Date(dt) => dt.to_string(),
        DateOrText::Text(s) => s,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| serde::de::Error::custom(format!("日期“{text}”应为 YYYY-MM-DD 格式")))
}

/// Parses and validates a plan file, collecting every problem.
pub fn parse_plan_file(text: &str) -> Result<NewPlan, Vec<PlanFileError>> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        vec![PlanFileError {
            line: e.span().map(|s| line_of(text, s.start)),
            location: "文件".to_string(),
            reason: format!("不是有效的计划文件：{}", e.message()),
        }]
    })?;
    let mut v = Validator {
        text,
        errors: Vec::new(),
    };
    let meta = v.decode::<PlanMeta>(&raw.plan, "[plan]");
    let units: Vec<(usize, NewUnit)> = v.decode_all(&raw.units, "[[units]]");
    let categories: Vec<(usize, NewCategory)> = v.decode_all(&raw.categories, "[[categories]]");
    let items: Vec<(usize, NewItem)> = v.decode_all(&raw.items, "[[items]]");

    if let Some(meta) = &meta {
        v.check_meta(meta, line_of(text, raw.plan.span().start));
    }
    let names = v.check_units(&units);
    let kinds: HashMap<String, UnitKind> = units
        .iter()
        .map(|(_, u)| (u.name.clone(), u.kind))
        .collect();
    v.check_categories(&categories, &items);
    let items = v.check_items(items, &names, &kinds);

    match (meta, v.errors.is_empty()) {
        (Some(meta), true) => Ok(NewPlan {
            meta,
            units: units.into_iter().map(|(_, u)| u).collect(),
            categories: categories.into_iter().map(|(_, c)| c).collect(),
            items,
        }),
        _ => Err(v.errors),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

struct Validator<'a> {
    text: &'a str,
    errors: Vec<PlanFileError>,
}

impl Validator<'_> {
    fn error(&mut self, line: usize, location: impl Into<String>, reason: impl Into<String>) {
        self.errors.push(PlanFileError {
            line: Some(line),
            location: location.into(),
            reason: reason.into(),
        });
    }

    fn decode<T: for<'de> Deserialize<'de>>(
        &mut self,
        entry: &Spanned<toml::Value>,
        location: &str,
    ) -> Option<T> {
        match T::deserialize(entry.get_ref().clone()) {
            Ok(value) => Some(value),
            Err(e) => {
                let line = line_of(self.text, entry.span().start);
                self.error(line, location, e.message().to_string());
                None
            }
        }
    }

    /// Decodes each entry of an array of tables, keeping the line of each good one.
    fn decode_all<T: for<'de> Deserialize<'de>>(
        &mut self,
        entries: &[Spanned<toml::Value>],
        table: &str,
    ) -> Vec<(usize, T)> {
        entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                let location = format!("{table} 第 {} 项", i + 1);
                let line = line_of(self.text, entry.span().start);
                self.decode(entry, &location).map(|value| (line, value))
            })
            .collect()
    }

    fn check_meta(&mut self, meta: &PlanMeta, line: usize) {
        let loc = "[plan]";
        if !is_code(&meta.code) {
            self.error(
                line,
                loc,
                format!(
                    "code “{}”只能由小写字母、数字和连字符组成（1–64 个字符）",
                    meta.code
                ),
            );
        }
        if !(2000..=2100).contains(&meta.year) {
            self.error(line, loc, format!("year {} 不是合理的年份", meta.year));
        }
        for (field, value) in [
            ("region", &meta.region),
            ("title", &meta.title),
            ("notice_title", &meta.notice_title),
            ("doc_number", &meta.doc_number),
            ("issuer", &meta.issuer),
        ] {
            if value.trim().is_empty() {
                self.error(line, loc, format!("{field} 不能为空"));
            }
        }
        if meta.starts_on > meta.ends_on {
            self.error(
                line,
                loc,
                format!("开始日期 {} 晚于截止日期 {}", meta.starts_on, meta.ends_on),
            );
        }
    }

    /// Checks units and returns every accepted spelling mapped to its canonical name.
    fn check_units(&mut self, units: &[(usize, NewUnit)]) -> HashMap<String, String> {
        let mut names: HashMap<String, String> = HashMap::new();
        if units.is_empty() && self.errors.is_empty() {
            self.error(1, "[[units]]", "计划至少要列出一个承办单位");
        }
        for (line, unit) in units {
            let loc = format!("[[units]] {}", unit.name);
            if unit.name.trim().is_empty() {
                self.error(*line, "[[units]]", "单位名称不能为空");
                continue;
            }
            for spelling in std::iter::once(&unit.name).chain(&unit.aliases) {
                if let Some(previous) = names.insert(spelling.clone(), unit.name.clone()) {
                    self.error(
                        *line,
                        &loc,
                        format!("名称“{spelling}”与单位“{previous}”重复"),
                    );
                }
            }
        }
        names
    }

    fn check_categories(
        &mut self,
        categories: &[(usize, NewCategory)],
        items: &[(usize, NewItem)],
    ) {
        if categories.is_empty() && self.errors.is_empty() {
            self.error(1, "[[categories]]", "计划至少要有一个类别");
        }
        let mut seen = BTreeSet::new();
        for (line, category) in categories {
            let loc = format!("[[categories]] 第 {} 类", category.number);
            if category.number == 0 {
                self.error(*line, &loc, "类别序号必须从 1 开始");
            }
            if !seen.insert(category.number) {
                self.error(*line, &loc, format!("类别序号 {} 重复", category.number));
            }
            if category.name.trim().is_empty() {
                self.error(*line, &loc, "类别名称不能为空");
            }
            if !items.iter().any(|(_, i)| i.category == category.number) {
                self.error(
                    *line,
                    &loc,
                    format!("类别“{}”下没有任何项目", category.name),
                );
            }
        }
        for (line, item) in items {
            if !seen.contains(&item.category) {
                self.error(
                    *line,
                    format!("[[items]] 序号 {}", item.number),
                    format!("所属类别 {} 不存在", item.category),
                );
            }
        }
    }

    /// Checks items and their indicators; resolves unit aliases to canonical names.
    fn check_items(
        &mut self,
        items: Vec<(usize, NewItem)>,
        names: &HashMap<String, String>,
        kinds: &HashMap<String, UnitKind>,
    ) -> Vec<NewItem> {
        if items.is_empty() && self.errors.is_empty() {
            self.error(1, "[[items]]", "计划至少要有一个项目");
        }
        let mut numbers = BTreeSet::new();
        let mut out = Vec::with_capacity(items.len());
        for (line, mut item) in items {
            let loc = format!("[[items]] 序号 {}", item.number);
            if item.number == 0 {
                self.error(line, &loc, "项目序号必须从 1 开始");
            }
            if !numbers.insert(item.number) {
                self.error(line, &loc, format!("项目序号 {} 重复", item.number));
            }
            if item.title.trim().is_empty() {
                self.error(line, &loc, "项目名称不能为空");
            }
            if item.content.trim().is_empty() {
                self.error(line, &loc, "实施内容不能为空");
            }
            if item.lead_units.is_empty() {
                self.error(line, &loc, "至少要有一个牵头单位");
            }
            item.lead_units = self.resolve_units(line, &loc, "牵头单位", &item.lead_units, names);
            item.co_units = self.resolve_units(line, &loc, "协办单位", &item.co_units, names);
            for lead in &item.lead_units {
                if item.co_units.contains(lead) {
                    self.error(line, &loc, format!("“{lead}”不能既是牵头单位又是协办单位"));
                }
            }
            if item.indicators.is_empty() {
                self.error(
                    line,
                    &loc,
                    "至少要有一个目标指标（没有数量目标的项目用 milestone 指标）",
                );
            }
            let units: Vec<FileUnit<'_>> = item
                .lead_units
                .iter()
                .map(|n| (n, true))
                .chain(item.co_units.iter().map(|n| (n, false)))
                .filter_map(|(n, leads)| {
                    kinds.get(n).map(|kind| FileUnit {
                        name: n,
                        kind: *kind,
                        leads,
                    })
                })
                .collect();
            let mut codes = BTreeSet::new();
            let mut shares_resolved: Vec<Vec<NewShare>> = Vec::new();
            for indicator in &item.indicators {
                let iloc = format!("{loc} › 指标 {}", indicator.code);
                if !codes.insert(indicator.code.clone()) {
                    self.error(line, &iloc, "指标代码在本项目内重复");
                }
                for reason in indicator_problems(indicator) {
                    self.error(line, &iloc, reason);
                }
                let shares: Vec<NewShare> = indicator
                    .shares
                    .iter()
                    .map(|s| NewShare {
                        unit: names
                            .get(&s.unit)
                            .cloned()
                            .unwrap_or_else(|| s.unit.clone()),
                        target: s.target,
                    })
                    .collect();
                let given: Vec<(String, f64)> =
                    shares.iter().map(|s| (s.unit.clone(), s.target)).collect();
                // An item whose units are all unknown is already reported as such.
                let problems = if units.is_empty() {
                    Vec::new()
                } else {
                    crate::domain::reporters::problems(
                        indicator.reported_by,
                        indicator.kind,
                        indicator.target,
                        &given,
                        &units,
                    )
                };
                for reason in problems {
                    self.error(line, &iloc, reason);
                }
                shares_resolved.push(shares);
            }
            for (indicator, shares) in item.indicators.iter_mut().zip(shares_resolved) {
                indicator.shares = shares;
            }
            out.push(item);
        }
        out
    }

    fn resolve_units(
        &mut self,
        line: usize,
        loc: &str,
        role: &str,
        given: &[String],
        names: &HashMap<String, String>,
    ) -> Vec<String> {
        let mut resolved: Vec<String> = Vec::with_capacity(given.len());
        for name in given {
            match names.get(name) {
                Some(canonical) if resolved.contains(canonical) => {
                    self.error(line, loc, format!("{role}“{name}”重复列出"));
                }
                Some(canonical) => resolved.push(canonical.clone()),
                None => self.error(
                    line,
                    loc,
                    format!("{role}“{name}”不在 [[units]] 中，请先在单位表中列出"),
                ),
            }
        }
        resolved
    }
}

/// What is wrong with one indicator, if anything.
pub fn indicator_problems(ind: &NewIndicator) -> Vec<String> {
    let mut out = Vec::new();
    if !is_code(&ind.code) {
        out.push("指标代码只能由小写字母、数字和连字符组成".to_string());
    }
    if ind.name.trim().is_empty() {
        out.push("指标名称不能为空".to_string());
    }
    if !ind.kind.has_numeric_target() {
        if ind.target.is_some() || !ind.parts.is_empty() {
            out.push("里程碑指标（milestone）不设数值目标".to_string());
        }
        return out;
    }
    let Some(target) = ind.target else {
        out.push(format!("{} 指标必须有目标值 target", ind.kind.as_str()));
        return out;
    };
    if !target.is_finite() || target <= 0.0 {
        out.push(format!("目标值 {target} 必须是正数"));
    }
    if ind.unit.as_deref().is_none_or(|u| u.trim().is_empty()) {
        out.push("数值指标必须写明计量单位 unit（户、个、% 等）".to_string());
    }
    if matches!(ind.kind, IndicatorKind::Count | IndicatorKind::Coverage) && target.fract() != 0.0 {
        out.push(format!("计数目标 {target} 必须是整数"));
    }
    if ind.kind == IndicatorKind::Rate && (ind.unit.as_deref() != Some("%") || target > 100.0) {
        out.push("比率指标（rate）以 % 计，目标不超过 100".to_string());
    }
    if !ind.parts.is_empty() {
        for part in &ind.parts {
            if part.name.trim().is_empty() || !part.target.is_finite() || part.target <= 0.0 {
                out.push("分项必须有名称和正数目标".to_string());
            }
        }
        let sum: f64 = ind.parts.iter().map(|p| p.target).sum();
        if (sum - target).abs() > 1e-9 {
            out.push(format!("分项目标之和 {sum} 不等于总目标 {target}"));
        }
    }
    out
}

/// Stable codes: lowercase ASCII letters, digits and hyphens.
fn is_code(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
