//! The audit trail, for whoever administers accounts.

use app::domain::account::Viewer;
use app::domain::audit::{AuditEntry, AuditFilter};
use app::domain::authz::may_administer_users;
use app::store::Store;

use super::ServiceError;

/// Audit rows matching `filter`, newest first.
pub async fn trail(
    store: &dyn Store,
    viewer: &Viewer,
    filter: &AuditFilter,
) -> Result<Vec<AuditEntry>, ServiceError> {
    may_administer_users(viewer)?;
    filter.check().map_err(ServiceError::Invalid)?;
    Ok(store.audit(filter).await?)
}
