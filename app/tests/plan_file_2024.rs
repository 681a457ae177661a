//! The 2024 notice of 济宁太白湖新区 as transcribed in `plans/taibaihu-2024.toml`: checked
//! against the notice itself, figure by figure.

use app::domain::plan::{Comparison, IndicatorKind, UnitKind};
use app::domain::plan_file::{NewIndicator, NewItem, NewPlan, TAIBAIHU_2024, parse_plan_file};

fn plan() -> NewPlan {
    parse_plan_file(TAIBAIHU_2024).unwrap_or_else(|errors| {
        panic!(
            "the 2024 plan file must be valid: {}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn item(plan: &NewPlan, number: u32) -> &NewItem {
    plan.items
        .iter()
        .find(|i| i.number == number)
        .expect("item exists")
}

fn indicator<'a>(plan: &'a NewPlan, number: u32, code: &str) -> &'a NewIndicator {
    item(plan, number)
        .indicators
        .iter()
        .find(|i| i.code == code)
        .unwrap_or_else(|| panic!("item {number} has indicator {code}"))
}

#[test]
fn the_notice_header_is_transcribed() {
    let p = plan();
    assert_eq!(p.meta.code, "taibaihu-2024");
    assert_eq!(p.meta.year, 2024);
    assert_eq!(p.meta.doc_number, "济太管发〔2024〕1号");
    assert_eq!(p.meta.issuer, "济宁太白湖新区管委会");
    assert_eq!(p.meta.issued_on.to_string(), "2024-04-02");
    assert_eq!(p.meta.ends_on.to_string(), "2024-12-31");
    assert_eq!(p.meta.disclosure, "此件主动公开");
    assert!(p.meta.preamble.contains("部门工作周盘点"));
    assert!(
        p.meta
            .preamble
            .contains("每月向区党政办公室督查室报送工作进展情况")
    );
}

#[test]
fn thirteen_categories_in_the_notice_order() {
    let p = plan();
    let names: Vec<&str> = p.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "老年人服务",
            "优生优育",
            "教育服务",
            "社区服务",
            "文化服务",
            "医疗健康",
            "群众就业",
            "困难群众救助",
            "儿童守护",
            "城市功能提升",
            "供水保障",
            "体育运动",
            "食品安全"
        ]
    );
}

#[test]
fn twenty_items_each_in_its_category() {
    let p = plan();
    let numbers: Vec<u32> = p.items.iter().map(|i| i.number).collect();
    assert_eq!(numbers, (1..=20).collect::<Vec<_>>());
    let categories: Vec<u32> = p.items.iter().map(|i| i.category).collect();
    // Items 12 and 15 continue after a page break and belong to the category above them.
    assert_eq!(
        categories,
        [
            1, 1, 1, 1, 2, 3, 3, 3, 4, 5, 6, 6, 7, 8, 8, 9, 10, 11, 12, 13
        ]
    );
    assert_eq!(item(&p, 10).title, "送戏下乡");
    assert_eq!(item(&p, 17).title, "口袋公园建设");
    assert!(
        item(&p, 4)
            .content
            .contains("独立式智能感烟火灾探测报警器 80 个")
    );
}

#[test]
fn lead_units_are_the_bold_ones_and_co_units_follow() {
    let p = plan();
    let lead = |n| item(&p, n).lead_units.clone();
    let co = |n| item(&p, n).co_units.clone();
    assert_eq!(lead(1), ["区社会事业发展局"]);
    assert_eq!(co(1), ["区财政金融局", "石桥镇政府", "许庄街道办事处"]);
    assert_eq!(lead(4), ["北湖消防救援大队"]);
    assert_eq!(lead(5), ["区卫健办"]);
    assert!(co(5).is_empty());
    assert_eq!(lead(9), ["区城乡建设和交通局"]);
    assert_eq!(co(9).len(), 7);
    assert_eq!(lead(12), ["区社保就业服务部"]);
    assert_eq!(lead(17), ["区园林绿化服务部"]);
    assert_eq!(co(17), ["区行政审批服务局", "区自然资源规划分局"]);
    assert_eq!(lead(18), ["区城乡水务服务部"]);
    assert_eq!(co(18), ["石桥镇政府"]);
    assert_eq!(lead(19), ["区教育局"]);
    assert_eq!(lead(20), ["区市场监督管理局"]);
}

