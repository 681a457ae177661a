//! Every Chinese string the pages show, in one place, plus the formatting of numbers and
//! targets. Code names stay English; users read Chinese.

use crate::domain::plan::{Comparison, Indicator, IndicatorKind, UnitKind};

mod account;
mod audit;
mod field;
mod progress;
mod public;
mod supervision;
pub use account::*;
pub use audit::{audit_object, audit_value};
pub use field::*;
pub use progress::*;
pub use public::*;
pub use supervision::*;

pub const APP_NAME: &str = "民生实事台账";
pub const NAV_OVERVIEW: &str = "项目总览";
pub const NAV_UNITS: &str = "承办单位";
pub const LOADING: &str = "正在加载……";
pub const NOT_FOUND_TITLE: &str = "未找到";
pub const NOT_FOUND_PAGE: &str = "没有这个页面。";
pub const BACK_TO_OVERVIEW: &str = "返回项目总览";
pub const LOAD_FAILED: &str = "数据暂时无法加载，请稍后刷新重试。";
pub const NO_PLAN: &str = "还没有导入任何年度计划。";

pub const FILTER_LABEL: &str = "筛选项目";
pub const FILTER_PLACEHOLDER: &str = "输入项目名称或单位，如“幼儿园”“石桥镇”";
pub const FILTER_NONE: &str = "没有符合条件的项目。";
pub const CATEGORY_COUNT: &str = "类";
pub const ITEM_COUNT: &str = "项";

pub const LEAD_UNITS: &str = "牵头单位";
pub const CO_UNITS: &str = "协办单位";
pub const NONE: &str = "无";
pub const CONTENT: &str = "实施内容及工作目标";
pub const INDICATORS: &str = "目标指标";
pub const INDICATOR: &str = "指标";
pub const KIND: &str = "类型";
pub const TARGET: &str = "目标";
pub const ACTUAL: &str = "完成";
pub const PROGRESS: &str = "进度";
pub const PARTS: &str = "其中";
pub const MILESTONE_DONE: &str = "已完成";
pub const MILESTONE_OPEN: &str = "未完成";

pub const UNITS_TITLE: &str = "承办单位";
pub const UNIT_LEADS: &str = "牵头的项目";
pub const UNIT_ASSISTS: &str = "协办的项目";
pub const UNIT_NO_ITEMS: &str = "本计划中没有该单位承办的项目。";
pub const UNIT_NAME: &str = "单位";
pub const ALSO_CALLED: &str = "又称";

pub const DOC_NUMBER: &str = "文号";
pub const ISSUED_ON: &str = "印发日期";
pub const PERIOD: &str = "实施期限";
pub const OTHER_PLANS: &str = "其他年度计划";

pub fn kind_label(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Count => "累计数量",
        IndicatorKind::Rate => "比率",
        IndicatorKind::Coverage => "覆盖",
        IndicatorKind::Amount => "标准",
        IndicatorKind::Milestone => "节点任务",
    }
}

pub fn unit_kind_label(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Department => "区属部门",
        UnitKind::Town => "镇",
        UnitKind::Subdistrict => "街道",
        UnitKind::Stationed => "驻区单位",
        UnitKind::Leadership => "领导机关",
        UnitKind::Supervision => "督查机构",
    }
}

/// `category_heading(3, "教育服务")` → "三、教育服务", as the notice numbers its sections.
pub fn category_heading(number: u32, name: &str) -> String {
    format!("{}、{name}", chinese_numeral(number))
}

/// Chinese numerals for section headings (1–99).
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// `value` rounded to `places` decimals (at most 6), written with integers: "7.50".
///
/// Written with integers on purpose: Rust's float printing (`{:.2}`, `{}` of an `f64`)
/// cost the field page's WASM 21 KB (6.5 KB brotli; BENCHMARKS.md) for a few figures on
/// its screens. Keep `{}` of an `f64` out of code the field page runs. Below
/// 9×10^15 ÷ 10^places (every figure a ledger holds: see `limits::MAX_AMOUNT`) it prints
/// what `format!("{value:.places$}")` did, except at exact ties of the next decimal,
/// which round to nearest on the product; above, the whole number.
pub fn fixed(value: f64, places: u32) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let places = places.min(6);
    let scale = 10u64.pow(places);
    let magnitude = value.abs();
    let scaled = magnitude * scale as f64;
    // Past 2^53 a float holds no fraction worth printing, and the product would round
    // its digits: print the whole number the float is.
    if scaled >= 9e15 {
        let sign = if value < 0.0 { "-" } else { "" };
        return format!("{sign}{}", magnitude.round() as u128);
    }
    let scaled = scaled.round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, fraction) = (scaled / scale, scaled % scale);
    match places {
        0 => format!("{sign}{whole}"),
        width => format!("{sign}{whole}.{fraction:0width$}", width = width as usize),
    }
}

/// Numbers as the notice writes them: 630, 381.5, 7.5 (no trailing ".0"), to the
/// hundredth.
pub fn number(value: f64) -> String {
    let printed = fixed(value, 2);
    if printed.contains('.') {
        printed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        printed
    }
}

