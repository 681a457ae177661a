//! Bad plan files: every problem is reported with its line and location, and one bad entry
//! does not hide the others.

use app::domain::plan_file::{PlanFileError, parse_plan_file};

const HEADER: &str = r#"
[plan]
code = "demo-2025"
year = 2025
region = "示例区"
title = "2025年示例区民生实事"
notice_title = "关于办好2025年民生实事的通知"
doc_number = "示管发〔2025〕1号"
issuer = "示例区管委会"
issued_on = 2025-03-01
starts_on = 2025-03-01
ends_on = 2025-12-31

[[units]]
name = "区教育局"
kind = "department"

[[units]]
name = "石桥镇政府"
kind = "town"
aliases = ["石桥镇人民政府"]

[[categories]]
number = 1
name = "教育服务"
"#;

const GOOD_ITEM: &str = r#"
[[items]]
number = 1
category = 1
title = "新增学位"
content = "新增学位 100 个。"
lead_units = ["区教育局"]
co_units = ["石桥镇人民政府"]

[[items.indicators]]
code = "seats"
name = "新增学位"
kind = "count"
unit = "个"
target = 100
parts = [{ name = "镇区", target = 40 }, { name = "街道", target = 60 }]
"#;

fn errors(text: &str) -> Vec<PlanFileError> {
    match parse_plan_file(text) {
        Ok(_) => panic!("expected the file to be refused"),
        Err(errors) => errors,
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .expect("needle in text")
}

#[test]
fn a_small_valid_file_parses_and_aliases_resolve_to_the_unit() {
    let plan = parse_plan_file(&format!("{HEADER}{GOOD_ITEM}")).expect("valid");
    assert_eq!(plan.items[0].co_units, ["石桥镇政府"]);
    assert_eq!(plan.items[0].indicators[0].parts.len(), 2);
}

#[test]
fn a_syntax_error_names_its_line() {
    let text = format!("{HEADER}{GOOD_ITEM}\n[[items]\nnumber = 2\n");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1);
    let bad_line = text
        .lines()
        .position(|l| l == "[[items]")
        .expect("bad line")
        + 1;
    assert_eq!(errs[0].line, Some(bad_line));
    assert!(errs[0].reason.contains("不是有效的计划文件"), "{}", errs[0]);
}

#[test]
fn every_bad_entry_is_reported_with_its_line() {
    let bad_items = r#"
[[items]]
number = 2
category = 1
title = "未知单位"
content = "内容"
lead_units = ["区不存在局"]

[[items.indicators]]
code = "a"
name = "数量"
kind = "count"
unit = "个"
target = 10

[[items]]
number = 3
category = 1
title = "分项不符"
content = "内容"
lead_units = ["区教育局"]

[[items.indicators]]
code = "b"
name = "数量"
kind = "count"
unit = "套"
target = 81
parts = [{ name = "甲", target = 33 }, { name = "乙", target = 47 }]

[[items]]
number = 3
category = 9
title = "序号重复且类别不存在"
content = "内容"
lead_units = ["区教育局"]

[[items.indicators]]
code = "c"
name = "节点"
kind = "milestone"
target = 1

[[items]]
number = 4
category = 1
title = "类型拼错"
content = "内容"
lead_units = ["区教育局"]

[[items.indicators]]
code = "d"
name = "数量"
kind = "counts"
"#;
    let text = format!("{HEADER}{GOOD_ITEM}{bad_items}");
    let errs = errors(&text);
    let rendered: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    let has = |line: usize, fragment: &str| {
        errs.iter()
            .any(|e| e.line == Some(line) && e.to_string().contains(fragment))
    };
    let item = |title: &str| line_of(&text, &format!("title = \"{title}\"")) - 3;
    assert!(has(item("未知单位"), "区不存在局"), "{rendered:#?}");
    assert!(
        has(item("分项不符"), "分项目标之和 80 不等于总目标 81"),
        "{rendered:#?}"
    );
    assert!(
        has(item("序号重复且类别不存在"), "项目序号 3 重复"),
        "{rendered:#?}"
    );
    assert!(
        has(item("序号重复且类别不存在"), "所属类别 9 不存在"),
        "{rendered:#?}"
    );
    assert!(
        has(item("序号重复且类别不存在"), "里程碑指标"),
        "{rendered:#?}"
    );
    // A misspelt kind makes the whole item undecodable; it is still located.
    assert!(has(item("类型拼错"), "[[items]] 第 5 项"), "{rendered:#?}");
    assert!(has(item("类型拼错"), "counts"), "{rendered:#?}");
    assert_eq!(errs.len(), 6, "{rendered:#?}");
}

#[test]
fn unknown_fields_are_refused_rather_than_ignored() {
    let text = format!("{HEADER}{GOOD_ITEM}")
        .replace("kind = \"town\"", "kind = \"town\"\nleader = \"张三\"");
    let errs = errors(&text);
    assert!(errs[0].reason.contains("leader"), "{}", errs[0]);
    assert_eq!(errs[0].location, "[[units]] 第 2 项");
    assert_eq!(
        errs[0].line,
        Some(line_of(&text, "name = \"石桥镇政府\"") - 1)
    );
}

#[test]
fn plan_header_problems_are_all_reported() {
    let text = format!("{HEADER}{GOOD_ITEM}")
        .replace("code = \"demo-2025\"", "code = \"Demo 2025\"")
        .replace("ends_on = 2025-12-31", "ends_on = 2025-01-31");
    let errs = errors(&text);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs.iter().all(|e| e.location == "[plan]"));
    assert!(errs.iter().any(|e| e.reason.contains("Demo 2025")));
    assert!(errs.iter().any(|e| e.reason.contains("晚于截止日期")));
}

#[test]
fn a_unit_that_leads_and_assists_the_same_item_is_refused() {
    let text = format!("{HEADER}{GOOD_ITEM}").replace(
        "co_units = [\"石桥镇人民政府\"]",
        "co_units = [\"区教育局\"]",
    );
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].reason.contains("既是牵头单位又是协办单位"));
}

#[test]
fn rates_are_percentages_and_counts_are_whole() {
    let text = format!("{HEADER}{GOOD_ITEM}")
        .replace(
            "kind = \"count\"\nunit = \"个\"\ntarget = 100",
            "kind = \"rate\"\nunit = \"个\"\ntarget = 100.5",
        )
        .replace(
            "parts = [{ name = \"镇区\", target = 40 }, { name = \"街道\", target = 60 }]",
            "",
        );
    let errs = errors(&text);
    assert!(
        errs.iter().any(|e| e.reason.contains("比率指标")),
        "{errs:#?}"
    );
}

#[test]
fn an_empty_file_says_what_is_missing() {
    let errs = errors("");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].reason.contains("plan"), "{}", errs[0]);
}
