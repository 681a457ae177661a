use super::*;
use crate::domain::pace::plan_paces;
use crate::domain::plan::{Unit, UnitKind};
use crate::domain::reporters::{ReportedBy, UnitShare};
use crate::test_fixtures::{count, d, item, plan, unit};

const BUREAU: i64 = 1;
const TOWN: i64 = 3;
const STREET: i64 = 4;

/// Item 1 (30 households, the towns report, 石桥镇's share 18 of them) beside its
/// trainings (the bureau's), and item 2 (3 canteens, every unit reports, no shares).
fn scene(district_done: f64) -> PlanDetail {
    let mut households = count("households", 30.0, district_done);
    households.reported_by = ReportedBy::Towns;
    households.shares = vec![
        UnitShare {
            unit_id: TOWN,
            unit: "石桥镇政府".into(),
            target: 18.0,
        },
        UnitShare {
            unit_id: STREET,
            unit: "许庄街道办事处".into(),
            target: 12.0,
        },
    ];
    let mut trainees = count("trainees", 60.0, 20.0);
    trainees.reported_by = ReportedBy::Lead;
    let mut one = item(
        1,
        "改造",
        unit(BUREAU, "区社会事业发展局"),
        vec![households, trainees],
    );
    one.co_units = vec![unit(TOWN, "石桥镇政府"), unit(STREET, "许庄街道办事处")];
    let mut two = item(
        2,
        "食堂",
        unit(BUREAU, "区社会事业发展局"),
        vec![count("canteens", 3.0, 1.0)],
    );
    two.co_units = vec![unit(TOWN, "石桥镇政府")];
    let three = item(
        3,
        "别处",
        unit(BUREAU, "区社会事业发展局"),
        vec![count("x", 5.0, 0.0)],
    );
    let mut p = plan(vec![one, two, three]);
    p.units = [
        (BUREAU, UnitKind::Department),
        (TOWN, UnitKind::Town),
        (STREET, UnitKind::Subdistrict),
    ]
    .iter()
    .map(|(id, kind)| Unit {
        id: *id,
        name: format!("{id}"),
        kind: *kind,
        aliases: vec![],
    })
    .collect();
    p
}

#[test]
fn a_town_sees_its_share_as_its_own_and_the_rest_as_the_districts() {
    // 1 July: 182 of 365 days. 石桥镇 has 4 households done of its 18 (the district 10 of 30).
    let day = d("2024-07-01");
    let p = scene(10.0);
    let paces = plan_paces(&p, day, &PaceSettings::default());
    let done_by = |item: u32, code: &str| match (item, code) {
        (1, "households") => Some(4.0),
        (2, "canteens") => Some(1.0),
        _ => None,
    };
    let rows = rows(&p, &paces, TOWN, &done_by, day, &PaceSettings::default());
    type Seen<'a> = (u32, &'a str, Option<f64>, bool, f64, Option<f64>);
    let got: Vec<Seen> = rows
        .iter()
        .map(|r| {
            (
                r.item,
                r.indicator.as_str(),
                r.target,
                r.own,
                r.done,
                r.town_done,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "指标households", Some(18.0), true, 4.0, Some(4.0)),
            (2, "指标canteens", Some(3.0), false, 1.0, Some(1.0)),
        ],
        "the bureau's trainings and item 3 (not the town's) are left out"
    );
    // Its own pace: 18 × 182/365 = 8.98 expected, 4 done: 27.8 points behind → red; the
    // district, 10 of 30 against 49.9 %, is only yellow.
    let own = &rows[0];
    assert!((own.expected.expect("numeric") - 18.0 * 182.0 / 365.0).abs() < 1e-9);
    assert_eq!(own.status, PaceStatus::Serious, "{}", own.explanation);
    assert_eq!(own.district_target, Some(30.0));
    assert_eq!(paces[0].indicators[0].status, PaceStatus::Behind);
    // Without a share the row is the district's, colour included.
    let canteens = &rows[1];
    assert_eq!(canteens.status, paces[1].indicators[0].status);
    assert!((canteens.expected.expect("numeric") - 3.0 * 182.0 / 365.0).abs() < 1e-9);
    // The subdistrict's board has item 1 only, with its own share.
    let street = rows_of(&p, &paces, STREET, day);
    assert_eq!(street.len(), 1);
    assert_eq!(street[0].target, Some(12.0));
    assert_eq!(street[0].done, 0.0);
}

fn rows_of(p: &PlanDetail, paces: &[ItemPace], town: i64, day: NaiveDate) -> Vec<BoardRow> {
    rows(p, paces, town, &|_, _| None, day, &PaceSettings::default())
}
