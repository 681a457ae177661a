//! The item page's 督查督办 part (signed-in users): difficulties with a form to raise one,
//! 督办单 with the supervisor's issue form (the list: `directive_list`), 一线督导 records.

use leptos::prelude::*;

use crate::components::DirectiveList;
use crate::domain::directive::DirectiveColour;
use crate::domain::supervision::{Difficulty, Visit};
use crate::forms::FormError;
use crate::server_fns::supervision::{ItemSupervision, get_item_supervision};
use crate::text;

#[component]
pub fn ItemSupervisionSection(plan: String, number: u32) -> impl IntoView {
    let key = plan.clone();
    let data = Resource::new(
        move || (key.clone(), number),
        |(plan, number)| get_item_supervision(plan, number),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || {
                let plan = plan.clone();
                Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Sections data plan number /> }.into_any(),
                    Err(error) => view! { <p class="form-error">{error.to_string()}</p> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn Sections(data: ItemSupervision, plan: String, number: u32) -> impl IntoView {
    let base = format!("/plans/{plan}/items/{number}");
    let today = data.today;
    view! {
        <section class="item-difficulties">
            <h2>{text::DIFFICULTIES}</h2>
            <DifficultyList plan=plan.clone() rows=data.difficulties />
            {data.may_raise.then(|| view! {
                <details class="raise">
                    <summary>{text::DIFFICULTY_RAISE}</summary>
                    <form method="post" action=format!("{base}/difficulties") class="stacked">
                        <FormError form="difficulty" />
                        <label>{text::DIFFICULTY_TITLE}<input type="text" name="title" maxlength="100" required /></label>
                        <label>{text::DIFFICULTY_DETAIL}<textarea name="detail" rows="3" required></textarea></label>
                        <button type="submit">{text::DIFFICULTY_RAISE}</button>
                    </form>
                </details>
            })}
        </section>
        <section class="item-notices">
            <h2>{text::NOTICES_TITLE}</h2>
            <DirectiveList
                plan=plan.clone()
                rows=data.notices
                today
                rule=data.rule
                respondable=data.respondable
                may_supervise=data.may_supervise
                item=Some(number)
            />
            {data.may_supervise.then(|| view! {
                <details class="issue">
                    <summary>{text::NOTICE_ISSUE}</summary>
                    <form method="post" action=format!("{base}/notices") class="stacked">
                        <FormError form="notice" />
                        <label>{text::NOTICE_UNIT}
                            <select name="unit_id" required>
                                {data.units.iter().map(|u| view! { <option value=u.id>{u.name.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{text::NOTICE_COLOUR}
                            <select name="colour">
                                {[DirectiveColour::Blue, DirectiveColour::Yellow, DirectiveColour::Red]
                                    .into_iter()
                                    .map(|c| view! { <option value=c.as_str()>{c.label()}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <label>{text::NOTICE_REQUIREMENT}<textarea name="requirement" rows="3" required></textarea></label>
                        <label>{text::NOTICE_DEADLINE}<input type="date" name="deadline" required /></label>
                        <button type="submit">{text::NOTICE_ISSUE}</button>
                    </form>
                </details>
            })}
        </section>
        <section class="item-visits">
            <h2>{text::VISITS}</h2>
            <VisitList rows=data.visits />
            {data.may_supervise.then(|| view! {
                <details class="visit">
                    <summary>{text::VISIT_RECORD}</summary>
                    <form method="post" action=format!("{base}/visits") class="stacked" enctype="multipart/form-data">
                        <FormError form="visit" />
                        <label>{text::VISIT_DATE}<input type="date" name="visited_on" value=today.to_string() required /></label>
                        <label>{text::VISIT_PLACE}<input type="text" name="place" maxlength="100" required /></label>
                        <label>{text::VISIT_FINDINGS}<textarea name="findings" rows="3" required></textarea></label>
                        <label>
                            {text::VISIT_PHOTOS}
                            <input type="file" name="photo" accept="image/jpeg" multiple />
                            <span class="muted">{text::VISIT_PHOTOS_HINT}</span>
                        </label>
                        <button type="submit">{text::VISIT_RECORD}</button>
                    </form>
                </details>
            })}
        </section>
    }
}

/// Difficulties with status, owner and age; each links to its timeline.
#[component]
pub fn DifficultyList(plan: String, rows: Vec<Difficulty>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{text::DIFFICULTY_NONE}</p> }.into_any();
    }
    let now = chrono::Utc::now();
    view! {
        <ul class="difficulties">
            {rows
                .into_iter()
                .map(|d| {
                    let age = d.age_days(now);
                    view! {
                        <li data-difficulty=d.id data-state=d.status.as_str()>
                            <a href=format!("/plans/{plan}/difficulties/{}", d.id)>
                                "(" {d.item} ") " {d.title.clone()}
                            </a>
                            " "
                            <span class=format!("state state-{}", d.status.as_str())>{d.status.label()}</span>
                            <span class="muted">
                                " " {d.unit.clone()} " · " {text::DIFFICULTY_AGE} " " {age} {text::DAYS}
                                {(!d.owner.is_empty()).then(|| format!(" · {}：{}", text::DIFFICULTY_OWNER, d.owner))}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn VisitList(rows: Vec<Visit>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{text::VISIT_NONE}</p> }.into_any();
    }
    view! {
        <ul class="visits">
            {rows
                .into_iter()
                .map(|v| {
                    view! {
                        <li data-visit=v.id>
                            <strong>{v.visited_on.to_string()}</strong> " " {v.place.clone()}
                            " (" {v.item} ") " {v.item_title.clone()}
                            <p>{v.findings.clone()}</p>
                            {(!v.photos.is_empty()).then(|| view! {
                                <p class="visit-photos">
                                    {v.photos.iter().map(|id| view! {
                                        <a href=format!("/visit-photos/{id}") target="_blank" rel="noopener" class="evidence-photo">
                                            <img src=format!("/visit-photos/{id}") alt=text::EVIDENCE_OPEN loading="lazy" width="96" height="72" />
                                        </a>
                                    }).collect_view()}
                                </p>
                            })}
                            <p class="muted">{v.recorded_by.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
