#![recursion_limit = "256"]
//! 民生实事台账 — the shared crate. Used by the server with the `ssr` feature and by the
//! browser with `hydrate`; pure logic has no feature gate so plain `cargo test` covers it.
//!
//! # Layout
//!
//! - `domain/`: the pure rules (plan, report, progress, pace, weekly, monthly, quarterly,
//!   supervision, account, authz, audit, china_time); no Leptos, no I/O.
//! - `sync/`: the sync protocol both ends speak (ops, answers, pulls, the catalogue).
//! - `field/`: the offline client (form → outbox → engine; `browser` for storage and HTTP).
//! - `store/` (ssr): the storage traits the server implements, and `StoreError`.
//! - `server_fns/`: the `#[server]` functions behind the pages, by area.
//! - `pages/`, `components/`, `islands/`, `text/`: the UI and its Chinese strings.
//!
//! One field report's walk: `field::form` → `field::outbox` → `field::engine` (push) →
//! server `service::sync` → server `store` → review (`service::review`) → progress
//! (`domain::progress`) → pace (`domain::pace`) → monthly report (`domain::monthly`).

pub mod components;
pub mod domain;
pub mod error;
pub mod field;
pub mod forms;
pub mod islands;
pub mod pages;
pub mod server_fns;
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
mod styles;
pub mod sync;
#[cfg(test)]
mod test_fixtures;
pub mod text;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use domain::account::Role;
use pages::{
    AccountView, AdminUsersView, AssessmentView, AuditView, DifficultyView, EvaluationView,
    FeedbackView, FieldView, ItemView, LoginView, MonthlyView, NotFound, OpinionsView, Overview,
    PosterView, QuarantineView, QuarterlyView, RemindersView, ReportView, SignOutView,
    SubmissionsView, SupervisionView, TownBoardView, UnitView, UnitsView, WeeklyView,
};

/// The file name (without `.js` / `_bg.wasm`) of the field page's bundle, provided by the
/// server when the site was built with one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldBundle(pub String);

