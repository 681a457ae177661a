//! What the public sees of where progress happened. Signed-in staff see each report's unit
//! and village; the public sees towns (the units that report), never villages: in a small
//! village a count of 失能老人 households can point at a family. Indicators about people
//! (`sensitive` in the plan file) show no breakdown at all, only the district total; and
//! figures that are not additive across towns (rates, amounts, milestones) show none
//! either, since a sum of them would be wrong.

use crate::domain::plan::{IndicatorKind, Item};

/// One breakdown row as the item page shows it: (indicator code, unit, place, amount,
/// reports). `place` is empty in the public's rows.
pub type BreakdownCells = (String, String, String, f64, u64);

/// The public's breakdown of an item: per indicator and town, summed over places.
pub fn public_breakdown(item: &Item, rows: &[BreakdownCells]) -> Vec<BreakdownCells> {
    let mut out: Vec<BreakdownCells> = Vec::new();
    for (code, unit, _place, amount, reports) in rows {
        let Some(ind) = item.indicators.iter().find(|i| i.code == *code) else {
            continue;
        };
        let additive = matches!(ind.kind, IndicatorKind::Count | IndicatorKind::Coverage);
        if ind.sensitive || !additive {
            continue;
        }
        match out.iter_mut().find(|r| r.0 == *code && r.1 == *unit) {
            Some(row) => {
                row.3 += amount;
                row.4 += reports;
            }
            None => out.push((code.clone(), unit.clone(), String::new(), *amount, *reports)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::Indicator;
    use crate::test_fixtures::count;

    fn item(indicators: Vec<Indicator>) -> Item {
        Item {
            number: 1,
            category: 1,
            title: "t".into(),
            content: String::new(),
            lead_units: vec![],
            co_units: vec![],
            indicators,
        }
    }

    fn row(code: &str, unit: &str, place: &str, amount: f64, reports: u64) -> BreakdownCells {
        (code.into(), unit.into(), place.into(), amount, reports)
    }

    #[test]
    fn the_public_sees_towns_not_villages_and_nothing_of_indicators_about_people() {
        let mut households = count("households", 30.0, 5.0);
        households.sensitive = true;
        let parks = count("parks", 10.0, 6.0);
        let mut rate = count("share", 60.0, 50.0);
        rate.kind = IndicatorKind::Rate;
        let item = item(vec![households, parks, rate]);
        let rows = [
            row("households", "石桥镇政府", "南李村", 2.0, 1),
            row("households", "石桥镇政府", "北李村", 3.0, 2),
            row("parks", "石桥镇政府", "南李村", 1.0, 1),
            row("parks", "石桥镇政府", "北李村", 2.0, 1),
            row("parks", "许庄街道办事处", "东村", 3.0, 2),
            row("share", "许庄街道办事处", "东村", 50.0, 1),
        ];
        assert_eq!(
            public_breakdown(&item, &rows),
            [
                row("parks", "石桥镇政府", "", 3.0, 2),
                row("parks", "许庄街道办事处", "", 3.0, 2),
            ]
        );
        // The towns' rows add up to what the places' rows add up to.
        let towns: f64 = public_breakdown(&item, &rows).iter().map(|r| r.3).sum();
        let places: f64 = rows.iter().filter(|r| r.0 == "parks").map(|r| r.3).sum();
        assert_eq!(towns, places);
    }
}
