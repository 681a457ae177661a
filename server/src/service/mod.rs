//! Use cases: who may do it, whether what was sent is valid, then the store calls. Nothing
//! here knows HTTP: a service takes typed values parsed at the edge and answers with
//! `ServiceError`, which `http::error` alone turns into a status code.

pub mod account;
pub mod assessment;
pub mod audit;
pub mod decision;
pub mod directive;
pub mod evaluation;
pub mod evidence;
pub mod feedback;
pub mod opinion;
pub mod plan;
pub mod progress_note;
pub mod public_photos;
pub mod push_limit;
pub mod review;
pub mod scan;
pub mod schedule;
pub mod submission;
pub mod supervision;
pub mod sync;
pub mod sync_decode;
pub mod visit_photos;
pub mod weekly;

use std::time::Duration;

use app::domain::authz::Denied;
use app::domain::plan::{Item, PlanDetail};
use app::store::{Store, StoreError};

use crate::auth::SignInError;

/// Why a use case refused or failed. Messages are Chinese, for the person who asked.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Not signed in, or the session expired: sign in again.
    #[error("{0}")]
    Unauthenticated(String),
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// What was sent is invalid; nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// The change conflicts with what is stored (a taken username, a repeated statement).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; try again after the wait.
    #[error("{0}")]
    TooManyAttempts(String, Duration),
    /// The phone's report format is older than the server accepts: update the app.
    #[error("应用版本过旧")]
    ClientTooOld,
    /// A chunk sent at another offset than the one confirmed: nothing kept; go on from it.
    #[error("上传位置不一致，请从第 {0} 字节继续")]
    UploadOffset(u64),
    /// Bytes that differ from their declared checksum: refused, nothing kept.
    #[error("{0}")]
    ChecksumMismatch(String),
    /// A photo upload that is not a JPEG.
    #[error("{0}")]
    NotAnImage(String),
    /// Storage failed; the cause is kept for the log, never shown.
    #[error(transparent)]
    Store(StoreError),
    /// Something else failed inside (hashing a password); logged, never shown.
    #[error("{0}")]
    Internal(String),
}

impl ServiceError {
    pub fn sign_in_required() -> Self {
        ServiceError::Unauthenticated("请先登录。".to_string())
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => ServiceError::Conflict(m),
            StoreError::NotFound(m) => ServiceError::NotFound(m),
            other => ServiceError::Store(other),
        }
    }
}

impl From<Denied> for ServiceError {
    fn from(d: Denied) -> Self {
        ServiceError::Forbidden(d.0)
    }
}

impl From<SignInError> for ServiceError {
    fn from(e: SignInError) -> Self {
        match e {
            SignInError::Invalid | SignInError::Disabled => {
                ServiceError::Unauthenticated(e.to_string())
            }
            SignInError::Throttled(wait) => ServiceError::TooManyAttempts(e.to_string(), wait),
            SignInError::Store(s) => s.into(),
        }
    }
}

/// The plan and one of its items, or a Chinese "not found".
pub(crate) async fn plan_item(
    store: &dyn Store,
    plan: &str,
    item: u32,
) -> Result<(PlanDetail, Item), ServiceError> {
    let detail = store
        .plan(plan)
        .await?
        .ok_or_else(|| ServiceError::NotFound("没有这个年度计划".to_string()))?;
    let found = detail
        .item(item)
        .cloned()
        .ok_or_else(|| ServiceError::NotFound("没有这个项目".to_string()))?;
    Ok((detail, found))
}
