//! The server side of phone sync: checking pushed ops (who may, what is valid) before the
//! store applies them at most once, the pull of review changes, and the catalogue a phone
//! needs to report offline.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_report;
use app::domain::plan::{IndicatorKind, Item, PlanDetail};
use app::domain::report::{MIN_SCHEMA, Report, ReportWindow, SCHEMA, validate_report};
use app::domain::reporters::{self, UnitProgress};
use app::store::{Store, UnitDone};
use app::sync::CheckedOp;
use app::sync::{ACK, Catalogue, CataloguePlan, MAX_BATCH, PullResponse, PushResponse, ReportOp};

use super::sync_decode::{self, DecodedOp, RawPush};

use super::ServiceError;

/// Pull pages hold at most this many changes.
pub const PULL_PAGE: u32 = 500;

/// Brings a report written by an older client build up to the current schema. Version 1 is
/// the only one so far; each new version adds its step here.
fn upgrade(report: Report) -> Report {
    Report {
        schema_version: SCHEMA,
        ..report
    }
}

/// Applies a push. Each op is read on its own (`sync_decode`): an unreadable or invalid
/// op is answered `rejected` and kept in quarantine (cut to a bounded excerpt), the rest
/// are applied. Only a body with no readable op ids at all is refused whole.
pub async fn push(
    store: &dyn Store,
    viewer: &Viewer,
    request: RawPush,
    now: DateTime<Utc>,
) -> Result<PushResponse, ServiceError> {
    seen(store, viewer).await;
    if request.ops.len() > MAX_BATCH {
        return Err(ServiceError::Invalid(format!(
            "一次最多提交 {MAX_BATCH} 条记录"
        )));
    }
    if request
        .ops
        .iter()
        .any(|raw| sync_decode::schema_version(raw).is_some_and(|v| v < u64::from(MIN_SCHEMA)))
    {
        return Err(ServiceError::ClientTooOld);
    }
    if request
        .ops
        .iter()
        .any(|raw| sync_decode::op_id(raw).is_none())
    {
        return Err(ServiceError::Invalid(
            "每条记录都须带有操作编号（op_id，UUID）".to_string(),
        ));
    }
    if request.ops.is_empty() {
        // Nothing to apply (a phone checking in): answered without touching storage.
        return Ok(PushResponse {
            ack: ACK.to_string(),
            results: Vec::new(),
        });
    }
    let today = app::domain::china_time::day_at(now);
    let mut plans: HashMap<String, Option<Arc<PlanDetail>>> = HashMap::new();
    let mut checked = Vec::with_capacity(request.ops.len());
    for raw in &request.ops {
        let Some(decoded) = sync_decode::decode(raw, viewer) else {
            continue; // unreachable: every op id was read above
        };
        let (op, verdict) = match decoded {
            DecodedOp::Unreadable { op, reason } => (op, Err(reason)),
            DecodedOp::Readable(op) => {
                if !plans.contains_key(&op.report.plan) {
                    let plan = cached_plan(store, &op.report.plan).await?;
                    plans.insert(op.report.plan.clone(), plan);
                }
                let plan = plans.get(&op.report.plan).and_then(Option::as_deref);
                let verdict = check(viewer, plan, &op, today, now);
                (op, verdict)
            }
        };
        let op = if op.report.schema_version < SCHEMA {
            ReportOp {
                report: upgrade(op.report),
                ..op
            }
        } else {
            op
        };
        // A refused op is kept, but only so much of it.
        let (op, verdict) = match verdict {
            Err(reason) => match sync_decode::bounded_for_quarantine(&op) {
                Some((cut, note)) => (cut, Err(format!("{reason}{note}"))),
                None => (op, Err(reason)),
            },
            ok => (op, ok),
        };
        checked.push(CheckedOp { op, verdict });
    }
    let actor = Actor::user(viewer.id, &viewer.username);
    let results = store.apply_ops(&checked, &actor, now).await?;
    Ok(PushResponse {
        ack: ACK.to_string(),
        results,
    })
}

