//! The item page: what was done against each target and whether it is on track, the
//! public notes, chart, photos, ratings and decisions, and for staff what only staff see.
//! Villages, small totals about people and the breakdown of indicators about people are
//! withheld from the public here (`domain::privacy`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::domain::pace::ItemPace;
use crate::domain::plan::{Category, Item, PlanSummary};
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemPage {
    pub plan: PlanSummary,
    pub category: Category,
    pub item: Item,
    pub as_of: NaiveDate,
    pub pace: ItemPace,
    /// Accepted progress by indicator code, unit and place: (code, unit, place, amount, reports).
    /// The public's is by town only, without indicators about people (`domain::privacy`).
    pub breakdown: Vec<(String, String, String, f64, u64)>,
    /// The breakdown is the public's (by town).
    #[serde(default)]
    pub breakdown_by_town: bool,
    /// Reports awaiting the lead unit's review (not counted above).
    pub pending: u64,
    /// A trend chart per numeric indicator (same order; `None` for milestones).
    pub trends: Vec<Option<crate::domain::chart::Trend>>,
    /// Photos the lead unit made public (施工前 / 施工中 / 完工); none for an item about people.
    #[serde(default)]
    pub photos: Vec<crate::domain::evidence::public::PublicPhoto>,
    /// Residents' ratings of the item.
    #[serde(default)]
    pub ratings: crate::domain::feedback::RatingCounts,
    /// Suggestions the 督查室 published, with their answers.
    #[serde(default)]
    pub feedback: Vec<crate::domain::feedback::Feedback>,
    /// Recorded decisions that changed this item's targets, oldest first.
    #[serde(default)]
    pub decisions: Vec<crate::domain::decision::TargetDecision>,
    /// Recorded decisions that suspended, resumed or ended the item, oldest first, and its
    /// suspension or end in effect on the day seen.
    #[serde(default)]
    pub item_decisions: Vec<crate::domain::decision::ItemDecision>,
    #[serde(default)]
    pub halt: Option<crate::domain::decision::ItemHalt>,
    /// Monthly public notes, newest first: the published ones, and for the lead unit and
    /// the 督查室 the drafts too.
    #[serde(default)]
    pub notes: Vec<crate::domain::progress_note::ProgressNote>,
    #[serde(default)]
    pub note_rights: crate::components::NoteRights,
    /// 代表意见 on the item, for signed-in users; who may file and answer.
    #[serde(default)]
    pub opinions: Vec<crate::domain::opinion::Opinion>,
    #[serde(default)]
    pub files_opinion: bool,
    #[serde(default)]
    pub answers_opinion: bool,
    /// 分阶段目标 proposed on the item's indicators, oldest first, for signed-in staff.
    #[serde(default)]
    pub schedules: Vec<crate::domain::schedule::approval::ScheduleProposal>,
    /// The viewer approves or sends back proposals (the 督查室).
    #[serde(default)]
    pub decides_schedule: bool,
}

