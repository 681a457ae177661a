//! Progress: crediting an accepted report inside the review transaction, and reading
//! progress as of a day from the day totals.

use chrono::NaiveDate;

use app::domain::day_totals::{DayTotal, DayTotals, PlacesDay};
use app::domain::plan::IndicatorKind;
use app::domain::report::{IndicatorInput, Report};
use app::store::{
    BreakdownRow, IndicatorActual, NarrativeLine, ProgressStore, StoreError, UnitDone,
};
use async_trait::async_trait;

use super::dialect::{self, Conn, Store};

/// Adds what an accepted report contributes to the progress tables. Call once, in the
/// transaction that accepts it; accepted reports are locked, so it never needs undoing.
pub(super) async fn credit_progress(conn: &mut Conn, report_id: &str) -> Result<(), sqlx::Error> {
    let (item_id, unit_id, content): (i64, i64, String) =
        sqlx::query_as("SELECT item_id, unit_id, content FROM reports WHERE id = $1")
            .bind(report_id)
            .fetch_one(&mut *conn)
            .await?;
    let report: Report =
        serde_json::from_str(&content).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let indicators: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, code FROM indicators WHERE item_id = $1")
            .bind(item_id)
            .fetch_all(&mut *conn)
            .await?;
    let day = report.captured_on;
    for value in &report.values {
        let Some((indicator_id, _)) = indicators.iter().find(|(_, c)| *c == value.code) else {
            continue;
        };
        let (increment, current, done_on) = match &value.input {
            IndicatorInput::Increment { amount } => (Some(*amount), None, None),
            IndicatorInput::Current { value } => (None, Some(*value), None),
            // A place counts once for its indicator, credited to the report that brought it
            // in: the rows of the breakdown then add up to the number of places reached.
            IndicatorInput::Places { places } => {
                let known: Vec<String> =
                    sqlx::query_scalar("SELECT place FROM progress_places WHERE indicator_id = $1")
                        .bind(indicator_id)
                        .fetch_all(&mut *conn)
                        .await?;
                let mut new: Vec<&str> = places
                    .iter()
                    .map(|p| p.trim())
                    .filter(|p| !known.iter().any(|k| k == p))
                    .collect();
                new.sort_unstable();
                new.dedup();
                (Some(new.len() as f64), None, None)
            }
            IndicatorInput::Milestone { done: true, on } => (None, None, Some(on.unwrap_or(day))),
            IndicatorInput::Milestone { done: false, .. } => (None, None, None),
        };
        sqlx::query(
            "INSERT INTO progress_values (indicator_id, report_id, unit_id, place, captured_on, \
               increment, value, done_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(indicator_id)
        .bind(report_id)
        .bind(unit_id)
        .bind(report.place.trim())
        .bind(day)
        .bind(increment)
        .bind(current)
        .bind(done_on)
        .execute(&mut *conn)
        .await?;
        // A day's latest value is the one captured last (phones record the time).
        sqlx::query(
            "INSERT INTO progress_days AS d (indicator_id, day, increment, last_value, last_at, done_on, reports) \
             VALUES ($1, $2, $3, $4, CASE WHEN $4 IS NULL THEN NULL ELSE $5 END, $6, 1) \
             ON CONFLICT (indicator_id, day) DO UPDATE SET \
               increment = d.increment + excluded.increment, \
               last_value = CASE WHEN excluded.last_value IS NOT NULL \
                 AND (d.last_at IS NULL OR excluded.last_at >= d.last_at) \
                 THEN excluded.last_value ELSE d.last_value END, \
               last_at = CASE WHEN excluded.last_value IS NOT NULL \
                 AND (d.last_at IS NULL OR excluded.last_at >= d.last_at) \
                 THEN excluded.last_at ELSE d.last_at END, \
               done_on = CASE WHEN d.done_on IS NULL OR excluded.done_on < d.done_on \
                 THEN COALESCE(excluded.done_on, d.done_on) ELSE d.done_on END, \
               reports = d.reports + 1",
        )
        .bind(indicator_id)
        .bind(day)
        .bind(if matches!(value.input, IndicatorInput::Increment { .. }) {
            increment.unwrap_or(0.0)
        } else {
            0.0
        })
        .bind(current)
        .bind(report.captured_at)
        .bind(done_on)
        .execute(&mut *conn)
        .await?;
        // The unit's own day total: what a town's board and a phone's "done so far" read.
        if let Some(increment) = increment {
            sqlx::query(
                "INSERT INTO progress_unit_days AS d (indicator_id, unit_id, day, increment) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, indicator_id, day) \
                 DO UPDATE SET increment = d.increment + excluded.increment",
            )
            .bind(indicator_id)
            .bind(unit_id)
            .bind(day)
            .bind(increment)
            .execute(&mut *conn)
            .await?;
        }
        if let IndicatorInput::Places { places } = &value.input {
            for place in places {
                sqlx::query(
                    "INSERT INTO progress_places (indicator_id, place, first_on) VALUES ($1, $2, $3) \
                     ON CONFLICT (indicator_id, place) DO UPDATE SET \
                       first_on = CASE WHEN excluded.first_on < progress_places.first_on \
                         THEN excluded.first_on ELSE progress_places.first_on END",
                )
                .bind(indicator_id)
                .bind(place.trim())
                .bind(day)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// A stored indicator kind; anything else means the row was written by something else.
fn kind_of(kind: &str) -> Result<IndicatorKind, StoreError> {
    IndicatorKind::parse(kind)
        .ok_or_else(|| StoreError::Corrupt(format!("bad indicator kind {kind}")))
}

/// One indicator's day totals up to a day, as `plan_progress` reads them.
#[derive(sqlx::FromRow)]
struct ProgressRow {
    item: i32,
    code: String,
    kind: String,
    increment: f64,
    reports: i64,
    done_on: Option<NaiveDate>,
    last_value: Option<f64>,
    places: i64,
}

/// One indicator at one unit and place, as `item_breakdown` reads it.
#[derive(sqlx::FromRow)]
struct BreakdownDbRow {
    code: String,
    kind: String,
    unit: String,
    place: String,
    increment: Option<f64>,
    reports: i64,
    value: Option<f64>,
    done: i32,
}

/// One day of one indicator, as `day_totals` reads it.
#[derive(sqlx::FromRow)]
struct DayTotalRow {
    item: i32,
    code: String,
    kind: String,
    day: NaiveDate,
    increment: f64,
    last_value: Option<f64>,
    done_on: Option<NaiveDate>,
    reports: i64,
}

/// One day of one indicator, as `item_series` reads it.
#[derive(sqlx::FromRow)]
struct SeriesRow {
    code: String,
    day: NaiveDate,
    increment: f64,
    last_value: Option<f64>,
}

fn actual_of(
    kind: IndicatorKind,
    increment: f64,
    last: Option<f64>,
    places: i64,
    done: bool,
) -> f64 {
    match kind {
        IndicatorKind::Count => increment,
        IndicatorKind::Rate | IndicatorKind::Amount => last.unwrap_or(0.0),
        IndicatorKind::Coverage => places as f64,
        IndicatorKind::Milestone => f64::from(u8::from(done)),
    }
}

#[async_trait]
impl ProgressStore for Store {
    async fn plan_progress(
        &self,
        plan: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<IndicatorActual>, StoreError> {
        let rows: Vec<ProgressRow> = sqlx::query_as(
            "SELECT MIN(i.number) AS item, ind.code, ind.kind, SUM(d.increment) AS increment, \
               CAST(SUM(d.reports) AS BIGINT) AS reports, MIN(d.done_on) AS done_on, \
               (SELECT d2.last_value FROM progress_days d2 WHERE d2.indicator_id = ind.id \
                  AND d2.day <= $1 AND d2.last_value IS NOT NULL ORDER BY d2.day DESC LIMIT 1) \
                 AS last_value, \
               (SELECT COUNT(*) FROM progress_places pl WHERE pl.indicator_id = ind.id \
                  AND pl.first_on <= $1) AS places \
             FROM progress_days d JOIN indicators ind ON ind.id = d.indicator_id \
             JOIN items i ON i.id = ind.item_id JOIN plans p ON p.id = i.plan_id \
             WHERE p.code = $2 AND d.day <= $1 GROUP BY ind.id",
        )
        .bind(as_of)
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let done_on = r.done_on.filter(|d| *d <= as_of);
                Ok(IndicatorActual {
                    item: r.item as u32,
                    actual: actual_of(
                        kind_of(&r.kind)?,
                        r.increment,
                        r.last_value,
                        r.places,
                        done_on.is_some(),
                    ),
                    code: r.code,
                    done_on,
                    reports: r.reports as u64,
                })
            })
            .collect()
    }

    async fn day_totals(&self, plan: &str, until: NaiveDate) -> Result<DayTotals, StoreError> {
        let days: Vec<DayTotalRow> = sqlx::query_as(
            "SELECT i.number AS item, ind.code, ind.kind, d.day, d.increment, d.last_value, \
               d.done_on, d.reports \
             FROM progress_days d JOIN indicators ind ON ind.id = d.indicator_id \
             JOIN items i ON i.id = ind.item_id JOIN plans p ON p.id = i.plan_id \
             WHERE p.code = $1 AND d.day <= $2",
        )
        .bind(plan)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let places: Vec<(i32, String, NaiveDate, i64)> = sqlx::query_as(
            "SELECT MIN(i.number), ind.code, pl.first_on, COUNT(*) FROM progress_places pl \
               JOIN indicators ind ON ind.id = pl.indicator_id JOIN items i ON i.id = ind.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND pl.first_on <= $2 \
              GROUP BY ind.id, ind.code, pl.first_on",
        )
        .bind(plan)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        Ok(DayTotals {
            days: days
                .into_iter()
                .map(|r| {
                    Ok(DayTotal {
                        item: r.item as u32,
                        kind: kind_of(&r.kind)?,
                        code: r.code,
                        day: r.day,
                        increment: r.increment,
                        last_value: r.last_value,
                        done_on: r.done_on,
                        reports: r.reports as u64,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            places: places
                .into_iter()
                .map(|(item, code, first_on, places)| PlacesDay {
                    item: item as u32,
                    code,
                    first_on,
                    places: places as u64,
                })
                .collect(),
        })
    }

    async fn item_breakdown(
        &self,
        plan: &str,
        item: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<BreakdownRow>, StoreError> {
        // A rate's amount at a unit and place is its latest value (`LATEST_VALUE`). `done`
        // counts rather than takes a MAX: SQLite's latest value relies on MAX(captured_on)
        // being the query's only MIN/MAX aggregate.
        let sql = format!(
            "SELECT ind.code, ind.kind, u.name AS unit, v.place, SUM(v.increment) AS increment, \
               COUNT(*) AS reports, {latest}, \
               CASE WHEN COUNT(v.done_on) > 0 THEN 1 ELSE 0 END AS done \
             FROM progress_values v JOIN indicators ind ON ind.id = v.indicator_id \
             JOIN items i ON i.id = ind.item_id JOIN plans p ON p.id = i.plan_id \
             JOIN units u ON u.id = v.unit_id \
             WHERE p.code = $1 AND i.number = $2 AND v.captured_on <= $3 \
             GROUP BY ind.id, u.id, v.place \
             ORDER BY ind.position, u.name, v.place",
            latest = dialect::LATEST_VALUE,
        );
        // Constant text only: the dialect's fragment holds no input.
        let rows: Vec<BreakdownDbRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(plan)
            .bind(item as i32)
            .bind(as_of)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(BreakdownRow {
                    amount: match kind_of(&r.kind)? {
                        IndicatorKind::Count | IndicatorKind::Coverage => {
                            r.increment.unwrap_or(0.0)
                        }
                        IndicatorKind::Rate | IndicatorKind::Amount => r.value.unwrap_or(0.0),
                        IndicatorKind::Milestone => f64::from(r.done),
                    },
                    code: r.code,
                    unit: r.unit,
                    place: r.place,
                    reports: r.reports as u64,
                })
            })
            .collect()
    }

    async fn item_series(
        &self,
        plan: &str,
        item: u32,
        as_of: NaiveDate,
    ) -> Result<Vec<app::domain::chart::SeriesPoint>, StoreError> {
        // Coverage counts places by the day first reached; the others read the day totals.
        let rows: Vec<SeriesRow> = sqlx::query_as(
            "SELECT ind.code, d.day, d.increment, d.last_value FROM progress_days d \
               JOIN indicators ind ON ind.id = d.indicator_id JOIN items i ON i.id = ind.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 AND d.day <= $3 AND ind.kind <> 'coverage' \
             UNION ALL \
             SELECT ind.code, pl.first_on, CAST(COUNT(*) AS DOUBLE PRECISION), \
               CAST(NULL AS DOUBLE PRECISION) \
               FROM progress_places pl \
               JOIN indicators ind ON ind.id = pl.indicator_id JOIN items i ON i.id = ind.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE p.code = $1 AND i.number = $2 AND pl.first_on <= $3 \
              GROUP BY ind.id, ind.code, pl.first_on \
             ORDER BY 1, 2",
        )
        .bind(plan)
        .bind(item as i32)
        .bind(as_of)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| app::domain::chart::SeriesPoint {
                code: r.code,
                day: r.day,
                increment: r.increment,
                last_value: r.last_value,
            })
            .collect())
    }

    async fn unit_done(
        &self,
        plan: &str,
        unit: i64,
        as_of: NaiveDate,
    ) -> Result<Vec<UnitDone>, StoreError> {
        let rows: Vec<(i32, String, f64)> = sqlx::query_as(
            "SELECT MIN(i.number), ind.code, SUM(d.increment) FROM progress_unit_days d \
               JOIN indicators ind ON ind.id = d.indicator_id JOIN items i ON i.id = ind.item_id \
               JOIN plans p ON p.id = i.plan_id \
              WHERE d.unit_id = $1 AND p.code = $2 AND d.day <= $3 \
               AND ind.kind IN ('count', 'coverage') \
              GROUP BY ind.id, ind.code",
        )
        .bind(unit)
        .bind(plan)
        .bind(as_of)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(item, code, done)| UnitDone {
                item: item as u32,
                code,
                done,
            })
            .collect())
    }

    async fn pending_counts(&self, plan: &str) -> Result<Vec<(u32, u64)>, StoreError> {
        let rows: Vec<(i32, i64)> = sqlx::query_as(
            "SELECT i.number, COUNT(*) FROM reports r JOIN items i ON i.id = r.item_id \
             JOIN plans p ON p.id = r.plan_id WHERE p.code = $1 AND r.status = 'submitted' \
             GROUP BY i.number",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(i, n)| (i as u32, n as u64))
            .collect())
    }

    async fn narratives(
        &self,
        plan: &str,
        only: Option<&[u32]>,
        from: NaiveDate,
        to: NaiveDate,
        per_item: u32,
    ) -> Result<Vec<NarrativeLine>, StoreError> {
        let items: Vec<(i64, i32)> = sqlx::query_as(
            "SELECT i.id, i.number FROM items i JOIN plans p ON p.id = i.plan_id \
             WHERE p.code = $1 ORDER BY i.number",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for (item_id, number) in items {
            if only.is_some_and(|o| !o.contains(&(number as u32))) {
                continue;
            }
            out.extend(
                dialect::latest_narratives(&self.pool, item_id, number as u32, from, to, per_item)
                    .await?,
            );
        }
        Ok(out)
    }
}
