//! 月报 as an Excel workbook: sheet “月报” with one row per indicator (item columns repeated
//! so the sheet sorts and filters cleanly), a frozen header and widths that fit Chinese
//! text; sheet “通报” with the drafted notice.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use app::domain::monthly::MonthlyReport;

/// Column headers and widths (in characters; a Chinese character is about two).
pub const COLUMNS: [(&str, f64); 18] = [
    ("类别", 18.0),
    ("序号", 6.0),
    ("项目", 28.0),
    ("牵头单位", 20.0),
    ("指标", 30.0),
    ("目标", 14.0),
    ("累计完成", 14.0),
    ("完成数值", 10.0),
    ("完成率(%)", 10.0),
    ("本月", 16.0),
    ("指标状态", 14.0),
    ("项目状态", 14.0),
    ("状态说明", 50.0),
    ("本月进展", 50.0),
    ("困难问题", 36.0),
    ("督办情况", 36.0),
    ("佐证照片(张)", 10.0),
    ("下步计划", 40.0),
];

pub fn monthly_workbook(report: &MonthlyReport, bulletin: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xF2DCDB)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let percent = Format::new()
        .set_num_format("0.0")
        .set_align(FormatAlign::Top);
    let sheet = book.add_worksheet();
    sheet.set_name("月报")?;
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    for category in &report.categories {
        for item in &category.items {
            for ind in &item.indicators {
                let texts: [(u16, &str); 14] = [
                    (0, &category.heading),
                    (2, &item.title),
                    (3, &item.lead_units),
                    (4, &ind.name),
                    (5, &ind.target),
                    (6, &ind.actual),
                    (9, &ind.this_month),
                    (10, ind.status.long_label()),
                    (11, item.status.long_label()),
                    (12, &ind.explanation),
                    (13, &item.narrative),
                    (14, &item.difficulties),
                    (15, &item.notices),
                    (17, &item.next_steps),
                ];
                for (col, text) in texts {
                    sheet.write_string_with_format(row, col, text, &wrap)?;
                }
                sheet.write_number_with_format(row, 1, item.number, &wrap)?;
                sheet.write_number_with_format(row, 7, ind.actual_value, &percent)?;
                sheet.write_number_with_format(row, 16, item.evidence as f64, &wrap)?;
                sheet.write_number_with_format(
                    row,
                    8,
                    (ind.percent * 10.0).round() / 10.0,
                    &percent,
                )?;
                row += 1;
            }
        }
    }
    let notice = book.add_worksheet();
    notice.set_name("通报")?;
    notice.set_column_width(0, 100.0)?;
    for (i, line) in bulletin.lines().enumerate() {
        notice.write_string_with_format(i as u32, 0, line, &wrap)?;
    }
    book.save_to_buffer()
}
