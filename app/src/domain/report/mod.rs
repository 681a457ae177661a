//! 进展填报: a progress report as the phone records it and the server stores it, and the
//! validation both run (the phone before saving, the server before accepting).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::evidence::{GeoFix, PhotoMeta, check_fix, check_photos};
use crate::domain::plan::{IndicatorKind, Item};

/// The report format this build writes. The server accepts `MIN_SCHEMA..=SCHEMA` and
/// upgrades older ones; a client older than `MIN_SCHEMA` is told to update.
pub const SCHEMA: u32 = 1;
pub const MIN_SCHEMA: u32 = 1;

use crate::domain::limits;
pub use crate::domain::limits::MAX_TEXT_CHARS;

/// One report. Its id is a UUIDv7 made on the device at creation; the id, not the
/// network, decides identity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Report {
    pub id: Uuid,
    pub schema_version: u32,
    /// The plan's code and the item's number.
    pub plan: String,
    pub item: u32,
    /// The reporting unit and author: who recorded it, kept through any later sign-in.
    pub unit_id: i64,
    pub author_id: i64,
    pub author: String,
    /// The day the work is credited to (weekly and monthly figures), chosen by the reporter.
    pub captured_on: NaiveDate,
    /// When the report was first saved on the device.
    pub captured_at: DateTime<Utc>,
    pub values: Vec<IndicatorValue>,
    /// 工作进展
    pub narrative: String,
    /// 困难问题
    pub difficulties: String,
    /// 下步计划
    pub next_steps: String,
    /// 村/社区
    pub place: String,
    /// 佐证照片: declared here, their bytes uploaded apart (`sync::upload`). Left out of the
    /// JSON when empty, so reports from before photos keep their content hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoMeta>,
    /// Where the report was recorded, when the reporter allowed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoFix>,
}

/// A reported figure for one indicator of the item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IndicatorValue {
    pub code: String,
    pub input: IndicatorInput,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum IndicatorInput {
    /// count: how much was added since the last report ("+3 户").
    Increment { amount: f64 },
    /// rate and amount: the value as it stands now.
    Current { value: f64 },
    /// coverage: the places reached.
    Places { places: Vec<String> },
    /// milestone: done, and when.
    Milestone { done: bool, on: Option<NaiveDate> },
}

/// One problem with a report, for the field it concerns (`values.<code>`, `captured_on` …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err(field: impl Into<String>, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// What a report is checked against: the plan's period and the checker's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReportWindow {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The checker's date in China.
    pub today: NaiveDate,
    /// The checker's clock.
    pub now: DateTime<Utc>,
}

