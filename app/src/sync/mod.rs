//! The sync protocol between phones and the server: stable, versioned JSON under
//! `/api/v1/sync` (DESIGN.md "Offline capture and sync").
//!
//! A phone pushes operations: each is one revision of one report with its own id. The
//! server applies each at most once and answers every op id with an outcome. Only an
//! answer carrying `ACK` and naming every sent op counts as success (a captive portal can
//! answer 200 too); anything else means "send again later".

pub mod push;
pub mod upload;

pub use push::CheckedOp;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::account::Viewer;
use crate::domain::plan::Item;
use crate::domain::report::Report;

/// Marks a genuine answer of this protocol.
pub const ACK: &str = "taizhang-sync/v1";

/// At most this many ops per push; the phone sends a long queue in batches.
pub const MAX_BATCH: usize = 200;

/// One revision of one report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReportOp {
    /// Made on the device for this revision; retries reuse it.
    pub op_id: Uuid,
    /// The server revision this change replaces; `None` for a new report.
    pub base_revision: Option<u32>,
    pub report: Report,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub ops: Vec<ReportOp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Outcome {
    /// Stored now, as `revision`.
    Applied,
    /// This op (same id, same content) was stored before; nothing changed.
    AlreadyHad,
    /// Same op id with different content, or an edit of a revision that is no longer the
    /// latest: both versions are kept on the server for a person to resolve.
    Conflict,
    /// Not authorized or invalid: kept on the server in quarantine; fix it on the phone.
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpResult {
    pub op_id: Uuid,
    pub report_id: Uuid,
    pub outcome: Outcome,
    /// The report's revision on the server after this op (applied, already-had, conflict).
    pub revision: Option<u32>,
    /// Why, for conflicts and rejections, in Chinese.
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub ack: String,
    pub results: Vec<OpResult>,
}

impl PushResponse {
    /// Whether this is a real acknowledgement of every op that was sent.
    pub fn acknowledges(&self, sent: &[Uuid]) -> bool {
        self.ack == ACK
            && sent
                .iter()
                .all(|id| self.results.iter().any(|r| r.op_id == *id))
    }
}

/// The review state of a report on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ReviewStatus {
    /// Received, waiting for the lead unit's review.
    Submitted,
    /// Accepted by the lead unit: counts toward progress, locked.
    Accepted,
    /// Returned by the lead unit with a comment: to be corrected.
    Returned,
}

/// What a lead unit decides about a report, parsed from the request at the edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewDecision {
    Accept,
    /// Back to the reporter, who must be told why.
    Return,
}

impl ReviewDecision {
    /// `accept` or `return`, as the API and the review form send it.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "accept" => Some(ReviewDecision::Accept),
            "return" => Some(ReviewDecision::Return),
            _ => None,
        }
    }

    /// The message for anything else.
    pub const INVALID: &str = "审核结果只能是 accept 或 return";
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Submitted => "submitted",
            ReviewStatus::Accepted => "accepted",
            ReviewStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            ReviewStatus::Submitted,
            ReviewStatus::Accepted,
            ReviewStatus::Returned,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Submitted => "待审核",
            ReviewStatus::Accepted => "已通过",
            ReviewStatus::Returned => "被退回",
        }
    }
}

/// A change of one of the unit's reports since the cursor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReportChange {
    pub report_id: Uuid,
    pub revision: u32,
    pub status: ReviewStatus,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub ack: String,
    /// Pass this back as `cursor` next time: a server change sequence, not a time.
    pub cursor: i64,
    /// More changes wait beyond this page.
    pub more: bool,
    pub changes: Vec<ReportChange>,
    /// Changes when plans change; fetch the catalogue again when it differs.
    pub catalogue_version: String,
}

/// What a phone needs to report offline: who the user is and the items they may report on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Catalogue {
    pub version: String,
    pub viewer: Viewer,
    pub plans: Vec<CataloguePlan>,
    pub fetched_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CataloguePlan {
    pub code: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub items: Vec<Item>,
}

impl Catalogue {
    pub fn item(&self, plan: &str, number: u32) -> Option<(&CataloguePlan, &Item)> {
        let p = self.plans.iter().find(|p| p.code == plan)?;
        Some((p, p.items.iter().find(|i| i.number == number)?))
    }
}

/// The error body of a sync call a client should act on.
pub mod codes {
    /// HTTP 426: this build writes a report schema the server no longer accepts.
    pub const CLIENT_TOO_OLD: &str = "client_too_old";
}
