//! 督查督办 writes, shared by forms (and any later API): raising and coordinating
//! difficulties, recording 一线督导 (督办单: `directive`). Each checks who may do
//! it and what was typed before the store is touched.

use bytes::Bytes;
use chrono::NaiveDate;

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::may_administer_plan;
use app::domain::supervision::{
    DifficultyChange, DifficultyStatus, may_comment_difficulty, may_coordinate, may_raise,
    text_field,
};
use app::store::{NewDifficulty, NewVisit, Store};

use super::{ServiceError, plan_item};
use crate::store::blobs::Blobs;

fn actor(viewer: &Viewer) -> Actor {
    Actor::user(viewer.id, &viewer.username)
}

fn invalid(message: String) -> ServiceError {
    ServiceError::Invalid(message)
}

pub async fn raise_difficulty(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    report_id: Option<&str>,
    title: &str,
    detail: &str,
) -> Result<i64, ServiceError> {
    let (_, found) = plan_item(store, plan, item).await?;
    may_raise(viewer, plan, &found)?;
    let (report_id, from_report) = match report_id.map(str::trim).filter(|r| !r.is_empty()) {
        Some(id) => {
            let id = uuid::Uuid::parse_str(id).map_err(|_| invalid("填报编号无效".to_string()))?;
            let report = store
                .report(id)
                .await?
                .ok_or_else(|| ServiceError::NotFound("没有这条填报记录".to_string()))?;
            if report.report.plan != plan || report.report.item != item {
                return Err(invalid("该填报不属于这个项目".to_string()));
            }
            (Some(id.to_string()), report.report.difficulties)
        }
        None => (None, String::new()),
    };
    // Raised from a report without text of its own: the report's 困难问题 is the text.
    let (title, detail) = if title.trim().is_empty() && detail.trim().is_empty() {
        let short: String = from_report.trim().chars().take(30).collect();
        (short, from_report.trim().to_string())
    } else {
        (title.to_string(), detail.to_string())
    };
    let title = text_field(&title, "问题概述", 100).map_err(invalid)?;
    let detail = text_field(&detail, "问题详情", 2000).map_err(invalid)?;
    let new = NewDifficulty {
        plan: plan.to_string(),
        item,
        report_id,
        unit_id: viewer.unit.id,
        title,
        detail,
    };
    Ok(store.raise_difficulty(&new, &actor(viewer)).await?)
}

/// A comment, a new status or a new owner, as sent (texts are checked here); returns the
/// plan of the difficulty.
pub async fn change_difficulty(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
    change: DifficultyChange,
) -> Result<String, ServiceError> {
    let (plan, difficulty, _) = store
        .difficulty(id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个困难问题".to_string()))?;
    let (_, item) = plan_item(store, &plan, difficulty.item).await?;
    let change = match change {
        DifficultyChange::Comment(text) => {
            may_comment_difficulty(viewer, &plan, &item)?;
            DifficultyChange::Comment(text_field(&text, "留言", 1000).map_err(invalid)?)
        }
        DifficultyChange::Status(next, text) => {
            may_coordinate(viewer, &plan, &item)?;
            let note = text.trim();
            if next == DifficultyStatus::Resolved && note.is_empty() {
                return Err(invalid("标记为已解决时请说明解决情况".to_string()));
            }
            if app::domain::limits::too_long(note, 1000) {
                return Err(invalid("情况说明不能超过 1000 个字".to_string()));
            }
            DifficultyChange::Status(next, note.to_string())
        }
        DifficultyChange::Owner(text) => {
            may_coordinate(viewer, &plan, &item)?;
            DifficultyChange::Owner(text_field(&text, "责任人", 60).map_err(invalid)?)
        }
    };
    store.change_difficulty(id, &change, &actor(viewer)).await?;
    Ok(plan)
}

/// Records a visit with its photos: everything typed is checked before any photo is
/// stored, and a visit that cannot be recorded leaves no photo behind.
#[allow(clippy::too_many_arguments)]
pub async fn record_visit(
    store: &dyn Store,
    blobs: &Blobs,
    viewer: &Viewer,
    plan: &str,
    item: u32,
    visited_on: NaiveDate,
    place: &str,
    findings: &str,
    photos: Vec<Bytes>,
) -> Result<i64, ServiceError> {
    let (detail, _) = plan_item(store, plan, item).await?;
    may_administer_plan(viewer, plan)?;
    if visited_on < detail.summary.starts_on || visited_on > app::domain::china_time::today() {
        return Err(invalid("督导日期应在计划开始之后、不晚于今天".to_string()));
    }
    let new = NewVisit {
        plan: plan.to_string(),
        item,
        visited_on,
        place: text_field(place, "督导地点", 100).map_err(invalid)?,
        findings: text_field(findings, "发现的问题和督导意见", 2000).map_err(invalid)?,
        photos: Vec::new(),
    };
    let new = NewVisit {
        photos: super::visit_photos::keep(blobs, photos).await?,
        ..new
    };
    match store.record_visit(&new, &actor(viewer)).await {
        Ok(id) => Ok(id),
        Err(e) => {
            super::visit_photos::forget(blobs, &new.photos).await;
            Err(e.into())
        }
    }
}
