//! 民生码 scans: counted per item and day, nothing about who scanned.

use chrono::NaiveDate;

use app::store::Store;

use super::ServiceError;

/// Counts one scan of an item's poster; an item the plan does not have is not counted.
pub async fn record(
    store: &dyn Store,
    plan: &str,
    item: u32,
    day: NaiveDate,
) -> Result<bool, ServiceError> {
    Ok(store.record_scan(plan, item, day).await?)
}
