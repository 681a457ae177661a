//! 项目详情: content text, indicators with target and actual, lead and co-units.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    AsOfForm, EvidenceThumb, IndicatorTable, ItemDecisions, ItemFeedback, ItemNotes, ItemOpinions,
    ItemSchedule, ItemSupervisionSection, PaceBadge, PlanHeader, ProgressBar, PublicPhotos,
    ScheduleRights, TrendChart, UnitLinks,
};
use crate::domain::plan::Item;
use crate::domain::progress::item_percent;
use crate::error::AppError;
use crate::forms::FormError;
use crate::pages::DoneNotice;
use crate::pages::loaded::loaded;
use crate::server_fns::item::{ItemPage, get_item};
use crate::server_fns::reports::{ReportRow, get_item_reports};
use crate::text;

#[component]
pub fn ItemView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let p = params.read();
        (
            p.get("plan").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u32>().ok()),
            super::as_of_param(&query.read()),
        )
    };
    let done = move || query.read().get("done");
    let from_qr = move || query.read().get("from").as_deref() == Some("qr");
    let page = Resource::new(key, |(plan, number, as_of)| async move {
        match number {
            Some(number) => get_item(plan, number, as_of).await,
            None => Err(AppError::NotFound(text::NOT_FOUND_PAGE.to_string())),
        }
    });
    view! {
        {loaded(page, move |page| view! { <ItemBody page done=done() from_qr=from_qr() /> })}
    }
}

#[component]
fn ItemBody(page: ItemPage, done: Option<String>, from_qr: bool) -> AnyView {
    let ItemPage {
        plan,
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
        answers_opinion,
        schedules,
        decides_schedule,
    } = page;
    let (starts, ends) = (plan.starts_on.to_string(), plan.ends_on.to_string());
    let charts: Vec<_> = item
        .indicators
        .iter()
        .zip(trends)
        .filter_map(|(ind, t)| {
            t.map(|t| (ind.name.clone(), ind.unit.clone().unwrap_or_default(), t))
        })
        .collect();
    let code = plan.id.clone();
    let percent = item_percent(&item);
    let number = item.number;
    let manages = crate::session::current_viewer()
        .is_some_and(|v| crate::domain::authz::may_manage_item(&v, &code, &item).is_ok());
    let rights = ScheduleRights {
        proposes: manages,
        decides: decides_schedule,
    };
    let schedule_form = (manages || decides_schedule || !schedules.is_empty()).then(|| {
        view! { <ItemSchedule plan=code.clone() item=item.clone() as_of proposals=schedules rights /> }
    });
    let title = item.title.clone();
    view! {
        <Title text=text::page_title(&title) />
        <PlanHeader plan />
        <article class="item-detail" data-item=item.number>
            <p class="breadcrumb">
                <a href=format!("/plans/{code}")>{text::NAV_OVERVIEW}</a>
                " › "
                {text::category_heading(category.number, &category.name)}
            </p>
            <h1>
                <span class="item-number">"(" {item.number} ") "</span>
                {title.clone()}
            </h1>
            <DoneNotice done />
            {from_qr.then(|| view! { <p class="notice from-qr" role="status">{text::FROM_QR}</p> })}
            {halt.map(|h| view! { <p class="notice halt" data-halt=h.kind.as_str()>{h.explanation()}</p> })}
            // The first screen answers "what was done, and is it on track?" in words.
            <p class="item-pace" data-status=pace.status.as_str()>
                <PaceBadge status=pace.status />
                " " <span class="pace-reason">{pace.reason().to_string()}</span>
            </p>
            <ul class="item-done">
                {item.indicators.iter().map(|i| view! {
                    <li>{i.name.clone()} "：" <strong>{text::done_of_target(i)}</strong></li>
                }).collect_view()}
            </ul>
            <p class="muted as-of-note">{text::as_of_note(as_of)}</p>
            <ProgressBar percent />
            <ItemNotes plan=code.clone() number notes rights=note_rights />
            <AsOfForm as_of />
            <section>
                <h2>{text::CONTENT}</h2>
                <p class="content">{item.content.clone()}</p>
            </section>
            <section>
                <h2>{text::INDICATORS}</h2>
                <IndicatorTable indicators=item.indicators.clone() paces=pace.indicators />
                {(pending > 0).then(|| view! { <p class="muted pending">{format!("{pending} {}", text::PENDING_NOTE)}</p> })}
            </section>
            {(!charts.is_empty())
                .then(|| {
                    view! {
                        <section class="item-trends">
                            <h2>{text::TRENDS}</h2>
                            {charts
                                .into_iter()
                                .map(|(name, unit, trend)| {
                                    view! { <TrendChart name unit trend starts=starts.clone() ends=ends.clone() as_of=as_of.to_string() /> }
                                })
                                .collect_view()}
                        </section>
                    }
                })}
            <ItemDecisions plan=code.clone() item=item.clone() decisions item_decisions clerk=crate::session::current_viewer().is_some_and(|v| v.is_supervisor_of(&code)) />
            <PublicPhotos photos />
            <ItemFeedback plan=code.clone() number ratings published=feedback />
            <p class="poster-link-row">
                <a href=format!("/plans/{code}/items/{number}/poster")>{text::POSTER_LINK}</a>
            </p>
            <Breakdown item=item.clone() rows=breakdown by_town=breakdown_by_town />
            {schedule_form}
            {crate::session::current_viewer()
                .is_some()
                .then(|| {
                    view! {
                        <ItemOpinions plan=code.clone() number opinions=opinions.clone() files=files_opinion answers=answers_opinion />
                        <ItemSupervisionSection plan=code.clone() number />
                        <ItemReports plan=code.clone() number manages />
                    }
                })}
            <section class="item-units">
                <div>
                    <h2>{text::LEAD_UNITS}</h2>
                    <UnitLinks plan=code.clone() units=item.lead_units.clone() />
                </div>
                <div>
                    <h2>{text::CO_UNITS}</h2>
                    <UnitLinks plan=code units=item.co_units.clone() />
                </div>
            </section>
        </article>
    }
    .into_any()
}

