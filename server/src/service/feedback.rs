//! 群众评价: residents rate an item and may leave a suggestion (no account); the lead unit
//! answers, the 督查室 publishes or hides. Abuse is kept out by the rules in
//! `app::domain::feedback` (length, no links) and by limits per address and per device
//! here, in this process's memory only: nothing that identifies a resident is stored.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;

use app::domain::account::Viewer;
use app::domain::audit::Actor;
use app::domain::authz::{may_administer_plan, may_answer_feedback, may_read_feedback};
use app::domain::feedback::{
    Feedback, FeedbackStatus, Moderation, Rating, check_answer, check_suggestion, moderate,
    visible_to,
};
use app::domain::plan::PlanDetail;
use app::store::Store;

use super::{ServiceError, plan_item};

/// Ratings one address may send per hour (an office or a village's shared link is many
/// residents behind one address, so this is generous).
pub const PER_ADDRESS_PER_HOUR: usize = 30;
/// Ratings of one item one device may send per day.
pub const PER_DEVICE_ITEM_PER_DAY: usize = 1;

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// The limits' memory: when each address and each device (and item) last rated.
#[derive(Default)]
pub struct FeedbackLimit {
    seen: Mutex<HashMap<String, Vec<Instant>>>,
}

impl FeedbackLimit {
    /// Takes one rating of `item` from `address` and `device`, or says why not.
    pub fn admit(
        &self,
        address: &str,
        device: Option<&str>,
        item: (&str, u32),
        now: Instant,
    ) -> Result<(), ServiceError> {
        let Ok(mut seen) = self.seen.lock() else {
            return Ok(()); // a poisoned lock must not stop every rating
        };
        if seen.len() > 50_000 {
            seen.retain(|_, at| at.iter().any(|t| now.saturating_duration_since(*t) < DAY));
        }
        let recent = |seen: &HashMap<String, Vec<Instant>>, key: &str, window: Duration| {
            seen.get(key).map_or(0, |at| {
                at.iter()
                    .filter(|t| now.saturating_duration_since(**t) < window)
                    .count()
            })
        };
        let by_address = format!("a|{address}");
        let by_device = device.map(|d| format!("d|{d}|{}|{}", item.0, item.1));
        if let Some(key) = &by_device
            && recent(&seen, key, DAY) >= PER_DEVICE_ITEM_PER_DAY
        {
            return Err(ServiceError::TooManyAttempts(
                "您今天已经评价过这个项目，感谢参与；明天可以再次评价。".to_string(),
                DAY,
            ));
        }
        if recent(&seen, &by_address, HOUR) >= PER_ADDRESS_PER_HOUR {
            return Err(ServiceError::TooManyAttempts(
                "评价提交过于频繁，请一小时后再试。".to_string(),
                HOUR,
            ));
        }
        for key in std::iter::once(by_address).chain(by_device) {
            let at = seen.entry(key).or_default();
            at.retain(|t| now.saturating_duration_since(*t) < DAY);
            at.push(now);
        }
        Ok(())
    }
}

/// A resident's rating, with a suggestion or none; its id.
#[allow(clippy::too_many_arguments)] // the rating, its text and who may send how many
pub async fn submit(
    store: &dyn Store,
    limit: &FeedbackLimit,
    plan: &str,
    item: u32,
    rating: Rating,
    suggestion: &str,
    address: &str,
    device: Option<&str>,
) -> Result<i64, ServiceError> {
    let suggestion = check_suggestion(suggestion).map_err(ServiceError::Invalid)?;
    plan_item(store, plan, item).await?;
    limit.admit(address, device, (plan, item), Instant::now())?;
    store
        .add_feedback(plan, item, rating, suggestion.as_deref(), Utc::now())
        .await?
        .ok_or_else(|| ServiceError::NotFound("该计划中没有这个项目".to_string()))
}

