use super::*;
use crate::domain::pace::{PaceSettings, plan_paces};
use crate::test_fixtures::{count, d, item, plan, unit};

fn lead() -> crate::domain::plan::UnitRef {
    unit(1, "区社会事业发展局")
}

/// Three items on 2024-06-30 (181 of 365 days: planned 49.6%): one done, one on pace,
/// one far behind.
fn plan3(actuals: [f64; 3]) -> crate::domain::plan::PlanDetail {
    plan(vec![
        item(
            1,
            "老旧小区改造",
            lead(),
            vec![count("a", 10.0, actuals[0])],
        ),
        item(2, "幼儿园学位", lead(), vec![count("b", 100.0, actuals[1])]),
        item(3, "口袋公园", lead(), vec![count("c", 100.0, actuals[2])]),
    ])
}

fn report() -> MonthlyReport {
    let at_end = plan3([10.0, 55.0, 10.0]);
    let before = plan3([8.0, 40.0, 10.0]);
    let as_of = d("2024-06-30");
    let paces = plan_paces(&at_end, as_of, &PaceSettings::default());
    let notes = |n: u32| ItemNotes {
        narrative: if n == 2 {
            vec!["新增学位 15 个".into()]
        } else {
            vec![]
        },
        ..ItemNotes::default()
    };
    build(
        &at_end,
        &before,
        &paces,
        Month::parse("2024-06").expect("test value"),
        as_of,
        &notes,
    )
}

#[test]
fn months_parse_and_span_their_days() {
    let m = Month::parse("2024-02").expect("test value");
    assert_eq!(m.last_day(), Some(d("2024-02-29")));
    assert_eq!(m.label(), "2024年2月");
    assert!(Month::parse("2024-13").is_none());
    assert!(Month::parse("nonsense").is_none());
}

#[test]
fn this_month_is_the_difference_and_status_is_computed() {
    let r = report();
    let items = &r.categories[0].items;
    assert_eq!(items[0].indicators[0].this_month, "+2 户");
    assert_eq!(items[0].status, PaceStatus::Done);
    assert_eq!(items[1].indicators[0].this_month, "+15 户");
    assert_eq!(items[1].status, PaceStatus::OnPace);
    assert_eq!(items[1].narrative, "新增学位 15 个");
    assert_eq!(items[2].indicators[0].this_month, "无新增");
    assert_eq!(items[2].status, PaceStatus::Serious);
    assert!(items[2].reason.contains("落后序时"), "{}", items[2].reason);
    // (100 + 55 + 10) / 3
    assert!((r.completion - 55.0).abs() < 1e-9);
}

#[test]
fn the_bulletin_title_names_the_year_once() {
    let mut r = report();
    for (title, year, month, expected) in [
        (
            "2024年重点民生实事",
            2024,
            9,
            "关于2024年重点民生实事9月份推进情况的通报",
        ),
        // A plan running into the next year: that month with its year.
        (
            "2024年重点民生实事",
            2025,
            1,
            "关于2025年1月2024年重点民生实事推进情况的通报",
        ),
        (
            "太白湖新区重点民生实事",
            2024,
            9,
            "关于2024年9月太白湖新区重点民生实事推进情况的通报",
        ),
    ] {
        r.plan.title = title.to_string();
        r.month = Month { year, month };
        assert_eq!(bulletin_title(&r), expected);
    }
}

#[test]
fn bulletin_lists_done_on_schedule_and_behind_items() {
    let text = draft_bulletin(&report(), "区党政办公室督查室", d("2024-07-02"));
    assert!(
        text.starts_with("关于2024年重点民生实事6月份推进情况的通报\n"),
        "the year once: {text}"
    );
    assert!(
        text.contains("截至2024年6月30日，3项重点民生实事项目总体完成率为55%。"),
        "{text}"
    );
    assert!(text.contains("已完成1项：老旧小区改造。"), "{text}");
    assert!(text.contains("按序时推进1项：幼儿园学位。"), "{text}");
    assert!(
        text.contains("慢于序时进度1项：口袋公园（区社会事业发展局，完成10%）。"),
        "{text}"
    );
    assert!(text.contains("其中1项严重滞后（红色）"), "{text}");
    assert!(
        text.ends_with("区党政办公室督查室\n2024年7月2日\n"),
        "{text}"
    );
}
