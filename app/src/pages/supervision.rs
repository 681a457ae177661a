//! 督查督办 overview for the supervision office: open difficulties by age (oldest first),
//! every 督办单 (open ones first, by the deadline in force) with the overdue ones flagged and
//! the forms to answer, close or send back, their counters per unit and month, and the
//! 一线督导 record.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{DifficultyList, DirectiveCounters, DirectiveList, VisitList};
use crate::pages::loaded::loaded;
use crate::server_fns::supervision::{SupervisionPage, get_supervision};
use crate::text;

#[component]
pub fn SupervisionView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("plan").unwrap_or_default(),
        get_supervision,
    );
    view! {
        {loaded(page, move |page| view! { <Body page /> })}
    }
}

#[component]
fn Body(page: SupervisionPage) -> impl IntoView {
    let SupervisionPage {
        plan,
        title,
        open,
        notices,
        visits,
        today,
        respondable,
        rule,
        may_supervise,
        counters,
    } = page;
    let overdue = notices.iter().filter(|n| n.overdue(today)).count();
    view! {
        <Title text=text::page_title(text::SUPERVISION_TITLE) />
        <article class="supervision">
            <p class="breadcrumb">
                <a href=format!("/plans/{plan}")>{text::NAV_OVERVIEW}</a>
            </p>
            <h1>{title} " " {text::SUPERVISION_TITLE}</h1>
            <section>
                <h2>{text::OPEN_BY_AGE} " · " {open.len()}</h2>
                <DifficultyList plan=plan.clone() rows=open />
            </section>
            <section>
                <h2>
                    {text::NOTICES_TITLE} " · " {notices.len()}
                    {(overdue > 0).then(|| view! { " " <strong class="overdue">{text::NOTICE_OVERDUE} " " {overdue}</strong> })}
                </h2>
                <p class="muted escalation-rule">{rule.describe()}</p>
                <DirectiveList plan=plan.clone() rows=notices today rule respondable may_supervise item=None />
            </section>
            <section>
                <h2>{text::NOTICE_COUNTERS}</h2>
                <DirectiveCounters rows=counters />
            </section>
            <section>
                <h2>{text::VISITS}</h2>
                <VisitList rows=visits />
            </section>
        </article>
    }
}