/// A quantity with its unit of measure: "630 个", "70%".
pub fn quantity(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", number(value)),
        Some(u) => format!("{} {u}", number(value)),
        None => number(value),
    }
}

/// The target as a reader expects it: "≥ 70%", "约 11000 名", or "完成" for milestones.
pub fn target(ind: &Indicator) -> String {
    let Some(value) = ind.target else {
        return "按期完成".to_string();
    };
    let q = quantity(value, ind.unit.as_deref());
    let stated = match ind.comparison {
        Some(Comparison::AtLeast) => format!("≥ {q}"),
        Some(Comparison::About) => format!("约 {q}"),
        None => q,
    };
    // A target changed by a recorded decision shows the promise beside it, everywhere.
    match ind.original_target {
        Some(original) => format!(
            "{stated}（原目标 {}，已依决定调整）",
            quantity(original, ind.unit.as_deref())
        ),
        None => stated,
    }
}

/// The day progress is counted to: "截至 2024-09-30".
pub fn as_of_note(as_of: chrono::NaiveDate) -> String {
    format!("截至 {as_of}")
}

/// What was done against what was promised, in one phrase a resident understands:
/// "已完成 20 户 / 目标 30 户", "已完成 65% / 目标 ≥ 70%"; a milestone says whether it is done.
pub fn done_of_target(ind: &Indicator) -> String {
    match ind.target {
        Some(_) if ind.kind != IndicatorKind::Milestone => {
            format!("已完成 {} / 目标 {}", actual(ind), target(ind))
        }
        _ => actual(ind),
    }
}

/// The parts of a target: "设有消防控制室的重点单位 33 家 + 小区物业管理服务企业 48 家".
pub fn parts(ind: &Indicator) -> Option<String> {
    if ind.parts.is_empty() {
        return None;
    }
    let unit = ind.unit.as_deref();
    Some(
        ind.parts
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.name,
                    quantity(p.target, p.unit.as_deref().or(unit))
                )
            })
            .collect::<Vec<_>>()
            .join(" + "),
    )
}

/// The actual value so far: "12 户", or 已完成/未完成 for milestones.
pub fn actual(ind: &Indicator) -> String {
    if let Some(below) = ind.suppressed_below {
        return format!("少于 {}", quantity(below, ind.unit.as_deref()));
    }
    if ind.kind == IndicatorKind::Milestone {
        return match (ind.actual >= 1.0, ind.done_on) {
            (true, Some(on)) => format!("{MILESTONE_DONE}（{on}）"),
            (true, None) => MILESTONE_DONE.to_string(),
            (false, _) => MILESTONE_OPEN.to_string(),
        };
    }
    quantity(ind.actual, ind.unit.as_deref())
}

/// In place of a progress bar whose figure is withheld from the public.
pub const WITHHELD: &str = "不公开";

/// Said instead of a pace's explanation when the figure behind it is withheld.
pub fn suppressed_note(below: f64) -> String {
    format!(
        "涉及个人的数字少于 {} 时不公开具体数字和完成比例，以免识别到具体家庭。",
        number(below)
    )
}

pub fn percent(p: f64) -> String {
    format!("{}%", number((p * 10.0).round() / 10.0))
}

/// The text of a page's `<title>`, escaped: leptos_meta writes `<Title text>` into the
/// document as it is, and a difficulty's title typed by a reporter would otherwise close the
/// element and run as script in the supervisor's browser. `<title>` decodes entities, so
/// the escaped text reads exactly as typed.
pub fn page_title(part: &str) -> String {
    escape_raw_text(&format!("{part} · {APP_NAME}"))
}

