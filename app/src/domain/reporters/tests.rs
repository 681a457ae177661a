use super::*;
use crate::domain::plan::Unit;
use crate::test_fixtures::{count, item, plan, unit};

const LEAD: i64 = 1;
const FINANCE: i64 = 2;
const TOWN: i64 = 3;
const STREET: i64 = 4;

/// Item 1 of the notice: 社会事业发展局 leads; 财政金融局, 石桥镇 and 许庄街道 help.
fn scene(by: ReportedBy) -> PlanDetail {
    let mut ind = count("households", 30.0, 0.0);
    ind.reported_by = by;
    let mut it = item(
        1,
        "困难老年人家庭设施改造",
        unit(LEAD, "区社会事业发展局"),
        vec![ind],
    );
    it.co_units = vec![
        unit(FINANCE, "区财政金融局"),
        unit(TOWN, "石桥镇政府"),
        unit(STREET, "许庄街道办事处"),
    ];
    let mut p = plan(vec![it]);
    let kinds = [
        (LEAD, UnitKind::Department),
        (FINANCE, UnitKind::Department),
        (TOWN, UnitKind::Town),
        (STREET, UnitKind::Subdistrict),
    ];
    p.units = kinds
        .iter()
        .map(|(id, kind)| Unit {
            id: *id,
            name: format!("单位{id}"),
            kind: *kind,
            aliases: vec![],
        })
        .collect();
    p
}

#[test]
fn each_marking_names_its_reporting_units() {
    let cases = [
        (ReportedBy::Lead, vec![LEAD]),
        (ReportedBy::Units, vec![LEAD, FINANCE, TOWN, STREET]),
        // Towns and subdistricts alike.
        (ReportedBy::Towns, vec![TOWN, STREET]),
    ];
    for (by, want) in cases {
        let p = scene(by);
        let it = &p.items[0];
        let ind = &it.indicators[0];
        assert_eq!(reporting_units(&p, it, ind), want, "{by:?}");
        for id in [LEAD, FINANCE, TOWN, STREET, 99] {
            assert_eq!(
                reports(&p, it, ind, id),
                want.contains(&id),
                "{by:?} unit {id}"
            );
            assert_eq!(
                indicators_of(&p, it, id).count(),
                usize::from(want.contains(&id)),
                "{by:?} unit {id}"
            );
        }
    }
    let p = scene(ReportedBy::Lead);
    assert_eq!(
        refusal(&p.items[0].indicators[0]),
        "“指标households”由牵头单位填报，本单位不填报该指标"
    );
    assert_eq!(ReportedBy::parse("towns"), Some(ReportedBy::Towns));
    assert_eq!(ReportedBy::parse("co_units"), None);
    assert_eq!(ReportedBy::default(), ReportedBy::Units);
}

/// A plan file's markings and the problems expected, each as a phrase.
type Case<'a> = (
    ReportedBy,
    IndicatorKind,
    Option<f64>,
    Vec<(String, f64)>,
    &'a [FileUnit<'a>],
    Vec<&'a str>,
);

#[test]
fn the_plan_files_markings_are_checked() {
    let units = [
        FileUnit {
            name: "区社会事业发展局",
            kind: UnitKind::Department,
            leads: true,
        },
        FileUnit {
            name: "石桥镇政府",
            kind: UnitKind::Town,
            leads: false,
        },
        FileUnit {
            name: "许庄街道办事处",
            kind: UnitKind::Subdistrict,
            leads: false,
        },
    ];
    let departments = [FileUnit {
        name: "区教育局",
        kind: UnitKind::Department,
        leads: true,
    }];
    let share = |u: &str, t: f64| (u.to_string(), t);
    let count = IndicatorKind::Count;
    // (marking, kind, target, shares, units, problems expected: each a phrase)
    let cases: Vec<Case> = vec![
        (ReportedBy::Towns, count, Some(30.0), vec![], &units, vec![]),
        (ReportedBy::Lead, count, Some(30.0), vec![], &units, vec![]),
        (
            ReportedBy::Towns,
            count,
            Some(30.0),
            vec![share("石桥镇政府", 18.0), share("许庄街道办事处", 12.0)],
            &units,
            vec![],
        ),
        (
            ReportedBy::Towns,
            count,
            Some(30.0),
            vec![],
            &departments,
            vec!["没有镇（街道）"],
        ),
        (
            ReportedBy::Towns,
            count,
            Some(30.0),
            vec![share("石桥镇政府", 18.0), share("许庄街道办事处", 10.0)],
            &units,
            vec!["之和 28 不等于总目标 30"],
        ),
        (
            ReportedBy::Lead,
            count,
            Some(30.0),
            vec![share("石桥镇政府", 30.0)],
            &units,
            vec!["“石桥镇政府”不填报该指标"],
        ),
        (
            ReportedBy::Towns,
            count,
            Some(30.0),
            vec![share("石桥镇政府", 15.0), share("石桥镇政府", 15.0)],
            &units,
            vec!["重复"],
        ),
        (
            ReportedBy::Towns,
            count,
            Some(30.0),
            vec![share("石桥镇政府", 29.5), share("许庄街道办事处", 0.5)],
            &units,
            vec!["29.5 必须是正整数", "0.5 必须是正整数"],
        ),
        (
            ReportedBy::Lead,
            IndicatorKind::Rate,
            Some(7.5),
            vec![share("区社会事业发展局", 7.5)],
            &units,
            vec!["只有计数（count）和覆盖（coverage）指标"],
        ),
    ];
    for (by, kind, target, shares, units, want) in cases {
        let got = problems(by, kind, target, &shares, units);
        assert_eq!(got.len(), want.len(), "{by:?} {shares:?}: {got:?}");
        for phrase in want {
            assert!(
                got.iter().any(|p| p.contains(phrase)),
                "{phrase} in {got:?}"
            );
        }
    }
}