#[server(prefix = "/fn", endpoint = "item")]
pub async fn get_item(
    plan: String,
    number: u32,
    as_of: Option<NaiveDate>,
) -> Result<ItemPage, AppError> {
    use crate::server_fns::ssr;
    let store = ssr::store()?;
    let settings = ssr::pace_settings();
    let privacy = ssr::privacy_settings();
    // Villages, small totals about people and indicators about people's breakdown are for
    // signed-in staff only (`domain::privacy`).
    let viewer = crate::session::current_viewer();
    let public = viewer.is_none();
    let as_of = as_of.map(ssr::checked_day).transpose()?;
    let mut detail = ssr::plan_of(&store, &plan).await?;
    // The schedules the item's indicators started with, before the approved ones are put
    // in: the chart draws each day against the schedule in force on it.
    let started_with: Vec<Vec<crate::domain::plan::ScheduleNode>> = detail
        .item(number)
        .map(|i| i.indicators.iter().map(|x| x.schedule.clone()).collect())
        .unwrap_or_default();
    let as_of = as_of.unwrap_or_else(|| {
        crate::domain::progress::default_as_of(&detail, crate::domain::china_time::today())
    });
    crate::store::apply_progress(store.as_ref(), &plan, &mut detail, as_of)
        .await
        .map_err(ssr::unavailable)?;
    let schedules: Vec<_> = store
        .schedule_proposals(&plan)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .filter(|p| p.item == number)
        .collect();
    let mut item = detail
        .item(number)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("该计划中没有序号为 {number} 的项目。")))?;
    let category = detail
        .category(item.category)
        .cloned()
        .ok_or(AppError::Unavailable)?;
    let mut pace = crate::domain::pace::plan_paces(&detail, as_of, &settings)
        .into_iter()
        .find(|p| p.item == number)
        .ok_or(AppError::Unavailable)?;
    let breakdown: Vec<_> = store
        .item_breakdown(&plan, number, as_of)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .map(|b| (b.code, b.unit, b.place, b.amount, b.reports))
        .collect();
    let breakdown_by_town = public;
    let breakdown = if public {
        crate::domain::privacy::public_breakdown(&item, &breakdown)
    } else {
        breakdown
    };
    let pending = store
        .pending_counts(&plan)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .find_map(|(i, n)| (i == number).then_some(n))
        .unwrap_or(0);
    let mut series = store
        .item_series(&plan, number, as_of)
        .await
        .map_err(ssr::unavailable)?;
    if public {
        series = crate::domain::privacy::public_series(&item, &series, privacy);
    }
    let period = crate::domain::pace::Period {
        starts_on: detail.summary.starts_on,
        ends_on: detail.summary.ends_on,
    };
    let mut trends: Vec<_> = item
        .indicators
        .iter()
        .zip(&started_with)
        .map(|(ind, base)| {
            let phases = crate::domain::schedule::approval::phases(
                base,
                &schedules,
                number,
                &ind.code,
                period.starts_on,
            );
            crate::domain::chart::trend(ind, period, as_of, &series, &phases)
        })
        .collect();
    if public {
        crate::domain::privacy::suppress_item(
            &mut item,
            Some(&mut pace),
            Some(&mut trends),
            privacy,
        );
    }
    let photos = store
        .public_photos(&plan, number)
        .await
        .map_err(ssr::unavailable)?;
    let ratings = store
        .rating_counts(&plan)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .find_map(|(n, c)| (n == number).then_some(c))
        .unwrap_or_default();
    let feedback = store
        .feedback_texts(
            &plan,
            Some(number),
            Some(crate::domain::feedback::FeedbackStatus::Published),
        )
        .await
        .map_err(ssr::unavailable)?;
    // Notes: the lead unit writes this month's, the 督查室 publishes; others read.
    let writes = viewer
        .as_ref()
        .is_some_and(|v| crate::domain::authz::may_manage_item(v, &plan, &item).is_ok());
    let publishes = viewer.as_ref().is_some_and(|v| v.is_supervisor_of(&plan));
    let notes = store
        .notes(&plan, number, !(writes || publishes))
        .await
        .map_err(ssr::unavailable)?;
    let write = if writes {
        let month = crate::domain::monthly::Month::of(as_of);
        let existing = notes
            .iter()
            .find(|n| n.month == month)
            .map(|n| n.text.clone());
        let draft = match existing {
            Some(text) => text,
            None => {
                let (from, to) = (
                    month.first_day().unwrap_or(as_of),
                    month.last_day().unwrap_or(as_of),
                );
                let lines: Vec<String> = store
                    .narratives(&plan, Some(&[number]), from, to, 5)
                    .await
                    .map_err(ssr::unavailable)?
                    .into_iter()
                    .filter(|l| l.item == number)
                    .map(|l| l.narrative)
                    .collect();
                crate::domain::progress_note::suggested(&lines)
            }
        };
        Some((month, draft))
    } else {
        None
    };
    let note_rights = crate::components::NoteRights {
        write,
        publish: publishes,
    };
    let opinions = if public {
        Vec::new()
    } else {
        store
            .opinions(&plan, Some(number))
            .await
            .map_err(ssr::unavailable)?
    };
    let files_opinion = viewer
        .as_ref()
        .is_some_and(|v| crate::domain::authz::may_evaluate(v, &plan).is_ok());
    let halt = detail.halt_of(number).cloned();
    let item_decisions = store
        .item_decisions(&plan)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .filter(|d| d.item == number)
        .collect();
    let decisions = store
        .target_decisions(&plan)
        .await
        .map_err(ssr::unavailable)?
        .into_iter()
        .filter(|d| d.item == number)
        .collect();
    let decides_schedule = viewer.as_ref().is_some_and(|v| v.is_supervisor_of(&plan));
    let schedules = if public { Vec::new() } else { schedules };
    Ok(ItemPage {
        plan: detail.summary,
        category,
        item,
        as_of,
        pace,
        breakdown,
        pending,
        trends,
        photos,
        breakdown_by_town,
        ratings,
        feedback,
        decisions,
        item_decisions,
        halt,
        notes,
        note_rights,
        opinions,
        files_opinion,
        answers_opinion: writes,
        schedules,
        decides_schedule,
    })
}
