//! Raw reports as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the
//! Chinese), RFC 4180 quoting, and cells that would start a formula made inert.

use app::domain::plan::PlanDetail;
use app::domain::weekly::week_label;
use app::store::StoredReport;

pub const HEADER: [&str; 15] = [
    "填报编号",
    "项目序号",
    "项目",
    "填报单位",
    "填报人",
    "填报日期",
    "所属周",
    "指标数值",
    "工作进展",
    "困难问题",
    "下步计划",
    "地点",
    "审核状态",
    "审核意见",
    "接收时间",
];

/// Quotes a cell when needed; a leading = + - @ (and TAB or CR, which spreadsheets skip
/// before reading a formula) is prefixed with ' so a spreadsheet never runs a reporter's
/// text as a formula ("+3 户" stays text).
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub fn line(cells: &[String]) -> String {
    let mut out = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

pub fn header() -> String {
    format!(
        "\u{FEFF}{}",
        line(&HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    )
}

pub fn row(plan: &PlanDetail, s: &StoredReport) -> String {
    let item = plan.item(s.report.item);
    line(&[
        s.report.id.to_string(),
        s.report.item.to_string(),
        item.map(|i| i.title.clone()).unwrap_or_default(),
        s.unit_name.clone(),
        s.report.author.clone(),
        s.report.captured_on.to_string(),
        week_label(s.report.captured_on),
        app::field::form::summarize_values(&s.report, item),
        s.report.narrative.clone(),
        s.report.difficulties.clone(),
        s.report.next_steps.clone(),
        s.report.place.clone(),
        s.status.label().to_string(),
        s.review_comment.clone().unwrap_or_default(),
        app::domain::china_time::format(s.received_at, "%Y-%m-%d %H:%M"),
    ])
}

/// The header of the residents' feedback export.
pub fn feedback_header() -> String {
    format!(
        "\u{FEFF}{}",
        line(
            &[
                "编号",
                "项目序号",
                "项目",
                "评价",
                "意见建议",
                "状态",
                "提交时间",
                "答复",
                "答复人",
                "答复时间"
            ]
            .map(str::to_string)
        )
    )
}

/// One rating (and its suggestion, answer and state) as a line of the export.
pub fn feedback_row(plan: &PlanDetail, f: &app::domain::feedback::Feedback) -> String {
    let time =
        |t: chrono::DateTime<chrono::Utc>| app::domain::china_time::format(t, "%Y-%m-%d %H:%M");
    line(&[
        f.id.to_string(),
        f.item.to_string(),
        plan.item(f.item)
            .map(|i| i.title.clone())
            .unwrap_or_default(),
        f.rating.label().to_string(),
        f.suggestion.clone().unwrap_or_default(),
        f.status.label().to_string(),
        time(f.created_at),
        f.answer.clone().unwrap_or_default(),
        f.answered_by.clone().unwrap_or_default(),
        f.answered_at.map(time).unwrap_or_default(),
    ])
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("石桥镇"), "石桥镇");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("说\"好\""), "\"说\"\"好\"\"\"");
        assert_eq!(cell("+3 户"), "'+3 户");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(cell("两行\n文字"), "\"两行\n文字\"");
        assert_eq!(cell("\t=1+1"), "'\t=1+1");
        assert_eq!(cell("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(cell("-"), "'-");
    }
}
