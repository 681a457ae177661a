//! Staleness: when each field user's phone last synced, and which units have gone quiet —
//! none of their reporters synced for `days` (a setting) — so the 督查室 and the lead units
//! can call before a week is lost. A phone that syncs with nothing new still counts: the
//! server notes every push and pull (at most once every few minutes per user).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::account::{Role, Viewer};
use crate::domain::plan::{PlanDetail, UnitRef};

pub const DEFAULT_STALE_DAYS: i64 = 7;

/// How many days without a sync make a unit quiet (setting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StalenessSettings {
    pub days: i64,
}

impl Default for StalenessSettings {
    fn default() -> Self {
        StalenessSettings {
            days: DEFAULT_STALE_DAYS,
        }
    }
}

/// What the viewer follows: the 督查室 every unit; a lead unit's manager the units on the
/// items it leads; nobody else any.
pub fn followed_by(seen: Vec<SyncSeen>, viewer: &Viewer, plan: &PlanDetail) -> Vec<SyncSeen> {
    let code = plan.summary.id.as_str();
    match viewer.role_in(code).map(|r| r.role) {
        Some(Role::Supervisor) => seen,
        Some(Role::UnitManager) => seen
            .into_iter()
            .filter(|s| {
                plan.items
                    .iter()
                    .any(|i| i.leads(viewer.unit.id) && i.involves(s.unit.id))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One field user and their phone's last sync (none: never).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncSeen {
    pub unit: UnitRef,
    pub name: String,
    pub last: Option<DateTime<Utc>>,
}

/// A unit none of whose users synced within the days allowed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuietUnit {
    pub unit: UnitRef,
    /// The latest sync of any of its users; none: never.
    pub last: Option<DateTime<Utc>>,
    /// Whole days since then; none: never.
    pub days: Option<i64>,
}

/// Whole days from `last` to `now`.
pub fn days_since(last: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - last).num_days().max(0)
}

/// The units whose users all last synced more than `days` ago (or never), the quietest
/// first; units in `seen` only (those with field users).
pub fn quiet_units(seen: &[SyncSeen], now: DateTime<Utc>, days: i64) -> Vec<QuietUnit> {
    let mut units: Vec<QuietUnit> = Vec::new();
    for s in seen {
        match units.iter_mut().find(|u| u.unit.id == s.unit.id) {
            Some(u) => u.last = u.last.max(s.last),
            None => units.push(QuietUnit {
                unit: s.unit.clone(),
                last: s.last,
                days: None,
            }),
        }
    }
    let mut quiet: Vec<QuietUnit> = units
        .into_iter()
        .map(|u| QuietUnit {
            days: u.last.map(|l| days_since(l, now)),
            ..u
        })
        .filter(|u| u.days.is_none_or(|d| d > days))
        .collect();
    // Never first, then the longest silence.
    quiet.sort_by_key(|u| (u.days.is_some(), std::cmp::Reverse(u.days), u.unit.id));
    quiet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::unit;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("an instant")
    }

    fn seen(unit_id: i64, last: Option<&str>) -> SyncSeen {
        SyncSeen {
            unit: unit(unit_id, &format!("单位{unit_id}")),
            name: "u".into(),
            last: last.map(at),
        }
    }

    #[test]
    fn a_unit_is_quiet_when_none_of_its_users_synced_within_the_days() {
        let now = at("2024-07-20T10:00:00Z");
        let quiet = quiet_units(
            &[
                // Unit 1: one user quiet, the other synced yesterday: not quiet.
                seen(1, Some("2024-07-01T10:00:00Z")),
                seen(1, Some("2024-07-19T10:00:00Z")),
                // Unit 2: eight days: quiet (more than seven).
                seen(2, Some("2024-07-12T09:00:00Z")),
                // Unit 3: exactly seven days: not yet.
                seen(3, Some("2024-07-13T10:00:00Z")),
                // Unit 4: never synced: quiet, listed first.
                seen(4, None),
                // Unit 5: twenty days.
                seen(5, Some("2024-06-30T10:00:00Z")),
            ],
            now,
            7,
        );
        let got: Vec<(i64, Option<i64>)> = quiet.iter().map(|u| (u.unit.id, u.days)).collect();
        assert_eq!(got, [(4, None), (5, Some(20)), (2, Some(8))]);
    }
}