/// The suggestions the viewer may see before publication: all of them for the supervisor
/// and leaders, those of the items its unit leads for a unit manager.
pub async fn queue(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
) -> Result<Vec<Feedback>, ServiceError> {
    may_read_feedback(viewer, plan)?;
    let detail = store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    let all = store.feedback_texts(plan, None, None).await?;
    Ok(visible_to(viewer, &detail, all))
}

/// Everything the viewer may read of a plan's feedback, for the export: every suggestion
/// (any state) and every rating without text, of the items it may read.
pub async fn export(
    store: &dyn Store,
    viewer: &Viewer,
    plan: &str,
) -> Result<(PlanDetail, Vec<Feedback>), ServiceError> {
    may_read_feedback(viewer, plan)?;
    let detail = store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    let mut all = store.feedback_texts(plan, None, None).await?;
    all.extend(
        store
            .feedback_texts(plan, None, Some(FeedbackStatus::Counted))
            .await?,
    );
    all.sort_by_key(|f| f.id);
    Ok((detail.clone(), visible_to(viewer, &detail, all)))
}

/// Answers a suggestion (or rewrites the answer); audited.
pub async fn answer(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
    text: &str,
) -> Result<String, ServiceError> {
    let (plan, found) = feedback_of(store, id).await?;
    let (_, item) = plan_item(store, &plan, found.item).await?;
    may_answer_feedback(viewer, &plan, &item)?;
    let text = check_answer(text).map_err(ServiceError::Invalid)?;
    store
        .answer_feedback(id, &text, &Actor::user(viewer.id, &viewer.username))
        .await?;
    Ok(plan)
}

/// Publishes a suggestion with its answer, or hides it: the 督查室 only; audited.
pub async fn decide(
    store: &dyn Store,
    viewer: &Viewer,
    id: i64,
    decision: Moderation,
) -> Result<String, ServiceError> {
    let (plan, found) = feedback_of(store, id).await?;
    may_administer_plan(viewer, &plan)?;
    let status = moderate(&found, decision).map_err(ServiceError::Invalid)?;
    if status != found.status {
        store
            .set_feedback_status(id, status, &Actor::user(viewer.id, &viewer.username))
            .await?;
    }
    Ok(plan)
}

/// Published suggestions of an item, with their answers: what the public reads.
pub async fn published(
    store: &dyn Store,
    plan: &str,
    item: u32,
) -> Result<Vec<Feedback>, ServiceError> {
    Ok(store
        .feedback_texts(plan, Some(item), Some(FeedbackStatus::Published))
        .await?)
}

async fn feedback_of(store: &dyn Store, id: i64) -> Result<(String, Feedback), ServiceError> {
    store
        .feedback(id)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这条意见建议".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_rates_an_item_once_a_day_and_an_address_thirty_times_an_hour() {
        let limit = FeedbackLimit::default();
        let t0 = Instant::now();
        assert!(limit.admit("10.0.0.1", Some("dev-a"), ("p", 3), t0).is_ok());
        // The same device, the same item, the same day: refused.
        assert!(
            limit
                .admit("10.0.0.1", Some("dev-a"), ("p", 3), t0 + HOUR)
                .is_err()
        );
        // Another item, or the next day: admitted.
        assert!(limit.admit("10.0.0.1", Some("dev-a"), ("p", 4), t0).is_ok());
        assert!(
            limit
                .admit("10.0.0.1", Some("dev-a"), ("p", 3), t0 + DAY)
                .is_ok()
        );
        // Many devices behind one address: 30 an hour in all.
        let limit = FeedbackLimit::default();
        for n in 0..PER_ADDRESS_PER_HOUR {
            let device = format!("dev-{n}");
            assert!(limit.admit("10.0.0.2", Some(&device), ("p", 1), t0).is_ok());
        }
        assert!(
            limit
                .admit("10.0.0.2", Some("dev-x"), ("p", 1), t0)
                .is_err()
        );
        assert!(
            limit
                .admit("10.0.0.2", Some("dev-x"), ("p", 1), t0 + HOUR)
                .is_ok()
        );
        // Without a device token, the address limit still holds.
        assert!(limit.admit("10.0.0.3", None, ("p", 1), t0).is_ok());
    }
}
