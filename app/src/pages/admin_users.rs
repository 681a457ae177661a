//! 账号管理 (supervisor): create accounts, disable and re-enable them, reset passwords,
//! assign roles. Every action is a plain form; the server checks it and records it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::domain::account::{Role, UserSummary};
use crate::domain::plan::UnitRef;
use crate::forms::{FormError, previous_value};
use crate::pages::loaded::loaded;
use crate::pages::{DoneNotice, RoleList};
use crate::server_fns::account::{AdminUsersPage, PlanChoice, get_admin_users};
use crate::text;

#[component]
pub fn AdminUsersView() -> impl IntoView {
    let query = use_query_map();
    let done = query.read_untracked().get("done");
    let page = Resource::new(|| (), |_| get_admin_users());
    view! {
        <Title text=text::page_title(text::USERS_TITLE) />
        {loaded(page, move |page| view! { <UsersBody page done=done.clone() /> })}
    }
}

#[component]
fn UsersBody(page: AdminUsersPage, done: Option<String>) -> AnyView {
    let AdminUsersPage {
        users,
        units,
        plans,
    } = page;
    view! {
        <h1>{text::USERS_TITLE}</h1>
        <DoneNotice done />
        <CreateUserForm units plans=plans.clone() />
        <table class="users">
            <thead>
                <tr>
                    <th scope="col">{text::USERNAME}</th>
                    <th scope="col">{text::UNIT}</th>
                    <th scope="col">{text::ROLES}</th>
                    <th scope="col">{text::STATUS}</th>
                    <th scope="col">{text::ACTIONS}</th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|user| view! { <UserRow user plans=plans.clone() /> })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn CreateUserForm(units: Vec<UnitRef>, plans: Vec<PlanChoice>) -> impl IntoView {
    let unit = previous_value("create", "unit_id");
    view! {
        <details class="create-user" open=crate::forms::feedback_for("create").is_some()>
            <summary>{text::CREATE_USER}</summary>
            <FormError form="create" />
            <form method="post" action="/admin/users" class="stack" id="create-user-form">
                <label>
                    {text::USERNAME}
                    <input name="username" required autocapitalize="none" value=previous_value("create", "username") />
                </label>
                <label>
                    {text::DISPLAY_NAME}
                    <input name="display_name" required value=previous_value("create", "display_name") />
                </label>
                <label>
                    {text::UNIT}
                    <select name="unit_id" required>
                        {units
                            .into_iter()
                            .map(|u| {
                                let selected = unit == u.id.to_string();
                                view! {
                                    <option value=u.id selected=selected>
                                        {u.name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <RoleFields plans prefix="create" />
                <label>
                    {text::INITIAL_PASSWORD}
                    <input name="password" type="password" autocomplete="new-password" required minlength="8" />
                </label>
                <button type="submit">{text::CREATE}</button>
            </form>
        </details>
    }
}

/// Plan, role and (for leaders) categories; shared by the create and role forms.
#[component]
fn RoleFields(plans: Vec<PlanChoice>, prefix: &'static str) -> impl IntoView {
    let role = previous_value(prefix, "role");
    view! {
        <label>
            {text::PLAN}
            <select name="plan">
                {plans
                    .iter()
                    .map(|p| view! { <option value=p.code.clone()>{p.title.clone()}</option> })
                    .collect_view()}
            </select>
        </label>
        <label>
            {text::ROLE}
            <select name="role">
                {(prefix == "create").then(|| view! { <option value="">{text::NO_ROLE}</option> })}
                {Role::ALL
                    .into_iter()
                    .map(|r| {
                        let selected = role == r.as_str();
                        view! {
                            <option value=r.as_str() selected=selected>
                                {r.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <fieldset class="categories">
            <legend>{text::LEADER_CATEGORIES}</legend>
            {plans
                .first()
                .map(|p| {
                    p.categories
                        .iter()
                        .map(|c| {
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="categories" value=c.number />
                                    {text::category_heading(c.number, &c.name)}
                                </label>
                            }
                        })
                        .collect_view()
                })}
        </fieldset>
    }
}

#[component]
fn UserRow(user: UserSummary, plans: Vec<PlanChoice>) -> impl IntoView {
    let id = user.id;
    let form = format!("user-{id}");
    let error = crate::forms::feedback_for(&form).map(|f| {
        view! {
            <p class="form-error" role="alert">
                {f.error}
            </p>
        }
    });
    let toggle = if user.disabled {
        (format!("/admin/users/{id}/enable"), text::ENABLE)
    } else {
        (format!("/admin/users/{id}/disable"), text::DISABLE)
    };
    view! {
        <tr data-user=user.username.clone() class:disabled=user.disabled>
            <th scope="row">
                {user.display_name.clone()}
                <span class="muted">" @" {user.username.clone()}</span>
            </th>
            <td data-label=text::UNIT>{user.unit.name.clone()}</td>
            <td data-label=text::ROLES>
                <RoleList roles=user.roles.clone() />
            </td>
            <td data-label=text::STATUS>
                {if user.disabled { text::DISABLED } else { text::ACTIVE }}
            </td>
            <td data-label=text::ACTIONS class="actions">
                {error}
                <form method="post" action=toggle.0 class="inline">
                    <button type="submit" class="secondary">{toggle.1}</button>
                </form>
                <details>
                    <summary>{text::RESET_PASSWORD}</summary>
                    <form method="post" action=format!("/admin/users/{id}/password") class="stack">
                        <label>
                            {text::NEW_PASSWORD}
                            <input name="new_password" type="password" autocomplete="new-password" required minlength="8" />
                        </label>
                        <button type="submit">{text::RESET_PASSWORD}</button>
                    </form>
                </details>
                <details>
                    <summary>{text::SET_ROLE}</summary>
                    <form method="post" action=format!("/admin/users/{id}/role") class="stack">
                        <RoleFields plans prefix="role" />
                        <button type="submit">{text::SAVE}</button>
                    </form>
                </details>
            </td>
        </tr>
    }
}
