//! 我的待办: the server function behind the reminders page, and the gathering the overview
//! shares (`source::gather`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::plan::PlanSummary;
use crate::domain::reminder::Reminder;
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RemindersPage {
    pub plan: PlanSummary,
    pub today: chrono::NaiveDate,
    pub items: Vec<Reminder>,
}

#[server(prefix = "/fn", endpoint = "reminders")]
pub async fn get_reminders(plan: String) -> Result<RemindersPage, AppError> {
    use crate::server_fns::ssr;
    let viewer = crate::session::current_viewer().ok_or(AppError::SignInRequired)?;
    let store = ssr::store()?;
    let ctx = ssr::loop_settings();
    let detail = ssr::plan_of(&store, &plan).await?;
    let items = source::gather(&store, &viewer, &detail, &ctx).await?;
    Ok(RemindersPage {
        plan: detail.summary.clone(),
        today: crate::domain::china_time::today(),
        items,
    })
}

/// Everything the viewer owes on a plan (server side only).
#[cfg(feature = "ssr")]
pub mod source {
    use chrono::Duration;

    use crate::domain::account::{Role, Viewer};
    use crate::domain::authz::may_manage_item;
    use crate::domain::directive::{Phase, owed_by};
    use crate::domain::plan::PlanDetail;
    use crate::domain::reminder::{Reminder, ReminderKind, in_order};
    use crate::domain::submission::{SubmissionStatus, default_month, plan_months};
    use crate::error::AppError;
    use crate::server_fns::ssr::{LoopSettings, unavailable};
    use crate::store::SharedStore;

    pub async fn gather(
        store: &SharedStore,
        viewer: &Viewer,
        plan: &PlanDetail,
        ctx: &LoopSettings,
    ) -> Result<Vec<Reminder>, AppError> {
        let code = plan.summary.id.as_str();
        let role = viewer.role_in(code).map(|r| r.role);
        let today = crate::domain::china_time::today();
        let title = |n: u32| plan.item(n).map(|i| i.title.clone()).unwrap_or_default();
        let manages = |n: u32| {
            plan.item(n)
                .is_some_and(|i| may_manage_item(viewer, code, i).is_ok())
        };
        let mut out = Vec::new();
        if role == Some(Role::UnitManager) || plan.items.iter().any(|i| i.leads(viewer.unit.id)) {
            for owed in crate::server_fns::weekly::owed_now(store, viewer, plan, ctx).await? {
                let items: Vec<String> = owed
                    .items
                    .iter()
                    .map(|(n, t)| format!("({n}) {t}"))
                    .collect();
                out.push(Reminder {
                    kind: ReminderKind::Weekly,
                    what: format!(
                        "{}：{}",
                        crate::domain::weekly::week_label(owed.week),
                        items.join("、")
                    ),
                    deadline: Some(owed.week + Duration::days(6 + ctx.grace_days)),
                    link: format!("/plans/{code}/weekly"),
                });
            }
        }
        let directives = store.directives(code, None).await.map_err(unavailable)?;
        if role == Some(Role::UnitManager) {
            for d in owed_by(viewer.unit.id, &directives, &ctx.escalation, today) {
                let s = d.standing(&ctx.escalation, today);
                out.push(Reminder {
                    kind: ReminderKind::Directive,
                    what: format!("({}) {}：{}", d.item, d.item_title, d.requirement),
                    deadline: Some(s.deadline),
                    link: format!("/plans/{code}/supervision#notice-{}", d.id),
                });
            }
        }
        if viewer.is_supervisor_of(code) {
            for d in directives.iter().filter(|d| d.phase() == Phase::Answered) {
                out.push(Reminder {
                    kind: ReminderKind::Closing,
                    what: format!("({}) {} → {}", d.item, d.item_title, d.unit),
                    deadline: None,
                    link: format!("/plans/{code}/supervision#notice-{}", d.id),
                });
            }
            let proposals = store.schedule_proposals(code).await.map_err(unavailable)?;
            for p in proposals
                .iter()
                .filter(|p| p.state == crate::domain::schedule::approval::ProposalState::Pending)
            {
                let indicator = plan
                    .item(p.item)
                    .and_then(|i| i.indicators.iter().find(|x| x.code == p.indicator))
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                out.push(Reminder {
                    kind: ReminderKind::Schedule,
                    what: format!("({}) {}：{indicator}", p.item, title(p.item)),
                    deadline: None,
                    link: format!("/plans/{code}/items/{}#schedule", p.item),
                });
            }
        }
        if plan.items.iter().any(|i| manages(i.number)) {
            for (n, count) in store.pending_counts(code).await.map_err(unavailable)? {
                if count > 0 && manages(n) {
                    out.push(Reminder {
                        kind: ReminderKind::Review,
                        what: format!("({n}) {}：{count} 条", title(n)),
                        deadline: None,
                        link: format!("/plans/{code}/items/{n}"),
                    });
                }
            }
            let months = plan_months(&plan.summary, today);
            let month = default_month(&months, today, ctx.submission.due_day);
            if months.contains(&month) {
                let sent = store
                    .submissions(code, Some(month))
                    .await
                    .map_err(unavailable)?;
                let missing: Vec<String> = plan
                    .items
                    .iter()
                    .filter(|i| manages(i.number) && plan.halt_of(i.number).is_none())
                    .filter(|i| {
                        !sent
                            .iter()
                            .any(|s| s.item == i.number && s.status == SubmissionStatus::Submitted)
                    })
                    .map(|i| format!("({}) {}", i.number, i.title))
                    .collect();
                if !missing.is_empty() {
                    out.push(Reminder {
                        kind: ReminderKind::Submission,
                        what: format!("{}：{}", month.label(), missing.join("、")),
                        deadline: Some(ctx.submission.due_on(month)),
                        link: format!("/plans/{code}/submissions?month={}", month.key()),
                    });
                }
            }
            for o in store
                .opinions(code, None)
                .await
                .map_err(unavailable)?
                .into_iter()
                .filter(|o| o.is_open() && manages(o.item))
            {
                let short: String = o.text.chars().take(30).collect();
                out.push(Reminder {
                    kind: ReminderKind::Opinion,
                    what: format!("({}) {}：{short}", o.item, title(o.item)),
                    deadline: None,
                    link: format!("/plans/{code}/items/{}", o.item),
                });
            }
        }
        Ok(in_order(out))
    }
}
