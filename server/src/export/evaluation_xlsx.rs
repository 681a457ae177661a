//! 满意度测评 results as an Excel workbook: one row per item with the panel's counts and
//! result, and beside them (never in them) the public's ratings; the rule under the table.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use app::domain::evaluation::{Evaluation, ItemResult};

const COLUMNS: [(&str, f64); 10] = [
    ("序号", 6.0),
    ("项目", 36.0),
    ("满意", 8.0),
    ("基本满意", 10.0),
    ("不满意", 8.0),
    ("票数", 8.0),
    ("测评结果", 12.0),
    ("群众评价·满意", 14.0),
    ("群众评价·基本满意", 16.0),
    ("群众评价·不满意", 14.0),
];

pub fn evaluation_workbook(
    title: &str,
    window: &Evaluation,
    results: &[ItemResult],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xF2DCDB)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name("满意度测评")?;
    sheet.write_string_with_format(0, 0, format!("{title} 满意度测评结果"), &bold)?;
    for (col, (name, width)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(1, col, *name, &header)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    let mut row = 2u32;
    for r in results {
        sheet.write_number(row, 0, r.item)?;
        sheet.write_string(row, 1, &r.title)?;
        sheet.write_number(row, 2, r.panel.satisfied as f64)?;
        sheet.write_number(row, 3, r.panel.basic as f64)?;
        sheet.write_number(row, 4, r.panel.unsatisfied as f64)?;
        sheet.write_number(row, 5, r.panel.total() as f64)?;
        sheet.write_string(row, 6, r.result.map_or("未测评", |x| x.label()))?;
        sheet.write_number(row, 7, r.public.satisfied as f64)?;
        sheet.write_number(row, 8, r.public.basic as f64)?;
        sheet.write_number(row, 9, r.public.unsatisfied as f64)?;
        row += 1;
    }
    sheet.write_string(row + 1, 0, format!("计票规则：{}", window.rule.describe()))?;
    sheet.write_string(
        row + 2,
        0,
        "群众评价为公众在项目页的评价，单列参考，不计入测评结果。",
    )?;
    book.save_to_buffer()
}