/// Plans as pushes check against them, kept while the catalogue version stands (every
/// plan change moves it), so a push does not reload a whole plan per batch.
async fn cached_plan(
    store: &dyn Store,
    code: &str,
) -> Result<Option<Arc<PlanDetail>>, ServiceError> {
    type Cache = Mutex<HashMap<String, (i64, Arc<PlanDetail>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    let version = store.catalogue_seq().await?;
    if let Ok(held) = cache.lock()
        && let Some((v, plan)) = held.get(code)
        && *v == version
    {
        return Ok(Some(plan.clone()));
    }
    let Some(plan) = store.plan(code).await? else {
        return Ok(None);
    };
    let plan = Arc::new(plan);
    if let Ok(mut held) = cache.lock() {
        held.insert(code.to_string(), (version, plan.clone()));
    }
    Ok(Some(plan))
}

/// Why an op may not be applied, if it may not.
fn check(
    viewer: &Viewer,
    plan: Option<&PlanDetail>,
    op: &ReportOp,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let report = &op.report;
    if report.schema_version > SCHEMA {
        return Err("应用版本比服务器新，请联系管理员升级服务器".to_string());
    }
    let plan = plan.ok_or_else(|| format!("没有代码为“{}”的年度计划", report.plan))?;
    let item = plan
        .item(report.item)
        .ok_or_else(|| format!("该计划没有第 {} 项", report.item))?;
    if report.author_id != viewer.id {
        return Err("记录的填报人与当前登录用户不一致，须由填报人本人登录后同步".to_string());
    }
    if report.unit_id != viewer.unit.id {
        return Err("记录的填报单位与当前用户所属单位不一致".to_string());
    }
    may_report(viewer, &report.plan, item).map_err(|d| d.0)?;
    // Only what the unit can know: an indicator reported by others is refused, whole.
    for value in &report.values {
        if let Some(ind) = item.indicators.iter().find(|i| i.code == value.code)
            && !reporters::reports(plan, item, ind, viewer.unit.id)
        {
            return Err(reporters::refusal(ind));
        }
    }
    let window = ReportWindow {
        starts_on: plan.summary.starts_on,
        ends_on: plan.summary.ends_on,
        today,
        now,
    };
    validate_report(report, item, &window).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("；")
    })
}

/// The item as the unit's phone sees it: only the indicators the unit reports
/// (`domain::reporters`), each with what the unit's accepted reports add up to so far and
/// its share of the target (`done`: the unit's totals, `ProgressStore::unit_done`); none
/// when the unit reports nothing on it.
fn own_part(viewer: &Viewer, plan: &PlanDetail, item: &Item, done: &[UnitDone]) -> Option<Item> {
    let unit = viewer.unit.id;
    let codes: Vec<String> = reporters::indicators_of(plan, item, unit)
        .map(|i| i.code.clone())
        .collect();
    if codes.is_empty() {
        return None;
    }
    let mut mine = item.clone();
    mine.indicators.retain(|i| codes.contains(&i.code));
    for ind in &mut mine.indicators {
        // Figures that add up (counts, places) add up per unit; a rate or a milestone is
        // the district's, not a unit's part of it.
        if !matches!(ind.kind, IndicatorKind::Count | IndicatorKind::Coverage) {
            continue;
        }
        let done = done
            .iter()
            .find(|d| d.item == item.number && d.code == ind.code)
            .map_or(0.0, |d| d.done);
        let share = ind
            .shares
            .iter()
            .find(|s| s.unit_id == unit)
            .map(|s| s.target);
        ind.mine = Some(UnitProgress { done, share });
    }
    Some(mine)
}

/// Notes the phone's sync for staleness; a failure to note it must not fail the sync.
async fn seen(store: &dyn Store, viewer: &Viewer) {
    if let Err(e) = store.touch_sync(viewer.id, chrono::Utc::now()).await {
        tracing::warn!(error = %e, "could not note the sync time");
    }
}

pub async fn pull(
    store: &dyn Store,
    viewer: &Viewer,
    cursor: i64,
) -> Result<PullResponse, ServiceError> {
    seen(store, viewer).await;
    let page = store
        .changes_since(viewer.unit.id, cursor, PULL_PAGE)
        .await?;
    Ok(PullResponse {
        ack: ACK.to_string(),
        cursor: page.cursor,
        more: page.more,
        changes: page.changes,
        catalogue_version: catalogue_version(store, viewer).await?,
    })
}

/// Changes when plans are imported or the user's unit or roles change.
async fn catalogue_version(store: &dyn Store, viewer: &Viewer) -> Result<String, ServiceError> {
    let seq = store.catalogue_seq().await?;
    let who = serde_json::to_vec(&(&viewer.unit, &viewer.roles)).unwrap_or_default();
    let digest: String = Sha256::digest(&who)[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("{seq}-{digest}"))
}

pub async fn catalogue(
    store: &dyn Store,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<Catalogue, ServiceError> {
    let mut plans = Vec::new();
    for role in &viewer.roles {
        let Some(plan) = store.plan(&role.plan).await? else {
            continue;
        };
        // What the unit has done, read once per plan (its own day totals).
        let today = app::domain::china_time::day_at(now);
        let done = store
            .unit_done(&plan.summary.id, viewer.unit.id, today)
            .await?;
        let mut items = Vec::new();
        for item in plan
            .items
            .iter()
            .filter(|item| may_report(viewer, &role.plan, item).is_ok())
        {
            if let Some(mine) = own_part(viewer, &plan, item, &done) {
                items.push(mine);
            }
        }
        if !items.is_empty() {
            plans.push(CataloguePlan {
                code: plan.summary.id.clone(),
                title: plan.summary.title.clone(),
                starts_on: plan.summary.starts_on,
                ends_on: plan.summary.ends_on,
                items,
            });
        }
    }
    Ok(Catalogue {
        version: catalogue_version(store, viewer).await?,
        viewer: viewer.clone(),
        plans,
        fetched_at: now,
    })
}