/// The HTML document around the app, rendered on the server only.
///
/// Islands mode: the pages are server-rendered documents and only the interactive parts
/// (`#[island]` components) hydrate, so a phone downloads and runs little code and the
/// pages read fine with JavaScript off; a page without an island loads no script or WASM at
/// all (`islands::on_page`). `options.output_name` carries the content hash of
/// the built assets (`taizhang.<hash>`: `.js`, `_bg.wasm`), so browsers and the
/// service worker can cache them forever.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The field page (and sign-out, which reads its queue) loads its own bundle (with the
    // offline code) and styles (without the supervision views'); every other page the
    // small bundle and all the styles.
    let options = match use_context::<FieldBundle>() {
        Some(FieldBundle(name)) if uses_field_bundle(&session::current_path()) => {
            let mut field = options;
            field.output_name = name.into();
            field
        }
        _ => options,
    };
    let path = session::current_path();
    let hydrates = islands::on_page(&path);
    if !hydrates {
        // Nothing on the page hydrates: its data need not travel a second time as JSON
        // for the browser. (The hydration script says the same for island pages.)
        if let Some(context) = leptos::reactive::owner::Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }
    // The stylesheet is in the page: the first paint waits for no second request (on a
    // slow link, one round trip is seconds). The field page carries only the base.
    let css = if uses_field_bundle(&path) {
        styles::field()
    } else {
        styles::pages()
    };
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="民生实事项目进展台账" />
                <link rel="icon" href="/favicon.svg" r#type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <meta name="theme-color" content="#b3261e" />
                <style inner_html=css></style>
                {hydrates.then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The field page, and the sign-out page that reads the field app's queue on the phone.
fn uses_field_bundle(path: &str) -> bool {
    path.starts_with("/field") || path.split('?').next() == Some("/logout")
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <SiteHeader />
            <main>
                // Async: pages arrive complete, so they read fine with JavaScript off.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Overview ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan") view=Overview ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/items/:number") view=ItemView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/items/:number/poster") view=PosterView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/units") view=UnitsView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/monthly") view=MonthlyView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/weekly") view=WeeklyView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/supervision") view=SupervisionView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/submissions") view=SubmissionsView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/assessment") view=AssessmentView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/reminders") view=RemindersView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/feedback") view=FeedbackView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/evaluation") view=EvaluationView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/opinions") view=OpinionsView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/quarterly") view=QuarterlyView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/towns") view=TownBoardView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/difficulties/:id") view=DifficultyView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:plan/units/:unit") view=UnitView ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginView ssr=SsrMode::Async />
                    <Route path=path!("/logout") view=SignOutView ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountView ssr=SsrMode::Async />
                    <Route path=path!("/report") view=ReportView ssr=SsrMode::Async />
                    <Route path=path!("/field") view=FieldView ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=AdminUsersView ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditView ssr=SsrMode::Async />
                    <Route path=path!("/admin/quarantine") view=QuarantineView ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}

/// The site header: brand, and the links the signed-in user's roles open.
#[component]
fn SiteHeader() -> impl IntoView {
    // The field shell is cached by the service worker for every user of the device: it
    // must carry no personal data, so its header names nobody.
    let field_shell = session::current_path().starts_with("/field");
    let viewer = if field_shell {
        None
    } else {
        session::current_viewer()
    };
    let links = match viewer {
        Some(viewer) => {
            let reports = viewer
                .roles
                .iter()
                .any(|r| matches!(r.role, Role::Reporter | Role::UnitManager));
            let admin = viewer.is_supervisor();
            let office = admin || viewer.roles.iter().any(|r| r.role == Role::Leader);
            view! {
                {reports.then(|| view! { <a href="/field">{text::NAV_FIELD}</a> })}
                {reports.then(|| view! { <a href="/report">{text::NAV_REPORT}</a> })}
                {viewer
                    .roles
                    .iter()
                    .find(|r| r.role == Role::Evaluator)
                    .map(|r| view! { <a href=format!("/plans/{}/evaluation", r.plan)>{text::EVALUATION}</a> })}
                {viewer
                    .roles
                    .iter()
                    .find(|r| !matches!(r.role, Role::Reporter | Role::Evaluator))
                    .map(|r| {
                        view! {
                            <a href=format!("/plans/{}/weekly", r.plan)>{text::NAV_WEEKLY}</a>
                            <a href=format!("/plans/{}/supervision", r.plan)>{text::NAV_SUPERVISION}</a>
                            <a href=format!("/plans/{}/submissions", r.plan)>{text::SUBMISSIONS}</a>
                            <a href=format!("/plans/{}/assessment", r.plan)>{text::ASSESSMENT}</a>
                            <a href=format!("/plans/{}/feedback", r.plan)>{text::FEEDBACK_QUEUE}</a>
                            {office
                                .then(|| {
                                    view! {
                                        <a href=format!("/plans/{}/quarterly", r.plan)>{text::NAV_QUARTERLY}</a>
                                        <a href=format!("/plans/{}/towns", r.plan)>{text::NAV_TOWN_BOARD}</a>
                                        <a href=format!("/plans/{}/monthly", r.plan)>{text::NAV_MONTHLY}</a>
                                        <a href=format!("/plans/{}/evaluation", r.plan)>{text::EVALUATION}</a>
                                        <a href=format!("/plans/{}/opinions", r.plan)>{text::OPINIONS}</a>
                                    }
                                })}
                        }
                    })}
                {admin
                    .then(|| {
                        view! {
                            <a href="/admin/users">{text::NAV_USERS}</a>
                            <a href="/admin/audit">{text::NAV_AUDIT}</a>
                            <a href="/admin/quarantine">{text::NAV_QUARANTINE}</a>
                        }
                    })}
                <a href="/account" class="who">{viewer.display_name}</a>
                // A page, not a button: it first looks for unsent reports on this phone.
                <a href="/logout" class="sign-out">{text::SIGN_OUT}</a>
            }
            .into_any()
        }
        None if field_shell => view! { <a href="/">{text::NAV_OVERVIEW}</a> }.into_any(),
        None => view! { <a href="/login">{text::SIGN_IN}</a> }.into_any(),
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                {text::APP_NAME}
            </a>
            <nav class="site-nav">{links}</nav>
        </header>
    }
}