/// 按单位、地点分解: accepted progress by reporting unit and place, with each indicator's
/// total, so increments from many villages reconcile to the one target.
#[component]
fn Breakdown(
    item: Item,
    rows: Vec<(String, String, String, f64, u64)>,
    by_town: bool,
) -> impl IntoView {
    let body = if rows.is_empty() {
        view! { <p class="muted">{text::BREAKDOWN_EMPTY}</p> }.into_any()
    } else {
        let groups = item
            .indicators
            .iter()
            .filter(|ind| rows.iter().any(|r| r.0 == ind.code))
            .map(|ind| {
                let mine: Vec<_> = rows.iter().filter(|r| r.0 == ind.code).cloned().collect();
                let unit = ind.unit.clone().unwrap_or_default();
                view! {
                    <tbody data-indicator=ind.code.clone()>
                        <tr class="group">
                            <th scope="rowgroup" colspan=if by_town { "3" } else { "4" }>{ind.name.clone()} " · " {text::BREAKDOWN_TOTAL} " " {text::actual(ind)}</th>
                        </tr>
                        {mine
                            .into_iter()
                            .map(|(_, unit_name, place, amount, reports)| {
                                view! {
                                    <tr>
                                        <td data-label=text::UNIT>{unit_name}</td>
                                        {(!by_town).then(|| view! { <td data-label=text::PLACE>{place}</td> })}
                                        <td data-label=text::AMOUNT class="amount">{text::number(amount)} {unit.clone()}</td>
                                        <td data-label=text::REPORT_COUNT>{reports}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                }
            })
            .collect_view();
        view! {
            <table class="breakdown">
                <thead>
                    <tr>
                        <th scope="col">{text::UNIT}</th>
                        {(!by_town).then(|| view! { <th scope="col">{text::PLACE}</th> })}
                        <th scope="col">{text::AMOUNT}</th>
                        <th scope="col">{text::REPORT_COUNT}</th>
                    </tr>
                </thead>
                {groups}
            </table>
        }
        .into_any()
    };
    view! {
        <section class="item-breakdown">
            <h2>{if by_town { text::BREAKDOWN_BY_TOWN } else { text::BREAKDOWN }}</h2>
            {by_town.then(|| view! { <p class="muted">{text::BREAKDOWN_PUBLIC}</p> })}
            {body}
        </section>
    }
}

/// 填报记录: every report on the item, by capture date, with the week it is credited to.
/// The lead unit's manager reviews from here: tick reports, accept or return them.
#[component]
fn ItemReports(plan: String, number: u32, manages: bool) -> impl IntoView {
    let action = format!("/plans/{plan}/items/{number}/review");
    let item_path = format!("/plans/{plan}/items/{number}");
    let reports = Resource::new(
        move || (plan.clone(), number),
        |(plan, number)| get_item_reports(plan, number),
    );
    view! {
        <section class="item-reports" id="reports">
            <h2>{text::ITEM_REPORTS}</h2>
            // Outside the review form: a refusal is shown to whoever tried.
            <FormError form="photo-stage" />
            <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
                {move || {
                    let action = action.clone();
                    let item_path = item_path.clone();
                    Suspend::new(async move {
                    match reports.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{text::ITEM_NO_REPORTS}</p> }.into_any(),
                        Ok(rows) if manages => view! {
                            <form method="post" action=action.clone() class="review-form">
                                <FormError form="review" />
                                <ReportTable rows manages item_path=item_path.clone() />
                                <label class="review-comment">
                                    {text::REVIEW_COMMENT}
                                    <textarea name="comment" rows="2"></textarea>
                                </label>
                                <button type="submit" name="decision" value="accept">{text::REVIEW_ACCEPT}</button>
                                " "
                                <button type="submit" name="decision" value="return" class="secondary">{text::REVIEW_RETURN}</button>
                            </form>
                        }.into_any(),
                        Ok(rows) => view! { <ReportTable rows manages=false item_path=item_path.clone() /> }.into_any(),
                        Err(error) => view! { <p class="form-error">{error.to_string()}</p> }.into_any(),
                    }
                })}}
            </Suspense>
        </section>
    }
}

/// A report's photos: thumbnails that open the full photo, each with its integrity flags,
/// the stage it is public as, and (for the lead unit, inside the review form) buttons that
/// make it public or take it back.
#[component]
fn EvidenceCell(
    photos: Vec<crate::server_fns::reports::PhotoRow>,
    manages: bool,
    item_path: String,
) -> AnyView {
    use crate::domain::evidence::public::PublicStage;
    if photos.is_empty() {
        return view! { <span class="muted">{text::EVIDENCE_NONE}</span> }.into_any();
    }
    photos
        .into_iter()
        .map(|p| {
            view! {
                <figure class="evidence-photo" data-photo=p.id.clone()>
                    <EvidenceThumb id=p.id.clone() arrived=p.thumb_arrived />
                    {p.flags.into_iter().map(|f| view! {
                        <figcaption class="concern" data-flag="true">{text::CONCERN_MARK} {f}</figcaption>
                    }).collect_view()}
                    {p.stage.map(|stage| view! {
                        <figcaption class="photo-stage" data-stage=stage.as_str()>
                            {text::PHOTO_IS_PUBLIC} " · " {stage.label()}
                        </figcaption>
                    })}
                    {(manages && (p.publishable || p.stage.is_some())).then(|| {
                        // Inside the review form: the buttons post to the stage action.
                        let action = format!("{item_path}/photos/{}/stage", p.id);
                        view! {
                            <figcaption class="photo-stage-form">
                                {p.publishable.then(|| view! {
                                    {text::PHOTO_PUBLIC_AS}
                                    {PublicStage::ALL.into_iter().filter(|s| Some(*s) != p.stage).map(|s| view! {
                                        <button type="submit" class="link" formaction=action.clone() formnovalidate name="stage" value=s.as_str()>
                                            {s.label()}
                                        </button>
                                    }).collect_view()}
                                })}
                                {p.stage.is_some().then(|| view! {
                                    <button type="submit" class="link" formaction=action.clone() formnovalidate name="stage" value="">
                                        {text::PHOTO_UNPUBLISH}
                                    </button>
                                })}
                            </figcaption>
                        }
                    })}
                </figure>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn ReportTable(rows: Vec<ReportRow>, manages: bool, item_path: String) -> AnyView {
    let raise = format!("{item_path}/difficulties");
    view! {
        <table class="reports">
            <thead>
                <tr>
                    {manages.then(|| view! { <th scope="col">{text::REVIEW_SELECT}</th> })}
                    <th scope="col">{text::REPORT_DATE}</th>
                    <th scope="col">{text::REPORT_WEEK}</th>
                    <th scope="col">{text::UNIT}</th>
                    <th scope="col">{text::REPORT_VALUES}</th>
                    <th scope="col">{text::FORM_NARRATIVE}</th>
                    <th scope="col">{text::DIFFICULTIES}</th>
                    <th scope="col">{text::EVIDENCE}</th>
                    <th scope="col">{text::STATUS}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr data-report=r.id.clone()>
                                {manages.then(|| view! {
                                    <td data-label=text::REVIEW_SELECT>
                                        {r.reviewable.then(|| view! {
                                            <input type="checkbox" name="report" value=r.id.clone() aria-label=text::REVIEW_SELECT />
                                        })}
                                    </td>
                                })}
                                <td data-label=text::REPORT_DATE>{r.captured_on.to_string()}</td>
                                <td data-label=text::REPORT_WEEK class="week">{r.week.clone()}</td>
                                <td data-label=text::UNIT>{r.unit.clone()} <span class="muted">" · " {r.author.clone()}</span></td>
                                <td data-label=text::REPORT_VALUES>
                                    {r.values.clone()}
                                    {(!r.concerns.is_empty()).then(|| view! {
                                        <p class="concern" data-concern="true" title=text::CONCERN_HINT>
                                            {text::CONCERN_MARK} {r.concerns.join("；")}
                                        </p>
                                    })}
                                </td>
                                <td data-label=text::FORM_NARRATIVE>
                                    {r.narrative.clone()} <span class="muted">" " {r.place.clone()}</span>
                                    {(!r.next_steps.is_empty()).then(|| view! {
                                        <p class="next-steps">{format!("{}：{}", text::FORM_NEXT_STEPS, r.next_steps)}</p>
                                    })}
                                </td>
                                <td data-label=text::DIFFICULTIES>
                                    {r.difficulties.clone()}
                                    {(!r.difficulties.trim().is_empty()).then(|| {
                                        // Inside the review form a nested form is not allowed:
                                        // the button posts to the raise action instead.
                                        if manages {
                                            view! {
                                                <button type="submit" class="link" formaction=raise.clone() formnovalidate name="from_report" value=r.id.clone()>
                                                    {text::DIFFICULTY_FROM_REPORT}
                                                </button>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <form method="post" action=raise.clone() class="inline">
                                                    <input type="hidden" name="from_report" value=r.id.clone() />
                                                    <button type="submit" class="link">{text::DIFFICULTY_FROM_REPORT}</button>
                                                </form>
                                            }.into_any()
                                        }
                                    })}
                                </td>
                                <td data-label=text::EVIDENCE class="evidence">
                                    <EvidenceCell photos=r.photos.clone() manages item_path=item_path.clone() />
                                </td>
                                <td data-label=text::STATUS>
                                    {r.status.clone()}
                                    {r.comment.clone().map(|c| view! { <span class="muted">"：" {c}</span> })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
