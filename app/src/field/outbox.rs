//! The phone's outbox: every report with its sync state, and the pure rules that move it
//! (save, edit, plan a push, apply answers). No I/O here, so every rule is table-tested
//! natively and the browser runs the very same code.
//!
//! Per report at most one operation is in flight: an op once sent is retried with the same
//! id and content until acknowledged; an edit made meanwhile waits and becomes the next op,
//! based on the revision the server confirms. So retries are harmless and nothing is
//! counted twice.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::report::Report;
use crate::sync::{OpResult, Outcome, ReportChange, ReportOp, ReviewStatus};

/// One report on the device with its sync state; stored under one key, so saving both is
/// one atomic write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredEntry", into = "StoredEntry")]
pub struct OutboxEntry {
    /// The latest content, as the user last saved it.
    pub report: Report,
    /// The server's revision of the last acknowledged op; `None` until the first arrives.
    pub confirmed_revision: Option<u32>,
    /// The change waiting to be acknowledged, if any.
    pub pending: Option<PendingOp>,
    /// Set by an answer that needs a person: conflict or rejection.
    pub blocked: Option<Blocked>,
    pub review: Option<ReviewStatus>,
    pub review_comment: Option<String>,
    /// Failed sends of the pending op, for backoff.
    pub attempts: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last transport error, shown beside a stuck report.
    pub last_error: Option<String>,
    /// Bumped on every save: two tabs notice each other's writes.
    pub local_version: u64,
}

/// The stored form of an entry: a pending op's content is left out while it equals the
/// report (nearly always), which halves what a queued report takes in browser storage.
#[derive(Clone, Serialize, Deserialize)]
struct StoredEntry {
    report: Report,
    confirmed_revision: Option<u32>,
    pending: Option<StoredPending>,
    blocked: Option<Blocked>,
    review: Option<ReviewStatus>,
    review_comment: Option<String>,
    attempts: u32,
    next_attempt_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
    local_version: u64,
}

#[derive(Clone, Serialize, Deserialize)]
struct StoredPending {
    op_id: Uuid,
    base_revision: Option<u32>,
    /// Absent when equal to the entry's report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<Report>,
    sent: bool,
}

impl From<OutboxEntry> for StoredEntry {
    fn from(e: OutboxEntry) -> Self {
        let pending = e.pending.map(|p| StoredPending {
            op_id: p.op_id,
            base_revision: p.base_revision,
            content: (p.content != e.report).then_some(p.content),
            sent: p.sent,
        });
        StoredEntry {
            report: e.report,
            confirmed_revision: e.confirmed_revision,
            pending,
            blocked: e.blocked,
            review: e.review,
            review_comment: e.review_comment,
            attempts: e.attempts,
            next_attempt_at: e.next_attempt_at,
            last_error: e.last_error,
            local_version: e.local_version,
        }
    }
}