#[test]
fn every_unit_named_in_the_notice_is_listed_once() {
    let p = plan();
    let names: Vec<&str> = p.units.iter().map(|u| u.name.as_str()).collect();
    for expected in [
        "济宁太白湖新区管委会",
        "区党工委",
        "区党政办公室督查室",
        "区社会事业发展局",
        "区财政金融局",
        "区市场监督管理局",
        "区社保服务中心",
        "区城乡建设和交通局",
        "区卫健办",
        "区教育局",
        "区公安分局",
        "区综合执法局",
        "区园林绿化服务部",
        "区文旅局",
        "区社保就业服务部",
        "区行政审批服务局",
        "区自然资源规划分局",
        "区城乡水务服务部",
        "北湖消防救援大队",
        "石桥镇政府",
        "许庄街道办事处",
    ] {
        assert!(names.contains(&expected), "{expected} missing");
    }
    assert_eq!(names.len(), 21);
    let town = p
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("town");
    assert_eq!(town.kind, UnitKind::Town);
    assert_eq!(town.aliases, ["石桥镇人民政府"]);
}

#[test]
fn numeric_targets_match_the_notice() {
    let p = plan();
    let cases: &[(u32, &str, IndicatorKind, &str, f64)] = &[
        (1, "households", IndicatorKind::Count, "户", 30.0),
        (2, "canteens", IndicatorKind::Count, "处", 3.0),
        (3, "facilities", IndicatorKind::Count, "处", 5.0),
        (3, "trainees", IndicatorKind::Count, "名", 60.0),
        (4, "smoke-alarms", IndicatorKind::Count, "个", 80.0),
        (4, "dispatch-terminals", IndicatorKind::Count, "套", 81.0),
        (5, "reimbursement-share", IndicatorKind::Amount, "%", 70.0),
        (
            5,
            "reimbursement-per-case",
            IndicatorKind::Amount,
            "元/例",
            381.5,
        ),
        (6, "kindergarten-seats", IndicatorKind::Count, "个", 630.0),
        (6, "public-share", IndicatorKind::Rate, "%", 70.0),
        (7, "high-school-places", IndicatorKind::Count, "个", 1173.0),
        (7, "admission-rate", IndicatorKind::Rate, "%", 75.0),
        (8, "counsellor-training", IndicatorKind::Count, "人次", 40.0),
        (
            8,
            "mental-health-survey",
            IndicatorKind::Count,
            "名",
            11000.0,
        ),
        (
            9,
            "management-training",
            IndicatorKind::Count,
            "人次",
            400.0,
        ),
        (9, "study-visits", IndicatorKind::Count, "次", 10.0),
        (10, "venues-covered", IndicatorKind::Coverage, "处", 75.0),
        (10, "performances", IndicatorKind::Count, "场", 225.0),
        (11, "free-clinics", IndicatorKind::Count, "次", 20.0),
        (12, "insured-residents", IndicatorKind::Count, "人", 96000.0),
        (13, "new-urban-jobs", IndicatorKind::Count, "人", 790.0),
        (14, "urban-dibao", IndicatorKind::Amount, "%", 7.5),
        (14, "rural-dibao", IndicatorKind::Amount, "%", 9.5),
        (14, "rural-destitute", IndicatorKind::Amount, "%", 9.5),
        (
            16,
            "children-rehabilitated",
            IndicatorKind::Count,
            "名",
            70.0,
        ),
        (17, "pocket-parks", IndicatorKind::Count, "处", 3.0),
        (20, "food-samples", IndicatorKind::Count, "批次", 1600.0),
        (20, "disposal-rate", IndicatorKind::Rate, "%", 100.0),
    ];
    for &(number, code, kind, unit, target) in cases {
        let ind = indicator(&p, number, code);
        assert_eq!(ind.kind, kind, "{number}/{code} kind");
        assert_eq!(ind.unit.as_deref(), Some(unit), "{number}/{code} unit");
        assert_eq!(ind.target, Some(target), "{number}/{code} target");
    }
    assert_eq!(
        indicator(&p, 6, "public-share").comparison,
        Some(Comparison::AtLeast)
    );
    assert_eq!(
        indicator(&p, 8, "mental-health-survey").comparison,
        Some(Comparison::About)
    );
    assert_eq!(item(&p, 14).indicators.len(), 6);
}

#[test]
fn targets_stated_as_sums_keep_their_parts() {
    let p = plan();
    let parts = |n, code| -> Vec<f64> {
        indicator(&p, n, code)
            .parts
            .iter()
            .map(|x| x.target)
            .collect()
    };
    assert_eq!(parts(7, "high-school-places"), [499.0, 674.0]);
    assert_eq!(parts(4, "dispatch-terminals"), [33.0, 48.0]);
    assert_eq!(parts(10, "venues-covered"), [64.0, 11.0]);
    assert_eq!(
        indicator(&p, 7, "high-school-places").parts[0].name,
        "市直提供高中学位"
    );
}

#[test]
fn items_without_a_numeric_target_get_milestones() {
    let p = plan();
    for number in [15, 18, 19] {
        let it = item(&p, number);
        assert!(!it.indicators.is_empty());
        assert!(
            it.indicators
                .iter()
                .all(|i| i.kind == IndicatorKind::Milestone && i.target.is_none()),
            "item {number}"
        );
    }
}
