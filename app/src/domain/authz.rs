//! Who may write what (DESIGN.md "Users and roles"). Pure functions over the viewer and
//! the item, so the server checks every write with them and the browser can hide what a
//! user may not do. A refusal says why, in Chinese.

use crate::domain::account::{Role, Viewer};
use crate::domain::plan::Item;

/// A refused write: the reason shown to the user (sent with HTTP 403).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denied(pub String);

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn deny(reason: &str) -> Result<(), Denied> {
    Err(Denied(reason.to_string()))
}

/// Record progress on an item: a reporter or unit manager of a unit that leads or assists it.
pub fn may_report(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Reporter | Role::UnitManager) if item.involves(viewer.unit.id) => Ok(()),
        Some(Role::Reporter | Role::UnitManager) => {
            deny("本单位不是该项目的牵头或协办单位，不能填报")
        }
        _ => deny("只有承办单位的填报人或单位管理员可以填报进展"),
    }
}

/// Review (accept or return) reports on an item, or edit its schedule: the manager of a
/// lead unit.
pub fn may_manage_item(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::UnitManager) if item.leads(viewer.unit.id) => Ok(()),
        Some(Role::UnitManager) => deny("只有牵头单位的单位管理员可以审核该项目"),
        _ => deny("只有牵头单位的单位管理员可以审核该项目"),
    }
}

/// Download raw reports (CSV, with authors' names): the plan's supervisor or a leader.
pub fn may_export_reports(viewer: &Viewer, plan: &str) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor | Role::Leader) => Ok(()),
        _ => deny("只有督查室或分管领导可以导出原始填报"),
    }
}

/// Change a plan, its notices or roles on it: its supervisor.
pub fn may_administer_plan(viewer: &Viewer, plan: &str) -> Result<(), Denied> {
    if viewer.is_supervisor_of(plan) {
        Ok(())
    } else {
        deny("只有该计划的督查室用户可以进行此操作")
    }
}

/// Create, disable, re-enable users and reset passwords: a supervisor of any plan.
pub fn may_administer_users(viewer: &Viewer) -> Result<(), Denied> {
    if viewer.is_supervisor() {
        Ok(())
    } else {
        deny("只有督查室用户可以管理账号")
    }
}

/// Comment on an item: the supervisor, or a leader in charge of its category.
pub fn may_comment(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    match viewer.role_in(plan) {
        Some(r) if r.role == Role::Supervisor => Ok(()),
        Some(r) if r.role == Role::Leader && r.categories.contains(&item.category) => Ok(()),
        Some(r) if r.role == Role::Leader => deny("该项目不在您分管的类别中"),
        _ => deny("只有督查室和分管领导可以批注"),
    }
}

/// Answer residents' suggestions on an item: a manager of its lead unit, or the supervisor
/// (who may also rewrite an answer before publishing it).
pub fn may_answer_feedback(viewer: &Viewer, plan: &str, item: &Item) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor) => Ok(()),
        Some(Role::UnitManager) if item.leads(viewer.unit.id) => Ok(()),
        _ => deny("只有牵头单位的单位管理员或督查室可以答复群众意见"),
    }
}

/// Read residents' suggestions before they are published: the supervisor and leaders
/// (every item), and lead-unit managers (the items their unit leads: `may_answer_feedback`).
pub fn may_read_feedback(viewer: &Viewer, plan: &str) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor | Role::Leader | Role::UnitManager) => Ok(()),
        _ => deny("只有督查室、分管领导和牵头单位可以查看待处理的群众意见"),
    }
}

/// Rate the items in the year-end 满意度测评: a 测评代表 of the plan.
pub fn may_evaluate(viewer: &Viewer, plan: &str) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Evaluator) => Ok(()),
        _ => deny("只有测评代表可以参加满意度测评"),
    }
}

/// See an evaluation's results: everyone once it is closed; while it is open, only the
/// supervisor and leaders (a running count must not sway the evaluators still to vote).
pub fn may_see_evaluation_results(viewer: Option<&Viewer>, plan: &str, closed: bool) -> bool {
    closed
        || viewer.is_some_and(|v| {
            v.role_in(plan)
                .is_some_and(|r| matches!(r.role, Role::Supervisor | Role::Leader))
        })
}

