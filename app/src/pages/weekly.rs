//! 周盘点: the unit × week grid of who updated on time, late or not at all (credited by
//! capture date), and what the viewer's unit owes, with the "本周无进展" statement form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{AsOfForm, ChargeToggle};
use crate::domain::weekly::{Cell, WeekStatus, week_label_with_days};
use crate::forms::FormError;
use crate::pages::DoneNotice;
use crate::pages::loaded::loaded;
use crate::server_fns::weekly::{Owed, WeeklyPage, get_weekly};
use crate::text;

#[component]
pub fn WeeklyView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("plan").unwrap_or_default(),
                super::as_of_param(&query.read()),
                query.read().get("all").map(|v| v == "1"),
            )
        },
        |(plan, as_of, all)| get_weekly(plan, as_of, all),
    );
    let done = move || query.read().get("done");
    view! {
        {loaded(page, move |page| view! { <WeeklyBody page done=done() /> })}
    }
}

#[component]
fn WeeklyBody(page: WeeklyPage, done: Option<String>) -> impl IntoView {
    let WeeklyPage {
        plan,
        as_of,
        grid,
        mine,
        unit_name,
        narrowed_to,
        has_charge,
        syncs,
        stale_days,
    } = page;
    let code = plan.id.clone();
    // The latest week first, beside the units: at 1366 px and on a phone the weeks that
    // matter are in view, older ones further right (the unit column stays put).
    let weeks: Vec<_> = grid.weeks.iter().rev().copied().collect();
    view! {
        <Title text=text::page_title(text::WEEKLY) />
        <article class="weekly">
            <p class="breadcrumb">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{plan.title.clone()} " " {text::WEEKLY}</h1>
            <DoneNotice done />
            {has_charge.then(|| view! { <ChargeToggle narrowed_to /> })}
            <AsOfForm as_of />
            {(!mine.is_empty())
                .then(|| view! { <MyWeek plan=code.clone() unit=unit_name owed=mine /> })}
            <p class="muted">{text::WEEKLY_RULE}</p>
            <p class="legend">
                {[WeekStatus::OnTime, WeekStatus::Late, WeekStatus::Missing, WeekStatus::Due, WeekStatus::None]
                    .into_iter()
                    .map(|s| view! { <span class=format!("wk wk-{}", s.as_str())>{s.label()}</span> " " })
                    .collect_view()}
            </p>
            <div class="grid-scroll">
                <table class="weekly-grid">
                    <thead>
                        <tr>
                            <th scope="col">{text::LEAD_UNITS}</th>
                            {weeks
                                .iter()
                                .map(|w| {
                                    view! {
                                        <th scope="col" title=week_label_with_days(*w)>
                                            {w.iso_week().week()}
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {grid
                            .rows
                            .into_iter()
                            .map(|row| {
                                let weeks = weeks.clone();
                                view! {
                                    <tr data-unit=row.unit.id>
                                        <th scope="row">{row.unit.name.clone()}</th>
                                        {row
                                            .cells
                                            .into_iter()
                                            .rev()
                                            .zip(weeks)
                                            .map(|(cell, week)| view! { <GridCell cell week /> })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(!syncs.is_empty()).then(|| view! { <LastSyncs syncs stale_days /> })}
        </article>
    }
}

use chrono::Datelike;

/// Each field user's last sync, the silent ones marked.
#[component]
fn LastSyncs(syncs: Vec<crate::domain::staleness::SyncSeen>, stale_days: i64) -> impl IntoView {
    let now = chrono::Utc::now();
    view! {
        <section class="last-syncs">
            <h2>{text::LAST_SYNCS}</h2>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{text::UNIT}</th>
                        <th scope="col">{text::REPORTER}</th>
                        <th scope="col">{text::LAST_SYNC}</th>
                    </tr>
                </thead>
                <tbody>
                    {syncs
                        .into_iter()
                        .map(|s| {
                            let days = s.last.map(|l| crate::domain::staleness::days_since(l, now));
                            let quiet = days.is_none_or(|d| d > stale_days);
                            let when = match s.last {
                                Some(l) => crate::domain::china_time::format(l, "%Y-%m-%d %H:%M"),
                                None => text::NEVER_SYNCED.to_string(),
                            };
                            view! {
                                <tr data-unit=s.unit.id data-quiet=quiet.to_string()>
                                    <td>{s.unit.name.clone()}</td>
                                    <td>{s.name.clone()}</td>
                                    <td>
                                        {when}
                                        {days.filter(|_| quiet).map(|d| view! { " " <strong class="overdue">{text::days_silent(d)}</strong> })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn GridCell(cell: Cell, week: chrono::NaiveDate) -> impl IntoView {
    let mut title = format!("{}：{}", week_label_with_days(week), cell.status.label());
    if !cell.missing.is_empty() {
        title.push_str(&format!("；未更新项目 {}", numbers(&cell.missing)));
    }
    if !cell.late.is_empty() {
        title.push_str(&format!("；逾期项目 {}", numbers(&cell.late)));
    }
    let short = match cell.status {
        WeekStatus::OnTime => "✓",
        WeekStatus::Late => "迟",
        WeekStatus::Missing => "✗",
        WeekStatus::Due => "…",
        WeekStatus::None => "—",
    };
    view! {
        <td class=format!("wk wk-{}", cell.status.as_str()) data-week=week.to_string() title=title.clone() aria-label=title>
            {short}
        </td>
    }
}

fn numbers(items: &[u32]) -> String {
    items
        .iter()
        .map(|n| format!("({n})"))
        .collect::<Vec<_>>()
        .join("")
}

/// What the viewer's unit owes, each item with a report link and a statement form.
#[component]
fn MyWeek(plan: String, unit: String, owed: Vec<Owed>) -> impl IntoView {
    let action = format!("/plans/{plan}/weekly/statement");
    view! {
        <section class="my-week">
            <h2>{unit} " · " {text::WEEKLY_OWED}</h2>
            <FormError form="statement" />
            {owed
                .into_iter()
                .map(|o| {
                    let week = o.week;
                    let heading = format!(
                        "{}{}",
                        week_label_with_days(week),
                        if o.overdue { text::WEEKLY_OVERDUE } else { "" },
                    );
                    view! {
                        <h3>{heading}</h3>
                        <ul class="owed">
                            {o
                                .items
                                .into_iter()
                                .map(|(number, title)| {
                                    view! {
                                        <li data-item=number data-owed-week=week.to_string()>
                                            <a href=format!("/plans/{plan}/items/{number}")>"(" {number} ") " {title}</a>
                                            <form method="post" action=action.clone() class="statement-form">
                                                <input type="hidden" name="item" value=number />
                                                <input type="hidden" name="week" value=week.to_string() />
                                                <label>
                                                    {text::WEEKLY_REASON}
                                                    <input type="text" name="reason" required maxlength="500" />
                                                </label>
                                                <button type="submit" class="secondary">{text::WEEKLY_NO_PROGRESS}</button>
                                            </form>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
                .collect_view()}
        </section>
    }
}
