//! 趋势图: an indicator's actual progress against its planned pace over the plan period, as
//! SVG polylines drawn by the app (no chart library: the page stays light and readable
//! without JavaScript). Pure geometry here; the component renders it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::pace::{Period, planned_value};
use crate::domain::plan::{Indicator, IndicatorKind, ScheduleNode};

pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 200.0;

/// One day of accepted progress: the day's increment (count, coverage) or latest value
/// (rate, amount).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub code: String,
    pub day: NaiveDate,
    pub increment: f64,
    pub last_value: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// SVG `points` of the planned line and of the actual line.
    pub planned: String,
    pub actual: String,
    /// x of the day the chart is seen from.
    pub as_of_x: f64,
    /// The value at the top of the chart.
    pub y_max: f64,
    pub last_actual: f64,
}

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

/// The chart of a numeric indicator, or `None` for milestones (done or not, no line).
/// `phases` are the schedules the indicator followed, each from its first day
/// (`domain::schedule::approval::phases`); empty: its own schedule throughout.
pub fn trend(
    ind: &Indicator,
    period: Period,
    as_of: NaiveDate,
    series: &[SeriesPoint],
    phases: &[(NaiveDate, Vec<ScheduleNode>)],
) -> Option<Trend> {
    if ind.kind == IndicatorKind::Milestone {
        return None;
    }
    let target = ind.target.unwrap_or(0.0);
    let total = (period.ends_on - period.starts_on).num_days().max(1) as f64;
    let x =
        |d: NaiveDate| ((d - period.starts_on).num_days() as f64 / total).clamp(0.0, 1.0) * WIDTH;
    // Actual: cumulative for counts and places, the latest value for rates and amounts.
    let mut points = vec![(period.starts_on, 0.0)];
    let mut value = 0.0;
    let mut mine: Vec<&SeriesPoint> = series
        .iter()
        .filter(|p| p.code == ind.code && p.day <= as_of)
        .collect();
    mine.sort_by_key(|p| p.day);
    for p in mine {
        value = match ind.kind {
            IndicatorKind::Rate | IndicatorKind::Amount => p.last_value.unwrap_or(value),
            _ => value + p.increment,
        };
        points.push((p.day, value));
    }
    let end = as_of.min(period.ends_on).max(period.starts_on);
    points.push((end, value));
    let y_max = target.max(value).max(1.0) * 1.1;
    let y = |v: f64| HEIGHT - (v / y_max).clamp(0.0, 1.0) * HEIGHT;
    // A step line: the value holds until the next day with progress.
    let mut actual = Vec::new();
    let mut previous: Option<f64> = None;
    for (d, v) in &points {
        if let Some(p) = previous {
            actual.push(format!("{},{}", fmt(x(*d)), fmt(y(p))));
        }
        actual.push(format!("{},{}", fmt(x(*d)), fmt(y(*v))));
        previous = Some(*v);
    }
    // Planned: exact at each phase's first and last day and at every node between
    // (piecewise linear). Each phase is drawn with the schedule in force then, so the line
    // before an approval stays where pace was measured; phases approved after the day
    // seen are not known on it.
    let own = [(period.starts_on, ind.schedule.clone())];
    let phases: Vec<&(NaiveDate, Vec<ScheduleNode>)> = if phases.is_empty() {
        own.iter().collect()
    } else {
        phases
            .iter()
            .filter(|(from, _)| *from <= as_of.max(period.starts_on))
            .collect()
    };
    let mut planned = Vec::new();
    for (i, (from, nodes)) in phases.iter().enumerate() {
        let from = (*from).max(period.starts_on);
        let until = phases
            .get(i + 1)
            .map_or(period.ends_on, |(next, _)| {
                *next - chrono::Duration::days(1)
            })
            .min(period.ends_on);
        if from > until {
            continue;
        }
        let mut days = vec![from, until];
        days.extend(
            nodes
                .iter()
                .map(|n| n.due_on)
                .filter(|d| *d > from && *d < until),
        );
        days.sort();
        days.dedup();
        planned.extend(days.into_iter().map(|d| {
            let v = planned_value(target, nodes, period, d);
            format!("{},{}", fmt(x(d)), fmt(y(v)))
        }));
    }
    let planned = planned.join(" ");
    Some(Trend {
        planned,
        actual: actual.join(" "),
        as_of_x: x(end),
        y_max,
        last_actual: value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{count, d};

    fn period() -> Period {
        Period {
            starts_on: d("2024-01-01"),
            ends_on: d("2024-12-31"),
        }
    }

    fn point(day: &str, increment: f64) -> SeriesPoint {
        SeriesPoint {
            code: "x".into(),
            day: d(day),
            increment,
            last_value: None,
        }
    }

    #[test]
    fn the_actual_line_steps_up_on_each_day_with_progress() {
        let ind = count("x", 100.0, 0.0);
        let t = trend(
            &ind,
            period(),
            d("2024-12-31"),
            &[point("2024-07-01", 50.0)],
            &[],
        )
        .expect("a chart");
        // y_max = 110: 50 is at 200 − 50/110·200 = 109.1; July 1 is day 182 of 365.
        assert_eq!(
            t.actual,
            "0.0,200.0 299.2,200.0 299.2,109.1 600.0,109.1 600.0,109.1"
        );
        assert_eq!(t.planned, "0.0,200.0 600.0,18.2");
        assert_eq!(t.last_actual, 50.0);
    }

    #[test]
    fn days_after_the_as_of_day_are_left_out() {
        let ind = count("x", 100.0, 0.0);
        let t = trend(
            &ind,
            period(),
            d("2024-06-30"),
            &[point("2024-07-01", 50.0)],
            &[],
        )
        .expect("a chart");
        assert_eq!(t.last_actual, 0.0);
        assert!((t.as_of_x - 181.0 / 365.0 * WIDTH).abs() < 1e-9);
    }

    #[test]
    fn milestones_have_no_line() {
        let mut ind = count("x", 1.0, 0.0);
        ind.kind = IndicatorKind::Milestone;
        assert!(trend(&ind, period(), d("2024-06-30"), &[], &[]).is_none());
    }

    #[test]
    fn the_planned_line_keeps_each_schedule_to_its_own_days() {
        let ind = count("x", 100.0, 0.0);
        let all_by_june = vec![ScheduleNode {
            due_on: d("2024-06-30"),
            planned: Some(100.0),
        }];
        let phases = [(d("2024-01-01"), vec![]), (d("2024-07-01"), all_by_june)];
        // Seen at the end: straight to 30 June (day 181 → 49.6 planned), then the approved
        // schedule says everything was due already.
        let t = trend(&ind, period(), d("2024-12-31"), &[], &phases).expect("a chart");
        assert_eq!(t.planned, "0.0,200.0 297.5,109.8 299.2,18.2 600.0,18.2");
        // Seen before the approval: the approval is not known yet.
        let t = trend(&ind, period(), d("2024-06-30"), &[], &phases).expect("a chart");
        assert_eq!(t.planned, "0.0,200.0 600.0,18.2");
    }
}
