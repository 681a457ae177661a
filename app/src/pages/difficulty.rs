//! 困难问题详情: the difficulty, its timeline (raised → comments → status changes), and the
//! forms to comment, assign an owner and move it open → coordinating → resolved.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::EvidenceThumb;
use crate::domain::supervision::DifficultyStatus;
use crate::forms::FormError;
use crate::pages::DoneNotice;
use crate::pages::loaded::loaded;
use crate::server_fns::supervision::{DifficultyPage, get_difficulty};
use crate::text;

#[component]
pub fn DifficultyView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let p = params.read();
            (
                p.get("plan").unwrap_or_default(),
                p.get("id")
                    .and_then(|i| i.parse::<i64>().ok())
                    .unwrap_or_default(),
            )
        },
        |(plan, id)| get_difficulty(plan, id),
    );
    let done = move || query.read().get("done");
    view! {
        {loaded(page, move |page| view! { <Body page done=done() /> })}
    }
}

#[component]
fn Body(page: DifficultyPage, done: Option<String>) -> impl IntoView {
    let DifficultyPage {
        plan,
        difficulty: d,
        events,
        may_comment,
        may_coordinate,
        photos,
    } = page;
    let base = format!("/plans/{plan}/difficulties/{}", d.id);
    let age = d.age_days(chrono::Utc::now());
    view! {
        <Title text=text::page_title(&d.title) />
        <article class="difficulty" data-state=d.status.as_str()>
            <p class="breadcrumb">
                <a href=format!("/plans/{plan}/items/{}", d.item)>"(" {d.item} ") " {d.item_title.clone()}</a>
                " › "
                <a href=format!("/plans/{plan}/supervision")>{text::SUPERVISION_TITLE}</a>
            </p>
            <h1>{d.title.clone()}</h1>
            <DoneNotice done />
            <p>
                <span class=format!("state state-{}", d.status.as_str())>{d.status.label()}</span>
                <span class="muted">
                    " " {d.unit.clone()} " · " {d.raised_by.clone()} " · " {text::DIFFICULTY_AGE} " " {age} {text::DAYS}
                </span>
            </p>
            <p class="pre">{d.detail.clone()}</p>
            {(!photos.is_empty()).then(|| view! {
                <section class="difficulty-photos">
                    <h2>{text::EVIDENCE_PHOTOS}</h2>
                    {photos.into_iter().map(|(id, arrived)| view! {
                        <figure class="evidence-photo" data-photo=id.clone()>
                            <EvidenceThumb id=id.clone() arrived />
                        </figure>
                    }).collect_view()}
                </section>
            })}
            <p>{text::DIFFICULTY_OWNER} "：" {if d.owner.is_empty() { "—".to_string() } else { d.owner.clone() }}</p>
            <h2>{text::DIFFICULTY_TIMELINE}</h2>
            <ol class="timeline">
                {events
                    .into_iter()
                    .map(|e| {
                        let what = match (e.kind.as_str(), e.status) {
                            ("raised", _) => "登记".to_string(),
                            ("status", Some(s)) => format!("状态改为“{}”", s.label()),
                            ("owner", _) => "指定责任人".to_string(),
                            _ => "留言".to_string(),
                        };
                        view! {
                            <li data-kind=e.kind.clone()>
                                <span class="muted">{crate::domain::china_time::format(e.at, "%Y-%m-%d %H:%M")} " " {e.by.clone()}</span>
                                " " <strong>{what}</strong>
                                {(!e.text.is_empty()).then(|| view! { <p class="pre">{e.text.clone()}</p> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            {may_comment.then(|| view! {
                <form method="post" action=format!("{base}/comment") class="stacked">
                    <FormError form="difficulty-comment" />
                    <label>{text::DIFFICULTY_COMMENT}<textarea name="text" rows="2" required></textarea></label>
                    <button type="submit">{text::DIFFICULTY_COMMENT}</button>
                </form>
            })}
            {may_coordinate.then(|| view! {
                <form method="post" action=format!("{base}/status") class="stacked">
                    <FormError form="difficulty-status" />
                    <label>{text::STATUS}
                        <select name="status">
                            {[DifficultyStatus::Open, DifficultyStatus::Coordinating, DifficultyStatus::Resolved]
                                .into_iter()
                                .map(|s| view! { <option value=s.as_str() selected=s == d.status>{s.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>{text::DIFFICULTY_STATUS_NOTE}<textarea name="text" rows="2"></textarea></label>
                    <button type="submit">{text::DIFFICULTY_SET_STATUS}</button>
                </form>
                <form method="post" action=format!("{base}/owner") class="stacked">
                    <FormError form="difficulty-owner" />
                    <label>{text::DIFFICULTY_OWNER}<input type="text" name="text" maxlength="60" value=d.owner.clone() required /></label>
                    <button type="submit">{text::DIFFICULTY_SET_OWNER}</button>
                </form>
            })}
        </article>
    }
}
