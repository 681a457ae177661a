//! What the public sees of where progress happened. Signed-in staff see each report's unit
//! and village; the public sees towns (the units that report), never villages: in a small
//! village a count of 失能老人 households can point at a family. Indicators about people
//! (`sensitive` in the plan file) show no breakdown at all, only the district total; and
//! figures that are not additive across towns (rates, amounts, milestones) show none
//! either, since a sum of them would be wrong.
//!
//! The district total of an indicator about people is still a small cell while it is
//! small: "2 户" of 残疾儿童 in a district is two known families. Such a total above zero
//! and below the threshold (`PrivacySettings::small_cell`, 5 by default) is published as
//! "少于 5 户", and nothing that would give it back is published either: not its
//! percentage, not the colour's explanation (it names figures), not the steps of its chart
//! below the threshold. The colour itself stays: it says less than a count.

use crate::domain::chart::{SeriesPoint, Trend};
use crate::domain::pace::ItemPace;
use crate::domain::plan::{IndicatorKind, Item, PlanDetail};

/// Totals of indicators about people below this are not published (setting).
pub const DEFAULT_SMALL_CELL: f64 = 5.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrivacySettings {
    pub small_cell: f64,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            small_cell: DEFAULT_SMALL_CELL,
        }
    }
}

/// Whether a published figure of this indicator would be a small cell.
fn small(value: f64, small_cell: f64) -> bool {
    value > 0.0 && value < small_cell
}

/// The public's view of one item: every sensitive total above zero and below the
/// threshold is replaced by the threshold itself (`suppressed_below`, the figure 0), its
/// pace keeps its colour but not its percentage or explanation, and its chart is dropped.
/// `pace` and `trends` are the item's, in the order of its indicators.
pub fn suppress_item(
    item: &mut Item,
    pace: Option<&mut ItemPace>,
    trends: Option<&mut [Option<Trend>]>,
    settings: PrivacySettings,
) {
    let hidden: Vec<bool> = item
        .indicators
        .iter()
        .map(|i| {
            i.sensitive
                && i.kind != IndicatorKind::Milestone
                && small(i.actual, settings.small_cell)
        })
        .collect();
    for (ind, hide) in item.indicators.iter_mut().zip(&hidden) {
        if *hide {
            ind.actual = 0.0;
            ind.suppressed_below = Some(settings.small_cell);
        }
    }
    if let Some(pace) = pace {
        for (p, hide) in pace.indicators.iter_mut().zip(&hidden) {
            if *hide {
                p.percent = 0.0;
                p.explanation = crate::text::suppressed_note(settings.small_cell);
            }
        }
    }
    if let Some(trends) = trends {
        for (t, hide) in trends.iter_mut().zip(&hidden) {
            if *hide {
                *t = None;
            }
        }
    }
}

/// `suppress_item` for every item of a plan (the overview and `/api/v1`).
pub fn suppress_plan(plan: &mut PlanDetail, paces: &mut [ItemPace], settings: PrivacySettings) {
    for item in &mut plan.items {
        let pace = paces.iter_mut().find(|p| p.item == item.number);
        suppress_item(item, pace, None, settings);
    }
}

