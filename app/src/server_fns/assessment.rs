//! Server function behind the 考核 page: each lead unit's score for a month with the facts
//! behind every point (`domain::assessment`), highest first. The 督查室 and leaders see
//! every unit; a unit's manager sees its own.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::assessment::Score;
use crate::domain::monthly::Month;
use crate::domain::plan::PlanSummary;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentPage {
    pub plan: PlanSummary,
    pub month: Month,
    pub months: Vec<Month>,
    /// The weights and deductions in force, in words.
    pub rule: Vec<String>,
    pub scores: Vec<Score>,
}

#[server(prefix = "/fn", endpoint = "assessment")]
pub async fn get_assessment(
    plan: String,
    month: Option<String>,
) -> Result<AssessmentPage, AppError> {
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let ctx = ssr::loop_settings();
    let detail = ssr::plan_of(&store, &plan).await?;
    let own = crate::domain::assessment::readable_by(&viewer, &plan)
        .map_err(|d| AppError::Forbidden(d.0))?;
    let today = crate::domain::china_time::today();
    let months = crate::domain::submission::plan_months(&detail.summary, today);
    let month = crate::server_fns::submission::pick_month(month, &months, today, &ctx)?;
    let facts = source::facts(&store, &detail, month, &ctx).await?;
    let mut scores = crate::domain::assessment::ranking(&facts, &ctx.score);
    if let Some(unit) = own {
        scores.retain(|s| s.unit == unit);
    }
    Ok(AssessmentPage {
        plan: detail.summary.clone(),
        month,
        months,
        rule: ctx.score.describe(),
        scores,
    })
}

/// What the scores are made of, read from storage (server side only).
#[cfg(feature = "ssr")]
pub mod source {
    use chrono::{Datelike, Duration, NaiveDate, Utc};

    use crate::domain::assessment::Facts;
    use crate::domain::directive::Directive;
    use crate::domain::monthly::Month;
    use crate::domain::pace::{PaceStatus, plan_paces};
    use crate::domain::plan::PlanDetail;
    use crate::domain::submission::{Timeliness, timeliness};
    use crate::domain::weekly::WeekStatus;
    use crate::error::AppError;
    use crate::server_fns::ssr::{self, LoopSettings, unavailable};
    use crate::store::SharedStore;

    /// The facts of every unit leading an item (not suspended or ended) in `month`.
    pub async fn facts(
        store: &SharedStore,
        plan: &PlanDetail,
        month: Month,
        ctx: &LoopSettings,
    ) -> Result<Vec<Facts>, AppError> {
        let code = plan.summary.id.as_str();
        let (Some(first), Some(last)) = (month.first_day(), month.last_day()) else {
            return Ok(Vec::new());
        };
        let today = crate::domain::china_time::today();
        let as_of = last.min(plan.summary.ends_on).min(today);
        let mut at_end = plan.clone();
        crate::store::apply_progress(store.as_ref(), code, &mut at_end, as_of)
            .await
            .map_err(unavailable)?;
        let paces = plan_paces(&at_end, as_of, &ctx.pace);
        // The weeks whose Sunday falls in the month: each week is judged in one month.
        let arrivals = store
            .arrivals(code, first - Duration::days(7), as_of)
            .await
            .map_err(unavailable)?;
        let mondays: Vec<NaiveDate> = crate::domain::weekly::plan_weeks(plan, as_of)
            .into_iter()
            .filter(|monday| *monday + Duration::days(6) >= first)
            .collect();
        // What was finished before the month's first week began, then on each Sunday: a
        // finished item owes no more weeks.
        let days: Vec<NaiveDate> = mondays
            .first()
            .map(|m| *m - Duration::days(1))
            .into_iter()
            .chain(
                mondays
                    .iter()
                    .map(|monday| (*monday + Duration::days(6)).min(as_of)),
            )
            .collect();
        let finished = ssr::finished_on(store, &ctx.pace, code, plan, &days).await?;
        // The grid of the month's weeks only: the plan seen from the first of them.
        let mut window = plan.clone();
        if let Some(first_monday) = mondays.first() {
            window.summary.starts_on = window.summary.starts_on.max(*first_monday);
        }
        let grid = crate::domain::weekly::grid(
            &window,
            &arrivals,
            &finished,
            as_of,
            Utc::now(),
            ctx.grace_days,
        );
        let submissions = store
            .submissions(code, Some(month))
            .await
            .map_err(unavailable)?;
        let directives = store.directives(code, None).await.map_err(unavailable)?;
        let mut out = Vec::new();
        for row in &grid.rows {
            let unit = &row.unit;
            let items: Vec<&crate::domain::plan::Item> = at_end
                .items
                .iter()
                .filter(|i| i.leads(unit.id) && at_end.halt_of(i.number).is_none())
                .collect();
            if items.is_empty() {
                continue;
            }
            let mut f = Facts {
                unit: unit.name.clone(),
                ..Facts::default()
            };
            for item in &items {
                let status = paces
                    .iter()
                    .find(|p| p.item == item.number)
                    .map(|p| p.status);
                let on_pace = status.is_none_or(|s| s == PaceStatus::Done || s.on_schedule());
                f.items.push((
                    item.number,
                    crate::domain::progress::item_percent(item),
                    on_pace,
                ));
                let sent = submissions.iter().find(|s| s.item == item.number);
                match timeliness(sent, month, &ctx.submission, today) {
                    Timeliness::OnTime => f.monthly_on_time += 1,
                    Timeliness::Late => f.monthly_late += 1,
                    Timeliness::Missing => f.monthly_missing += 1,
                    Timeliness::Open => {}
                }
                if sent.is_some_and(|s| s.submitted_at.is_some() && s.text.figures.is_empty()) {
                    f.monthly_empty += 1;
                }
            }
            for (cell, week) in row.cells.iter().zip(&grid.weeks) {
                let sunday = *week + Duration::days(6);
                if sunday.month() != month.month
                    || sunday.year() != month.year
                    || cell.status == WeekStatus::Due
                {
                    continue;
                }
                f.weekly_owed += cell.owed;
                f.weekly_late += cell.late.len() as u32;
                f.weekly_missing += cell.missing.len() as u32;
            }
            f.weekly_on_time = f.weekly_owed - f.weekly_late - f.weekly_missing;
            for d in directives
                .iter()
                .filter(|d| d.unit_id == unit.id && d.deadline >= first && d.deadline <= last)
            {
                match first_answer(d) {
                    Some(on) if on <= d.deadline => f.directives_on_time += 1,
                    Some(_) => f.directives_late += 1,
                    None if today > d.deadline => f.directives_unanswered += 1,
                    None => continue,
                }
                f.directives_due += 1;
            }
            out.push(f);
        }
        Ok(out)
    }

    /// The day of a 督办单's first answer (kept even when sent back).
    fn first_answer(d: &Directive) -> Option<NaiveDate> {
        d.returns
            .first()
            .map(|r| crate::domain::china_time::day_at(r.answered_at))
            .or_else(|| d.answered_on())
    }
}
