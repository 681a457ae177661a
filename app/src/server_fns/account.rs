//! Server functions behind the account, administration, audit and reporting pages. Each
//! checks the signed-in user on the server; the page only displays what it is given.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::account::UserSummary;
use crate::domain::audit::{AuditEntry, AuditFilter};
use crate::domain::plan::{Category, Item, PlanSummary, UnitRef};
use crate::error::AppError;

/// A plan the supervisor may assign roles on, with its categories (for leaders).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanChoice {
    pub code: String,
    pub title: String,
    pub categories: Vec<Category>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUsersPage {
    pub users: Vec<UserSummary>,
    pub units: Vec<UnitRef>,
    pub plans: Vec<PlanChoice>,
}

/// Items of one plan the user may report on; `true` where their unit leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPlan {
    pub plan: PlanSummary,
    pub items: Vec<(Item, bool)>,
}

#[server(prefix = "/fn", endpoint = "admin_users")]
pub async fn get_admin_users() -> Result<AdminUsersPage, AppError> {
    use crate::domain::authz::may_administer_users;
    let viewer = ssr::viewer()?;
    may_administer_users(&viewer).map_err(|d| AppError::Forbidden(d.0))?;
    let store = ssr::store()?;
    let users = store.list_users().await.map_err(ssr::unavailable)?;
    let mut units: Vec<UnitRef> = Vec::new();
    let mut plans = Vec::new();
    for role in viewer
        .roles
        .iter()
        .filter(|r| viewer.is_supervisor_of(&r.plan))
    {
        if let Some(plan) = store.plan(&role.plan).await.map_err(ssr::unavailable)? {
            for unit in &plan.units {
                if !units.iter().any(|u| u.id == unit.id) {
                    units.push(UnitRef {
                        id: unit.id,
                        name: unit.name.clone(),
                    });
                }
            }
            plans.push(PlanChoice {
                code: plan.summary.id.clone(),
                title: plan.summary.title.clone(),
                categories: plan.categories.clone(),
            });
        }
    }
    Ok(AdminUsersPage {
        users,
        units,
        plans,
    })
}

#[server(prefix = "/fn", endpoint = "audit")]
pub async fn get_audit(filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
    use crate::domain::authz::may_administer_users;
    let viewer = ssr::viewer()?;
    may_administer_users(&viewer).map_err(|d| AppError::Forbidden(d.0))?;
    filter.check().map_err(AppError::Invalid)?;
    ssr::store()?.audit(&filter).await.map_err(ssr::unavailable)
}

#[server(prefix = "/fn", endpoint = "report_items")]
pub async fn get_report_items() -> Result<Vec<ReportPlan>, AppError> {
    use crate::domain::authz::may_report;
    let viewer = ssr::viewer()?;
    let store = ssr::store()?;
    let mut out = Vec::new();
    for role in &viewer.roles {
        let Some(plan) = store.plan(&role.plan).await.map_err(ssr::unavailable)? else {
            continue;
        };
        let items: Vec<(Item, bool)> = plan
            .items
            .iter()
            .filter(|item| may_report(&viewer, &role.plan, item).is_ok())
            // Only items where the unit reports something (`domain::reporters`).
            .filter(|item| {
                crate::domain::reporters::indicators_of(&plan, item, viewer.unit.id)
                    .next()
                    .is_some()
            })
            .map(|item| (item.clone(), item.leads(viewer.unit.id)))
            .collect();
        if !items.is_empty() {
            out.push(ReportPlan {
                plan: plan.summary,
                items,
            });
        }
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
mod ssr {
    use crate::domain::account::Viewer;
    use crate::error::AppError;
    pub use crate::server_fns::ssr::{store, unavailable};

    pub fn viewer() -> Result<Viewer, AppError> {
        crate::session::current_viewer().ok_or(AppError::SignInRequired)
    }
}
