//! 代表意见 for the 督查室 and leaders: every opinion 测评代表 filed, open ones first, each
//! with its age, so none waits unseen.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::PlanHeader;
use crate::pages::loaded::loaded;
use crate::server_fns::opinion::{OpinionsPage, get_opinions};
use crate::text;

#[component]
pub fn OpinionsView() -> impl IntoView {
    let params = use_params_map();
    let plan = move || params.read().get("plan").unwrap_or_default();
    let page = Resource::new(plan, get_opinions);
    view! {
        {loaded(page, move |page| view! { <OpinionsBody page /> })}
    }
}

#[component]
fn OpinionsBody(page: OpinionsPage) -> impl IntoView {
    let OpinionsPage { plan, opinions } = page;
    let code = plan.id.clone();
    let open = opinions.iter().filter(|(o, _, _)| o.is_open()).count();
    let list = if opinions.is_empty() {
        view! { <p class="muted">{text::OPINIONS_NONE}</p> }.into_any()
    } else {
        view! {
            <table class="rating-table opinions-table">
                <thead>
                    <tr>
                        <th scope="col">{text::ITEM}</th>
                        <th scope="col">{text::OPINIONS}</th>
                        <th scope="col">{text::FEEDBACK_ANSWER}</th>
                        <th scope="col">{text::OPINION_AGE}</th>
                    </tr>
                </thead>
                <tbody>
                    {opinions
                        .into_iter()
                        .map(|(o, title, age)| view! {
                            <tr data-opinion=o.id data-open=o.is_open().to_string()>
                                <th scope="row"><a href=format!("/plans/{code}/items/{}#opinions", o.item)>"(" {o.item} ") " {title}</a></th>
                                <td>{o.text.clone()} <span class="muted">" — " {o.filed_by.clone()}</span></td>
                                <td>{o.answer.clone().unwrap_or_default()}</td>
                                <td><strong>{text::opinion_age(o.is_open(), age)}</strong></td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <Title text=text::page_title(text::OPINIONS) />
        <PlanHeader plan />
        <h1>{text::OPINIONS}</h1>
        <p>{text::opinions_open(open)}</p>
        {list}
    }
}