/// Checks a report against its item and plan period; returns every problem, in Chinese.
/// The ranges are `limits`' (the same on the phone and the server): a capture date within
/// the plan and at most one day ahead of `today` (time zones and phone clocks differ), a
/// capture time between the plan's start and tomorrow, bounded texts and figures.
pub fn validate_report(
    report: &Report,
    item: &Item,
    window: &ReportWindow,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if report.item != item.number {
        errors.push(err("item", "填报的项目与所选项目不一致"));
    }
    let (first, last) = limits::report_days(window.starts_on, window.ends_on, window.today);
    if report.captured_on < first {
        errors.push(err(
            "captured_on",
            format!("填报日期不能早于计划开始日期 {first}"),
        ));
    } else if report.captured_on > window.ends_on {
        errors.push(err(
            "captured_on",
            format!("填报日期不能晚于计划结束日期 {}", window.ends_on),
        ));
    } else if report.captured_on > last {
        errors.push(err("captured_on", "填报日期不能晚于今天"));
    }
    if !limits::capture_time_ok(report.captured_at, window.starts_on, window.now) {
        errors.push(err(
            "captured_at",
            "记录时间不在计划期内或晚于当前时间，请检查手机的日期设置",
        ));
    }
    if limits::too_long(&report.author, limits::MAX_AUTHOR_CHARS) {
        errors.push(err(
            "author",
            format!("填报人姓名不能超过 {} 个字", limits::MAX_AUTHOR_CHARS),
        ));
    }
    for (field, text, label) in [
        ("narrative", &report.narrative, "工作进展"),
        ("difficulties", &report.difficulties, "困难问题"),
        ("next_steps", &report.next_steps, "下步计划"),
        ("place", &report.place, "地点"),
    ] {
        if text.chars().count() > MAX_TEXT_CHARS {
            errors.push(err(field, format!("{label}不能超过 {MAX_TEXT_CHARS} 个字")));
        } else if limits::has_control(text) {
            errors.push(err(field, format!("{label}：{}", limits::CONTROL_MESSAGE)));
        }
    }
    if limits::has_control(&report.author) {
        errors.push(err("author", limits::CONTROL_MESSAGE));
    }
    let mut seen = Vec::new();
    for value in &report.values {
        let field = format!("values.{}", value.code);
        if seen.contains(&&value.code) {
            errors.push(err(&field, "同一指标填写了两次"));
            continue;
        }
        seen.push(&value.code);
        match item.indicators.iter().find(|i| i.code == value.code) {
            None => errors.push(err(&field, "该项目没有这个指标")),
            Some(ind) => {
                if let Err(message) = check_input(ind.kind, &value.input, window) {
                    errors.push(err(&field, format!("{}：{message}", ind.name)));
                }
            }
        }
    }
    errors.extend(check_photos(&report.photos));
    if let Some(e) = report
        .location
        .as_ref()
        .and_then(|f| check_fix(f, "location"))
    {
        errors.push(e);
    }
    if report.values.is_empty() && report.narrative.trim().is_empty() {
        errors.push(err("narrative", "请至少填写一项指标或工作进展"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_input(
    kind: IndicatorKind,
    input: &IndicatorInput,
    window: &ReportWindow,
) -> Result<(), String> {
    match (kind, input) {
        (IndicatorKind::Count, IndicatorInput::Increment { amount }) => {
            if !amount.is_finite() || *amount < 0.0 {
                Err("新增数量不能为负数".to_string())
            } else if amount.fract() != 0.0 {
                Err("新增数量必须是整数".to_string())
            } else if *amount > limits::MAX_INCREMENT {
                Err("新增数量过大，请核对".to_string())
            } else {
                Ok(())
            }
        }
        (IndicatorKind::Rate, IndicatorInput::Current { value }) => {
            if value.is_finite() && (0.0..=100.0).contains(value) {
                Ok(())
            } else {
                Err("比率应在 0 到 100 之间".to_string())
            }
        }
        (IndicatorKind::Amount, IndicatorInput::Current { value }) => {
            if !value.is_finite() || *value < 0.0 {
                Err("数值不能为负数".to_string())
            } else if *value > limits::MAX_AMOUNT {
                Err("数值过大，请核对".to_string())
            } else {
                Ok(())
            }
        }
        (IndicatorKind::Coverage, IndicatorInput::Places { places }) => {
            let mut distinct: Vec<&str> = places.iter().map(|p| p.trim()).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if places.len() > limits::MAX_PLACES {
                Err(format!("一次最多填写 {} 个地点", limits::MAX_PLACES))
            } else if places.iter().any(|p| p.trim().is_empty()) {
                Err("地点名称不能为空".to_string())
            } else if places
                .iter()
                .any(|p| limits::too_long(p, limits::MAX_PLACE_CHARS))
            {
                Err(format!("地点名称不能超过 {} 个字", limits::MAX_PLACE_CHARS))
            } else if places.iter().any(|p| limits::has_control(p)) {
                Err(format!("地点名称{}", limits::CONTROL_MESSAGE))
            } else if distinct.len() != places.len() {
                Err("同一地点填写了两次".to_string())
            } else {
                Ok(())
            }
        }
        (IndicatorKind::Milestone, IndicatorInput::Milestone { done, on }) => {
            let (from, until) = limits::milestone_days(window.starts_on, window.today);
            match (done, on) {
                (true, None) => Err("已完成的节点请填写完成日期".to_string()),
                (_, Some(day)) if *day < from || *day > until => {
                    Err(format!("完成日期应在 {from} 至 {until} 之间"))
                }
                _ => Ok(()),
            }
        }
        _ => Err("填写方式与指标类型不符".to_string()),
    }
}

/// Parses a number typed on a phone: full-width digits, a leading "+", spaces.
pub fn parse_typed_number(input: &str) -> Option<f64> {
    let normal: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '＋' => '+',
            '－' => '-',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let normal = normal.strip_prefix('+').unwrap_or(&normal);
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests;