/// The public's chart data of an item: for an indicator about people, no step below the
/// threshold is drawn. Counts held below it are carried to the day the total reaches it;
/// rates and amounts below it are left out.
pub fn public_series(
    item: &Item,
    series: &[SeriesPoint],
    settings: PrivacySettings,
) -> Vec<SeriesPoint> {
    let mut out: Vec<SeriesPoint> = Vec::with_capacity(series.len());
    let mut points: Vec<&SeriesPoint> = series.iter().collect();
    points.sort_by_key(|p| p.day);
    let mut held: Vec<(String, f64, f64)> = Vec::new(); // (code, total so far, held back)
    for p in points {
        let Some(ind) = item.indicators.iter().find(|i| i.code == p.code) else {
            continue;
        };
        if !ind.sensitive {
            out.push(p.clone());
            continue;
        }
        match ind.kind {
            IndicatorKind::Count | IndicatorKind::Coverage => {
                let at = match held.iter().position(|h| h.0 == p.code) {
                    Some(at) => at,
                    None => {
                        held.push((p.code.clone(), 0.0, 0.0));
                        held.len() - 1
                    }
                };
                let h = &mut held[at];
                h.1 += p.increment;
                h.2 += p.increment;
                if !small(h.1, settings.small_cell) {
                    out.push(SeriesPoint {
                        increment: h.2,
                        ..p.clone()
                    });
                    h.2 = 0.0;
                }
            }
            _ => {
                if !p.last_value.is_some_and(|v| small(v, settings.small_cell)) {
                    out.push(p.clone());
                }
            }
        }
    }
    out
}

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
    use crate::domain::pace::{Pace, PaceStatus};
    use crate::domain::plan::Indicator;
    use crate::test_fixtures::{count, d};

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

    fn pace(n: usize) -> ItemPace {
        ItemPace {
            item: 1,
            status: PaceStatus::Behind,
            indicators: (0..n)
                .map(|_| Pace {
                    status: PaceStatus::Behind,
                    percent: 10.0,
                    planned_percent: Some(50.0),
                    deadline: d("2024-12-31"),
                    explanation: "已完成 3 户，应完成 15 户".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_small_total_about_people_is_not_published_nor_anything_that_gives_it_back() {
        let settings = PrivacySettings::default();
        // (sensitive, actual) → published figure, whether hidden
        let cases = [
            (true, 0.0, 0.0, false),
            (true, 1.0, 0.0, true),
            (true, 4.0, 0.0, true),
            (true, 4.9, 0.0, true),
            (true, 5.0, 5.0, false),
            (true, 30.0, 30.0, false),
            (false, 2.0, 2.0, false),
        ];
        for (sensitive, actual, published, hidden) in cases {
            let mut ind = count("households", 30.0, actual);
            ind.sensitive = sensitive;
            let mut it = item(vec![ind]);
            let mut p = pace(1);
            let mut trends = vec![Some(Trend {
                planned: String::new(),
                actual: String::new(),
                as_of_x: 0.0,
                y_max: 33.0,
                last_actual: actual,
            })];
            suppress_item(&mut it, Some(&mut p), Some(&mut trends), settings);
            let case = format!("sensitive {sensitive}, actual {actual}");
            assert_eq!(it.indicators[0].actual, published, "{case}");
            assert_eq!(
                it.indicators[0].suppressed_below,
                hidden.then_some(5.0),
                "{case}"
            );
            assert_eq!(p.indicators[0].percent == 0.0, hidden, "{case}");
            assert_eq!(p.indicators[0].explanation.contains('3'), !hidden, "{case}");
            assert_eq!(trends[0].is_none(), hidden, "{case}");
            // The colour stays.
            assert_eq!(p.status, PaceStatus::Behind, "{case}");
        }
    }

    #[test]
    fn the_threshold_is_a_setting() {
        let mut ind = count("households", 30.0, 8.0);
        ind.sensitive = true;
        let mut it = item(vec![ind]);
        suppress_item(&mut it, None, None, PrivacySettings { small_cell: 10.0 });
        assert_eq!(it.indicators[0].suppressed_below, Some(10.0));
    }

    #[test]
    fn the_public_chart_draws_no_step_of_a_small_total_about_people() {
        let mut households = count("households", 30.0, 9.0);
        households.sensitive = true;
        let parks = count("parks", 10.0, 3.0);
        let it = item(vec![households, parks]);
        let point = |code: &str, day: &str, increment: f64| SeriesPoint {
            code: code.into(),
            day: d(day),
            increment,
            last_value: None,
        };
        let series = [
            point("households", "2024-03-01", 2.0),
            point("parks", "2024-03-01", 1.0),
            point("households", "2024-04-01", 2.0),
            point("households", "2024-05-01", 3.0),
            point("parks", "2024-05-01", 2.0),
            point("households", "2024-06-01", 2.0),
        ];
        let public = public_series(&it, &series, PrivacySettings::default());
        assert_eq!(
            public,
            [
                point("parks", "2024-03-01", 1.0),
                // 2 + 2 held back; the total reaches 7 on May 1 and is drawn from there.
                point("households", "2024-05-01", 7.0),
                point("parks", "2024-05-01", 2.0),
                point("households", "2024-06-01", 2.0),
            ]
        );
        // The total drawn is the total reached.
        let drawn: f64 = public
            .iter()
            .filter(|p| p.code == "households")
            .map(|p| p.increment)
            .sum();
        assert_eq!(drawn, 9.0);
    }
}
