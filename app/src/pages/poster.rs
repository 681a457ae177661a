//! 民生码海报: one A4 page per item to print (or save as PDF from the print dialog) and put
//! up at the site. The QR code leads to the item's public page; the poster also names the
//! item, its lead units and the line to call.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::pages::loaded::loaded;
use crate::server_fns::poster::{PosterPage, get_poster};
use crate::text;

#[component]
pub fn PosterView() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("plan").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u32>().ok()),
        )
    };
    let page = Resource::new(key, |(plan, number)| async move {
        match number {
            Some(number) => get_poster(plan, number).await,
            None => Err(AppError::NotFound(text::NOT_FOUND_PAGE.to_string())),
        }
    });
    view! {
        {loaded(page, move |page| view! { <Poster page /> })}
    }
}

#[component]
fn Poster(page: PosterPage) -> impl IntoView {
    let PosterPage {
        plan,
        item,
        link,
        qr,
        hotline,
        scans,
    } = page;
    let leads = item
        .lead_units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let view_box = format!("0 0 {0} {0}", qr.size);
    let back = format!("/plans/{}/items/{}", plan.id, item.number);
    view! {
        <Title text=text::page_title(&format!("{} · {}", text::POSTER, item.title)) />
        // Only on screen: how to print, and (for staff) how often it was scanned.
        <div class="poster-tools">
            <p>
                <a href=back>{text::POSTER_BACK}</a>
                " · " {text::POSTER_PRINT_HINT}
            </p>
            {scans.map(|n| view! { <p class="poster-scans">{text::scans(n)}</p> })}
        </div>
        <article class="poster" data-item=item.number>
            <p class="poster-kicker">{plan.title.clone()}</p>
            <h1 class="poster-title">
                <span class="item-number">"(" {item.number} ") "</span>
                {item.title.clone()}
            </h1>
            <p class="poster-lead">{text::LEAD_UNITS} "：" {leads}</p>
            <figure class="poster-qr">
                <svg
                    xmlns="http://www.w3.org/2000/svg"
                    viewBox=view_box
                    shape-rendering="crispEdges"
                    role="img"
                    aria-label=text::POSTER_QR_LABEL
                >
                    <rect width=qr.size height=qr.size fill="#fff" />
                    <path d=qr.path fill="#000" />
                </svg>
                <figcaption>{text::POSTER_SCAN}</figcaption>
            </figure>
            <p class="poster-link">{link}</p>
            <p class="poster-hotline">{text::POSTER_HOTLINE} " " <strong>{hotline}</strong></p>
        </article>
    }
}