/// Escapes text for the elements whose content Leptos writes unescaped (`<title>` through
/// leptos_meta, `<textarea>` children): `&`, `<`, `>` and quotes become references, which
/// these elements decode, so what shows is what was typed and nothing can close them early.
pub fn escape_raw_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::TargetPart;
    use proptest::prelude::*;

    /// What `number` printed when it used Rust's float printing.
    fn number_by_float_printing(value: f64) -> String {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            let s = format!("{value:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }

    proptest! {
        // Every figure a ledger can hold, typed with up to two decimals, prints as before.
        #[test]
        fn typed_figures_print_as_float_printing_did(hundredths in -100_000_000_000i64..=100_000_000_000i64) {
            let typed = format!("{}.{:02}", hundredths / 100, (hundredths % 100).abs());
            let typed = if (-99..0).contains(&hundredths) { format!("-{typed}") } else { typed };
            let value: f64 = typed.parse().expect("typed figure");
            prop_assert_eq!(number(value), number_by_float_printing(value));
        }

        // Any value of a ledger's size, at any number of places: what float printing
        // gives, or one unit of the last place from it (a tie of the next decimal), or
        // zero without float printing's "-".
        #[test]
        fn fixed_is_float_printing_but_at_ties(value in -1e9f64..1e9f64, places in 0u32..=6) {
            let ours = fixed(value, places);
            let theirs = format!("{value:.*}", places as usize);
            let unit = 10f64.powi(-(places as i32));
            let (a, b): (f64, f64) = (ours.parse().expect("ours"), theirs.parse().expect("float printing"));
            let one_unit_off = ((a - b).abs() - unit).abs() < unit / 2.0;
            let negative_zero = theirs.starts_with('-') && b == 0.0 && a == 0.0;
            prop_assert!(ours == theirs || one_unit_off || negative_zero, "{value} at {places}: {ours} against {theirs}");
        }
    }

    #[test]
    fn numbers_print_as_the_notice_writes_them() {
        assert_eq!(number(630.0), "630");
        assert_eq!(number(381.5), "381.5");
        assert_eq!(number(7.25), "7.25");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(-12.5), "-12.5");
        assert_eq!(number(1e20), "100000000000000000000");
        assert_eq!(number(f64::NAN), "—");
        assert_eq!(fixed(35.4123456, 5), "35.41235");
        assert_eq!(fixed(-116.5, 5), "-116.50000");
        assert_eq!(fixed(9.6, 0), "10");
        assert_eq!(fixed(0.004, 2), "0.00");
    }

    fn indicator(kind: IndicatorKind, unit: Option<&str>, target: Option<f64>) -> Indicator {
        Indicator {
            code: "x".into(),
            name: "x".into(),
            kind,
            unit: unit.map(str::to_string),
            target,
            comparison: None,
            parts: vec![],
            actual: 0.0,
            done_on: None,
            schedule: vec![],
            sensitive: false,
            suppressed_below: None,
            original_target: None,
            reported_by: Default::default(),
            shares: Vec::new(),
            mine: None,
        }
    }

    #[test]
    fn done_against_target_reads_as_one_phrase() {
        let mut households = indicator(IndicatorKind::Count, Some("户"), Some(30.0));
        households.actual = 20.0;
        assert_eq!(done_of_target(&households), "已完成 20 户 / 目标 30 户");
        households.original_target = Some(40.0);
        assert_eq!(
            done_of_target(&households),
            "已完成 20 户 / 目标 30 户（原目标 40 户，已依决定调整）"
        );
        households.original_target = None;
        households.actual = 0.0;
        households.suppressed_below = Some(5.0);
        assert_eq!(done_of_target(&households), "已完成 少于 5 户 / 目标 30 户");
        let mut share = indicator(IndicatorKind::Rate, Some("%"), Some(70.0));
        share.comparison = Some(Comparison::AtLeast);
        share.actual = 65.5;
        assert_eq!(done_of_target(&share), "已完成 65.5% / 目标 ≥ 70%");
        let mut trail = indicator(IndicatorKind::Milestone, None, None);
        assert_eq!(done_of_target(&trail), MILESTONE_OPEN);
        trail.actual = 1.0;
        trail.done_on = Some("2024-10-01".parse().expect("date"));
        assert_eq!(
            done_of_target(&trail),
            format!("{MILESTONE_DONE}（2024-10-01）")
        );
    }

    #[test]
    fn numbers_drop_a_trailing_zero_fraction() {
        assert_eq!(number(630.0), "630");
        assert_eq!(number(381.5), "381.5");
        assert_eq!(number(7.5), "7.5");
        assert_eq!(number(0.126), "0.13");
    }

    #[test]
    fn headings_use_chinese_numerals_like_the_notice() {
        assert_eq!(category_heading(3, "教育服务"), "三、教育服务");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(13), "十三");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(42), "四十二");
    }

    #[test]
    fn targets_read_as_in_the_notice() {
        let mut rate = indicator(IndicatorKind::Rate, Some("%"), Some(70.0));
        rate.comparison = Some(Comparison::AtLeast);
        assert_eq!(target(&rate), "≥ 70%");
        let mut about = indicator(IndicatorKind::Count, Some("名"), Some(11000.0));
        about.comparison = Some(Comparison::About);
        assert_eq!(target(&about), "约 11000 名");
        assert_eq!(
            target(&indicator(IndicatorKind::Milestone, None, None)),
            "按期完成"
        );
    }

    #[test]
    fn parts_use_their_own_unit_when_they_have_one() {
        let mut ind = indicator(IndicatorKind::Count, Some("套"), Some(81.0));
        ind.parts = vec![
            TargetPart {
                name: "重点单位".into(),
                target: 33.0,
                unit: Some("家".into()),
            },
            TargetPart {
                name: "物业企业".into(),
                target: 48.0,
                unit: None,
            },
        ];
        assert_eq!(
            parts(&ind).as_deref(),
            Some("重点单位 33 家 + 物业企业 48 套")
        );
    }

    #[test]
    fn milestones_show_done_or_open() {
        let mut m = indicator(IndicatorKind::Milestone, None, None);
        assert_eq!(actual(&m), MILESTONE_OPEN);
        m.actual = 1.0;
        assert_eq!(actual(&m), MILESTONE_DONE);
    }

    #[test]
    fn a_done_milestone_shows_its_date() {
        let mut ind = indicator(IndicatorKind::Milestone, None, None);
        assert_eq!(actual(&ind), "未完成");
        ind.actual = 1.0;
        assert_eq!(actual(&ind), "已完成");
        ind.done_on = "2024-06-30".parse().ok();
        assert_eq!(actual(&ind), "已完成（2024-06-30）");
    }
}