/// Follow every 代表意见 of a plan by its age: its 督查室 and leaders.
pub fn may_follow_opinions(viewer: &Viewer, plan: &str) -> Result<(), Denied> {
    match viewer.role_in(plan).map(|r| r.role) {
        Some(Role::Supervisor | Role::Leader) => Ok(()),
        _ => deny("只有督查室和分管领导可以查看全部代表意见"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::PlanRole;
    use crate::domain::plan::UnitRef;

    const PLAN: &str = "taibaihu-2024";
    const LEAD: i64 = 1; // 区社会事业发展局
    const CO: i64 = 2; // 石桥镇政府
    const OTHER: i64 = 3; // 区文旅局

    fn item() -> Item {
        Item {
            number: 1,
            category: 1,
            title: "困难老年人家庭设施改造".into(),
            content: String::new(),
            lead_units: vec![UnitRef {
                id: LEAD,
                name: "lead".into(),
            }],
            co_units: vec![UnitRef {
                id: CO,
                name: "co".into(),
            }],
            indicators: vec![],
        }
    }

    fn viewer(unit: i64, role: Option<Role>, categories: Vec<u32>) -> Viewer {
        Viewer {
            id: 7,
            username: "u".into(),
            display_name: "u".into(),
            unit: UnitRef {
                id: unit,
                name: "unit".into(),
            },
            roles: role
                .map(|role| PlanRole {
                    plan: PLAN.into(),
                    role,
                    categories,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn reporters_and_managers_report_on_items_of_their_unit_only() {
        for role in [Role::Reporter, Role::UnitManager] {
            assert!(may_report(&viewer(LEAD, Some(role), vec![]), PLAN, &item()).is_ok());
            assert!(may_report(&viewer(CO, Some(role), vec![]), PLAN, &item()).is_ok());
            assert!(may_report(&viewer(OTHER, Some(role), vec![]), PLAN, &item()).is_err());
        }
    }

    #[test]
    fn supervisors_leaders_and_strangers_do_not_report() {
        for role in [Some(Role::Supervisor), Some(Role::Leader), None] {
            assert!(may_report(&viewer(LEAD, role, vec![1]), PLAN, &item()).is_err());
        }
        let v = viewer(LEAD, Some(Role::Reporter), vec![]);
        assert!(
            may_report(&v, "another-plan", &item()).is_err(),
            "roles are per plan"
        );
    }

    #[test]
    fn only_the_lead_units_manager_manages_an_item() {
        assert!(
            may_manage_item(
                &viewer(LEAD, Some(Role::UnitManager), vec![]),
                PLAN,
                &item()
            )
            .is_ok()
        );
        assert!(
            may_manage_item(&viewer(CO, Some(Role::UnitManager), vec![]), PLAN, &item()).is_err()
        );
        assert!(
            may_manage_item(&viewer(LEAD, Some(Role::Reporter), vec![]), PLAN, &item()).is_err()
        );
        assert!(
            may_manage_item(&viewer(LEAD, Some(Role::Supervisor), vec![]), PLAN, &item()).is_err()
        );
    }

    #[test]
    fn only_supervisors_administer() {
        let sup = viewer(OTHER, Some(Role::Supervisor), vec![]);
        assert!(may_administer_plan(&sup, PLAN).is_ok());
        assert!(may_administer_plan(&sup, "another-plan").is_err());
        assert!(may_administer_users(&sup).is_ok());
        for role in [
            Some(Role::Leader),
            Some(Role::UnitManager),
            Some(Role::Reporter),
            None,
        ] {
            let v = viewer(LEAD, role, vec![1]);
            assert!(may_administer_plan(&v, PLAN).is_err());
            assert!(may_administer_users(&v).is_err());
        }
    }

    #[test]
    fn leaders_comment_on_their_categories_only() {
        assert!(
            may_comment(
                &viewer(OTHER, Some(Role::Leader), vec![1, 2]),
                PLAN,
                &item()
            )
            .is_ok()
        );
        let err = may_comment(&viewer(OTHER, Some(Role::Leader), vec![3]), PLAN, &item());
        assert_eq!(err, Err(Denied("该项目不在您分管的类别中".into())));
        assert!(
            may_comment(
                &viewer(OTHER, Some(Role::Supervisor), vec![]),
                PLAN,
                &item()
            )
            .is_ok()
        );
        assert!(
            may_comment(
                &viewer(LEAD, Some(Role::UnitManager), vec![]),
                PLAN,
                &item()
            )
            .is_err()
        );
    }
}
