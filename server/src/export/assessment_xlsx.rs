//! 考核 as an Excel workbook: one row per unit, highest first — rank, unit, total, then each
//! part's points with the facts behind them; the rule in force under the table.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

use app::domain::assessment::Score;

pub fn assessment_workbook(
    title: &str,
    rule: &[String],
    scores: &[Score],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xF2DCDB)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = book.add_worksheet();
    sheet.set_name("考核")?;
    sheet.write_string_with_format(0, 0, title, &bold)?;
    for (col, (name, width)) in [
        ("排名", 6.0),
        ("牵头单位", 24.0),
        ("得分", 8.0),
        ("计分依据", 90.0),
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string_with_format(1, col as u16, name, &header)?;
        sheet.set_column_width(col as u16, width)?;
    }
    let mut row = 2u32;
    for (rank, s) in scores.iter().enumerate() {
        let facts: Vec<String> = s
            .points
            .iter()
            .map(|p| format!("{}：{} → {} 分", p.label, p.facts, p.points))
            .collect();
        sheet.write_number_with_format(row, 0, (rank + 1) as f64, &wrap)?;
        sheet.write_string_with_format(row, 1, &s.unit, &wrap)?;
        sheet.write_number_with_format(row, 2, s.total, &wrap)?;
        sheet.write_string_with_format(row, 3, facts.join("\n"), &wrap)?;
        row += 1;
    }
    sheet.write_string_with_format(row + 1, 0, "考核规则", &bold)?;
    sheet.write_string_with_format(row + 2, 0, rule.join("；"), &wrap)?;
    book.save_to_buffer()
}
