//! 镇街进度看板: one town's indicators with target, done, expected by the day and colour;
//! its share, where the notice gives one, as its own target.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::PaceBadge;
use crate::pages::loaded::loaded;
use crate::server_fns::town_board::{TownBoardPage, get_town_board};
use crate::text;

#[component]
pub fn TownBoardView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("plan").unwrap_or_default(),
                q.get("unit").and_then(|u| u.parse::<i64>().ok()),
                q.get("as_of").and_then(|d| d.parse().ok()),
            )
        },
        |(plan, unit, as_of)| get_town_board(plan, unit, as_of),
    );
    view! {
        {loaded(page, move |page| view! { <Body page /> })}
    }
}

#[component]
fn Body(page: TownBoardPage) -> impl IntoView {
    let TownBoardPage {
        plan,
        as_of,
        town,
        towns,
        rows,
    } = page;
    let code = plan.id.clone();
    let choose = (!towns.is_empty()).then(|| {
        let links = towns
            .into_iter()
            .map(|t| {
                let current = (t.id == town.id).then_some("page");
                view! { <a href=format!("?unit={}", t.id) aria-current=current>{t.name}</a> " " }
            })
            .collect_view();
        view! { <p class="town-links">{links}</p> }
    });
    let body = if rows.is_empty() {
        view! { <p class="muted">{text::TOWN_BOARD_NONE}</p> }.into_any()
    } else {
        let rows = rows
            .into_iter()
            .map(|r| {
                let unit = Some(r.measure.as_str()).filter(|m| !m.is_empty());
                let target = match (r.target, r.own) {
                    (Some(t), true) => format!(
                        "{}{}",
                        text::quantity(t, unit),
                        r.district_target
                            .map(|d| format!("（全区 {}）", text::quantity(d, unit)))
                            .unwrap_or_default()
                    ),
                    (Some(t), false) => format!("{}（全区）", text::quantity(t, unit)),
                    (None, _) => text::MILESTONE_TARGET.to_string(),
                };
                let done = match (r.own, r.town_done) {
                    (true, _) => text::quantity(r.done, unit),
                    (false, Some(mine)) => format!(
                        "全区 {} · 本镇 {}",
                        text::quantity(r.done, unit),
                        text::quantity(mine, unit)
                    ),
                    (false, None) => text::quantity(r.done, unit),
                };
                let expected = r
                    .expected
                    .map(|e| text::quantity((e * 10.0).round() / 10.0, unit))
                    .unwrap_or_else(|| "—".to_string());
                view! {
                    <tr data-item=r.item data-own=r.own.to_string()>
                        <th scope="row">
                            <a href=format!("/plans/{code}/items/{}", r.item)>"(" {r.item} ") " {r.title}</a>
                            <span class="muted">" · " {r.indicator}</span>
                        </th>
                        <td>{target}</td>
                        <td>{done}</td>
                        <td>{expected}</td>
                        <td data-status=r.status.as_str() title=r.explanation><PaceBadge status=r.status /></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="grid-scroll">
                <table class="monthly-table town-board">
                    <thead>
                        <tr>
                            <th scope="col">{text::ITEM}</th>
                            <th scope="col">{text::TOWN_BOARD_TARGET}</th>
                            <th scope="col">{text::TOWN_BOARD_DONE}</th>
                            <th scope="col">{text::TOWN_BOARD_EXPECTED}</th>
                            <th scope="col">{text::TOWN_BOARD_STATUS}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let heading = format!("{}{}", town.name, text::TOWN_BOARD);
    view! {
        <Title text=text::page_title(&heading) />
        <article class="town-board-page">
            <p class="breadcrumb">
                <a href=format!("/plans/{}", plan.id)>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{heading}</h1>
            <p class="muted">{format!("{}；{}", text::as_of_note(as_of), text::TOWN_BOARD_HELP)}</p>
            {choose}
            {body}
        </article>
    }
}
