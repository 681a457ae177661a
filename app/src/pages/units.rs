//! 承办单位: every unit of the plan with how many items it leads and assists.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::PlanHeader;
use crate::pages::loaded::loaded;
use crate::server_fns::{UnitsPage, get_units};
use crate::text;

#[component]
pub fn UnitsView() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || params.read().get("plan").unwrap_or_default(),
        get_units,
    );
    view! {
        {loaded(page, move |page| view! { <UnitsBody page /> })}
    }
}

#[component]
fn UnitsBody(page: UnitsPage) -> AnyView {
    let UnitsPage { plan, units } = page;
    let code = plan.id.clone();
    view! {
        <Title text=text::page_title(text::UNITS_TITLE) />
        <PlanHeader plan />
        <h1>{text::UNITS_TITLE}</h1>
        <table class="units">
            <thead>
                <tr>
                    <th scope="col">{text::UNIT_NAME}</th>
                    <th scope="col">{text::KIND}</th>
                    <th scope="col">{text::UNIT_LEADS}</th>
                    <th scope="col">{text::UNIT_ASSISTS}</th>
                </tr>
            </thead>
            <tbody>
                {units
                    .into_iter()
                    .map(|(unit, leads, assists)| {
                        view! {
                            <tr>
                                <th scope="row">
                                    <a href=format!("/plans/{code}/units/{}", unit.id)>{unit.name}</a>
                                </th>
                                <td data-label=text::KIND>{text::unit_kind_label(unit.kind)}</td>
                                <td data-label=text::UNIT_LEADS>{leads}</td>
                                <td data-label=text::UNIT_ASSISTS>{assists}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