impl From<StoredEntry> for OutboxEntry {
    fn from(s: StoredEntry) -> Self {
        let pending = s.pending.map(|p| PendingOp {
            op_id: p.op_id,
            base_revision: p.base_revision,
            content: p.content.unwrap_or_else(|| s.report.clone()),
            sent: p.sent,
        });
        OutboxEntry {
            report: s.report,
            confirmed_revision: s.confirmed_revision,
            pending,
            blocked: s.blocked,
            review: s.review,
            review_comment: s.review_comment,
            attempts: s.attempts,
            next_attempt_at: s.next_attempt_at,
            last_error: s.last_error,
            local_version: s.local_version,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingOp {
    pub op_id: Uuid,
    pub base_revision: Option<u32>,
    /// Exactly what is (or will be) sent under `op_id`.
    pub content: Report,
    /// Sent at least once: from now on the content under this id must not change.
    pub sent: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Conflict,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Blocked {
    pub kind: BlockKind,
    pub message: String,
    /// The server's current revision (conflicts), to base a deliberate re-send on.
    pub server_revision: Option<u32>,
}

/// What the user sees for a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayStatus {
    /// 待同步
    Waiting,
    /// 已同步 (waiting for review)
    Synced,
    /// 已通过 (accepted: locked)
    Accepted,
    /// 被退回
    Returned,
    /// 冲突
    Conflict,
    /// 需修改
    NeedsFix,
}

impl DisplayStatus {
    pub fn label(self) -> &'static str {
        match self {
            DisplayStatus::Waiting => "待同步",
            DisplayStatus::Synced => "已同步",
            DisplayStatus::Accepted => "已通过",
            DisplayStatus::Returned => "被退回",
            DisplayStatus::Conflict => "冲突",
            DisplayStatus::NeedsFix => "需修改",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            DisplayStatus::Waiting => "waiting",
            DisplayStatus::Synced => "synced",
            DisplayStatus::Accepted => "accepted",
            DisplayStatus::Returned => "returned",
            DisplayStatus::Conflict => "conflict",
            DisplayStatus::NeedsFix => "needs-fix",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("该记录已审核通过，不能再修改")]
    Locked,
}

impl OutboxEntry {
    /// A report saved for the first time.
    pub fn new(report: Report, op_id: Uuid) -> Self {
        OutboxEntry {
            pending: Some(PendingOp {
                op_id,
                base_revision: None,
                content: report.clone(),
                sent: false,
            }),
            report,
            confirmed_revision: None,
            blocked: None,
            review: None,
            review_comment: None,
            attempts: 0,
            next_attempt_at: None,
            last_error: None,
            local_version: 1,
        }
    }

    pub fn status(&self) -> DisplayStatus {
        match (&self.blocked, &self.pending, self.review) {
            (Some(b), _, _) if b.kind == BlockKind::Conflict => DisplayStatus::Conflict,
            (Some(_), _, _) => DisplayStatus::NeedsFix,
            (None, Some(_), _) => DisplayStatus::Waiting,
            (None, None, Some(ReviewStatus::Accepted)) => DisplayStatus::Accepted,
            (None, None, Some(ReviewStatus::Returned)) => DisplayStatus::Returned,
            (None, None, _) => DisplayStatus::Synced,
        }
    }

    pub fn is_locked(&self) -> bool {
        self.review == Some(ReviewStatus::Accepted)
    }

    /// Saves new content. Until sent, the pending op simply takes it; once sent, the op
    /// keeps what went out and the new content follows as the next op. An edit after a
    /// conflict or rejection is the person's answer to it and is sent afresh.
    pub fn edit(&mut self, report: Report, new_op_id: Uuid) -> Result<(), EditError> {
        if self.is_locked() {
            return Err(EditError::Locked);
        }
        self.local_version += 1;
        self.report = report.clone();
        if let Some(blocked) = self.blocked.take() {
            let base = match blocked.kind {
                // A deliberate re-send over the server's newer revision.
                BlockKind::Conflict => blocked.server_revision.or(self.confirmed_revision),
                BlockKind::Rejected => self.confirmed_revision,
            };
            self.pending = Some(PendingOp {
                op_id: new_op_id,
                base_revision: base,
                content: report,
                sent: false,
            });
            self.attempts = 0;
            self.next_attempt_at = None;
            return Ok(());
        }
        match &mut self.pending {
            Some(op) if !op.sent => op.content = report,
            Some(_) => {} // goes out after the in-flight op is acknowledged
            None => {
                self.pending = Some(PendingOp {
                    op_id: new_op_id,
                    base_revision: self.confirmed_revision,
                    content: report,
                    sent: false,
                });
            }
        }
        self.review = None;
        self.review_comment = None;
        Ok(())
    }

    /// Gives up the unsent or blocked change deliberately; `true` when the whole entry can
    /// go (the server never had it).
    pub fn discard_change(&mut self) -> bool {
        self.blocked = None;
        self.pending = None;
        self.local_version += 1;
        self.confirmed_revision.is_none()
    }

    /// The op to send for this entry, if one is pending.
    pub fn op(&self) -> Option<ReportOp> {
        self.pending.as_ref().map(|op| ReportOp {
            op_id: op.op_id,
            base_revision: op.base_revision,
            report: op.content.clone(),
        })
    }

    /// Whether this entry waits to be sent by `viewer` at `now` (`force`: the 同步 button
    /// ignores backoff).
    pub fn ready(&self, viewer_id: i64, now: DateTime<Utc>, force: bool) -> bool {
        self.pending.is_some()
            && self.blocked.is_none()
            // A report recorded by another user of this device waits for that user.
            && self.report.author_id == viewer_id
            && (force || self.next_attempt_at.is_none_or(|t| t <= now))
    }

    /// Applies the server's answer for this entry's pending op. `next_op_id` names the
    /// follow-up op if an edit waited behind the acknowledged one.
    pub fn apply_result(&mut self, result: &OpResult, next_op_id: Uuid) {
        let Some(op) = &self.pending else { return };
        if op.op_id != result.op_id {
            return; // an answer to an op this entry no longer holds
        }
        self.local_version += 1;
        self.attempts = 0;
        self.next_attempt_at = None;
        self.last_error = None;
        match result.outcome {
            Outcome::Applied | Outcome::AlreadyHad => {
                let sent = op.content.clone();
                self.confirmed_revision = result.revision.or(self.confirmed_revision);
                self.review = Some(ReviewStatus::Submitted);
                self.review_comment = None;
                self.pending = (self.report != sent).then(|| PendingOp {
                    op_id: next_op_id,
                    base_revision: self.confirmed_revision,
                    content: self.report.clone(),
                    sent: false,
                });
            }
            Outcome::Conflict => {
                self.blocked = Some(Blocked {
                    kind: BlockKind::Conflict,
                    message: result
                        .message
                        .clone()
                        .unwrap_or_else(|| "服务器上的版本已更新，请核对后决定".to_string()),
                    server_revision: result.revision,
                });
            }
            Outcome::Rejected => {
                self.blocked = Some(Blocked {
                    kind: BlockKind::Rejected,
                    message: result
                        .message
                        .clone()
                        .unwrap_or_else(|| "服务器拒收，请修改".to_string()),
                    server_revision: None,
                });
            }
        }
    }

    /// A failed send (no acknowledgement): try again later, waiting longer each time.
    pub fn apply_failure(&mut self, error: &str, now: DateTime<Utc>) {
        self.attempts += 1;
        self.next_attempt_at = Some(now + backoff(self.attempts));
        self.last_error = Some(error.to_string());
        self.local_version += 1;
    }

    /// The server asked to wait (429 with `Retry-After`): no try before `wait` has passed,
    /// however short the usual backoff would be.
    pub fn apply_busy(&mut self, error: &str, now: DateTime<Utc>, wait: Duration) {
        self.apply_failure(error, now);
        let asked = now + wait;
        if self.next_attempt_at.is_none_or(|t| t < asked) {
            self.next_attempt_at = Some(asked);
        }
    }

    /// A review change pulled from the server.
    pub fn apply_change(&mut self, change: &ReportChange) {
        if self.confirmed_revision.is_some_and(|r| change.revision < r) {
            return; // about an older revision than the one we hold
        }
        self.local_version += 1;
        self.review = Some(change.status);
        self.review_comment = change.comment.clone();
    }
}

/// Wait before the n-th retry: 5 s, 15 s, 45 s, 2¼ min, then 5 min.
pub fn backoff(attempts: u32) -> Duration {
    let secs = 5u64.saturating_mul(3u64.saturating_pow(attempts.saturating_sub(1)));
    Duration::seconds(secs.min(300) as i64)
}

/// The ops ready to push, oldest capture first, at most `max`.
pub fn plan_push(
    entries: &[OutboxEntry],
    viewer_id: i64,
    now: DateTime<Utc>,
    force: bool,
    max: usize,
) -> Vec<ReportOp> {
    capture_order(entries, &|e| e.ready(viewer_id, now, force))
        .into_iter()
        .take(max)
        .filter_map(|i| entries[i].op())
        .collect()
}

/// The positions in `entries` of those `keep` takes, oldest capture first (ties by id).
/// Every list of reports is put in order here, through one sort of plain keys: three
/// `sort_by_key`s, each its own copy of the stable sort, were 5.8 KB more of the field
/// bundle (BENCHMARKS.md).
pub fn capture_order(entries: &[OutboxEntry], keep: &dyn Fn(&OutboxEntry) -> bool) -> Vec<usize> {
    let mut keys: Vec<(DateTime<Utc>, Uuid, usize)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .map(|(i, e)| (e.report.captured_at, e.report.id, i))
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|(_, _, i)| i).collect()
}

/// Counts for the status bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueSummary {
    pub waiting: usize,
    pub blocked: usize,
    /// Waiting but recorded by another user of this device.
    pub others: usize,
}

pub fn summarize(entries: &[OutboxEntry], viewer_id: Option<i64>) -> QueueSummary {
    let mut s = QueueSummary::default();
    for e in entries {
        if e.blocked.is_some() {
            s.blocked += 1;
        } else if e.pending.is_some() {
            if viewer_id.is_some_and(|v| v != e.report.author_id) {
                s.others += 1;
            } else {
                s.waiting += 1;
            }
        }
    }
    s
}

/// What `viewer` recorded on this device that the server does not have yet, waiting or
/// needing a person: what signing out would leave behind on the phone.
pub fn unsent_by(entries: &[OutboxEntry], viewer: i64) -> usize {
    entries
        .iter()
        .filter(|e| e.report.author_id == viewer && (e.pending.is_some() || e.blocked.is_some()))
        .count()
}

/// Reports the device may forget: the server has them and nothing waits. Accepted ones go
/// first (they are final), then the oldest synced ones beyond the `keep` most recent, so
/// browser storage holds the queue and recent history, not everything ever recorded.
/// Never a report with a pending or refused change.
pub fn prunable(entries: &[OutboxEntry], keep: usize) -> Vec<Uuid> {
    let settled = capture_order(entries, &|e| {
        e.pending.is_none() && e.blocked.is_none() && e.confirmed_revision.is_some()
    });
    // Newest first: the `keep` most recent stay.
    settled
        .into_iter()
        .rev()
        .map(|i| &entries[i])
        .enumerate()
        .filter(|(n, e)| e.is_locked() || *n >= keep)
        .map(|(_, e)| e.report.id)
        .collect()
}
