//! The rules that decide what becomes of a pushed op (DESIGN.md sync invariants 3, 5, 7),
//! as a pure function over what the database already holds. Each backend loads that state
//! for a whole batch, asks `decide` op by op, and writes the decisions in bulk.

use super::CheckedOp;
use crate::sync::{Outcome, ReviewStatus};

/// What the database holds about an op id: one row per distinct content.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenOp {
    pub content_hash: String,
    pub outcome: Outcome,
    pub revision: Option<u32>,
    pub reason: Option<String>,
}

/// A report's current state.
#[derive(Clone, Debug, PartialEq)]
pub struct Current {
    /// The op that made the current revision. Its answer is known from here: applied ops
    /// are written to `report_ops` only when a later revision replaces them.
    pub current_op: String,
    pub revision: u32,
    pub status: ReviewStatus,
    pub author_id: i64,
    pub content_hash: String,
}

/// What to do with one op.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Seen before with this content: answer as then, write nothing.
    Repeat {
        outcome: Outcome,
        revision: Option<u32>,
        reason: Option<String>,
    },
    /// Store the report as revision 1.
    Create,
    /// Store the op's content as the report's next revision.
    Update { revision: u32 },
    /// Same report made again under a new op id: record the op, change nothing.
    SameContent { revision: u32 },
    /// Keep the op for a person; the report stays as it is.
    Conflict {
        revision: Option<u32>,
        reason: String,
    },
    /// Keep the op in quarantine.
    Reject { reason: String },
}

impl Decision {
    /// The answer the phone gets.
    pub fn outcome(&self) -> (Outcome, Option<u32>, Option<String>) {
        match self {
            Decision::Repeat {
                outcome,
                revision,
                reason,
            } => (*outcome, *revision, reason.clone()),
            Decision::Create => (Outcome::Applied, Some(1), None),
            Decision::Update { revision } => (Outcome::Applied, Some(*revision), None),
            Decision::SameContent { revision } => (Outcome::AlreadyHad, Some(*revision), None),
            Decision::Conflict { revision, reason } => {
                (Outcome::Conflict, *revision, Some(reason.clone()))
            }
            Decision::Reject { reason } => (Outcome::Rejected, None, Some(reason.clone())),
        }
    }
}

pub fn decide(
    op: &CheckedOp,
    hash: &str,
    seen: &[SeenOp],
    current: Option<&Current>,
    pushed_by: Option<i64>,
) -> Decision {
    // 1. Seen before? Then the stored answer stands: first the exact content (a retry of
    //    an op answered before, a conflict included, is answered the same way and never
    //    recorded twice), then the op that made the report's current revision.
    if let Some(same) = seen.iter().find(|s| s.content_hash == hash) {
        let outcome = match same.outcome {
            Outcome::Applied => Outcome::AlreadyHad,
            other => other,
        };
        return Decision::Repeat {
            outcome,
            revision: same.revision,
            reason: same.reason.clone(),
        };
    }
    if let Some(cur) = current.filter(|c| c.current_op == op.op.op_id.to_string()) {
        return if cur.content_hash == hash {
            Decision::Repeat {
                outcome: Outcome::AlreadyHad,
                revision: Some(cur.revision),
                reason: None,
            }
        } else {
            Decision::Conflict {
                revision: Some(cur.revision),
                reason: "同一操作编号收到了不同的内容，两份均已保留，请联系督查室核对".to_string(),
            }
        };
    }
    if !seen.is_empty() {
        return Decision::Conflict {
            revision: current.map(|c| c.revision),
            reason: "同一操作编号收到了不同的内容，两份均已保留，请联系督查室核对".to_string(),
        };
    }
    // 2. Not authorized or invalid: quarantine, never applied.
    if let Err(reason) = &op.verdict {
        return Decision::Reject {
            reason: reason.clone(),
        };
    }
    // 3. Revisions: an edit names the revision it replaces.
    match (current, op.op.base_revision) {
        (None, None) => Decision::Create,
        (None, Some(_)) => Decision::Reject {
            reason: "服务器上没有这条记录的原始版本，请重新提交".to_string(),
        },
        (Some(cur), None) if cur.content_hash == hash => Decision::SameContent {
            revision: cur.revision,
        },
        (Some(cur), None) => Decision::Conflict {
            revision: Some(cur.revision),
            reason: "服务器上已有编号相同、内容不同的记录，两份均已保留".to_string(),
        },
        (Some(cur), Some(_)) if cur.status == ReviewStatus::Accepted => Decision::Reject {
            reason: "该记录已审核通过，不能再修改".to_string(),
        },
        (Some(cur), Some(_)) if Some(cur.author_id) != pushed_by => Decision::Reject {
            reason: "只能修改自己填报的记录".to_string(),
        },
        (Some(cur), Some(base)) if base == cur.revision => Decision::Update {
            revision: cur.revision + 1,
        },
        (Some(cur), Some(base)) => Decision::Conflict {
            revision: Some(cur.revision),
            reason: format!(
                "服务器上的记录已是第 {} 版，本次修改基于第 {base} 版；两份均已保留，请核对后再提交",
                cur.revision
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{Report, SCHEMA};
    use crate::sync::ReportOp;
    use chrono::Utc;
    use uuid::Uuid;

    fn op(base: Option<u32>, verdict: Result<(), String>) -> CheckedOp {
        CheckedOp {
            op: ReportOp {
                op_id: Uuid::from_u128(1),
                base_revision: base,
                report: Report {
                    id: Uuid::from_u128(2),
                    schema_version: SCHEMA,
                    plan: "p".into(),
                    item: 1,
                    unit_id: 1,
                    author_id: 7,
                    author: "a".into(),
                    captured_on: chrono::NaiveDate::from_ymd_opt(2024, 5, 7).expect("date"),
                    captured_at: Utc::now(),
                    values: vec![],
                    narrative: "n".into(),
                    difficulties: String::new(),
                    next_steps: String::new(),
                    photos: Vec::new(),
                    location: None,
                    place: String::new(),
                },
            },
            verdict,
        }
    }

    fn seen(hash: &str, outcome: Outcome) -> SeenOp {
        SeenOp {
            content_hash: hash.into(),
            outcome,
            revision: Some(1),
            reason: None,
        }
    }

    fn current(revision: u32, status: ReviewStatus, hash: &str) -> Current {
        Current {
            current_op: Uuid::from_u128(99).to_string(),
            revision,
            status,
            author_id: 7,
            content_hash: hash.into(),
        }
    }

    /// (op base, verdict, seen, current, expected outcome, expected revision)
    type Case = (
        &'static str,
        Option<u32>,
        Result<(), String>,
        Vec<SeenOp>,
        Option<Current>,
        Outcome,
        Option<u32>,
    );

    #[test]
    fn the_decision_table() {
        let ok = Ok(());
        let sub = ReviewStatus::Submitted;
        // (case, op base, verdict, seen, current, expected outcome, expected revision)
        let cases: Vec<Case> = vec![
            (
                "a new report is created as revision 1",
                None,
                ok.clone(),
                vec![],
                None,
                Outcome::Applied,
                Some(1),
            ),
            (
                "the same op sent again with the same content: already had",
                None,
                ok.clone(),
                vec![seen("h", Outcome::Applied)],
                Some(current(1, sub, "h")),
                Outcome::AlreadyHad,
                Some(1),
            ),
            (
                "the same op id with other content: conflict",
                None,
                ok.clone(),
                vec![seen("other", Outcome::Applied)],
                Some(current(1, sub, "other")),
                Outcome::Conflict,
                Some(1),
            ),
            (
                "a refused op is rejected and recorded",
                None,
                Err("无权".into()),
                vec![],
                None,
                Outcome::Rejected,
                None,
            ),
            (
                "a refused op sent again is answered as before",
                None,
                Err("无权".into()),
                vec![seen("h", Outcome::Rejected)],
                None,
                Outcome::Rejected,
                Some(1),
            ),
            (
                "an edit of a report the server never had: rejected",
                Some(1),
                ok.clone(),
                vec![],
                None,
                Outcome::Rejected,
                None,
            ),
            (
                "a new report already stored with this content: already had",
                None,
                ok.clone(),
                vec![],
                Some(current(1, sub, "h")),
                Outcome::AlreadyHad,
                Some(1),
            ),
            (
                "a new report already stored with other content: conflict",
                None,
                ok.clone(),
                vec![],
                Some(current(1, sub, "x")),
                Outcome::Conflict,
                Some(1),
            ),
            (
                "an edit of an accepted (locked) report: rejected",
                Some(1),
                ok.clone(),
                vec![],
                Some(current(1, ReviewStatus::Accepted, "x")),
                Outcome::Rejected,
                None,
            ),
            (
                "an edit of a returned report: revision 2",
                Some(1),
                ok.clone(),
                vec![],
                Some(current(1, ReviewStatus::Returned, "x")),
                Outcome::Applied,
                Some(2),
            ),
            (
                "an edit from a stale revision: conflict",
                Some(1),
                ok.clone(),
                vec![],
                Some(current(3, sub, "x")),
                Outcome::Conflict,
                Some(3),
            ),
        ];
        for (case, base, verdict, seen, cur, outcome, revision) in cases {
            let d = decide(&op(base, verdict), "h", &seen, cur.as_ref(), Some(7));
            let (o, r, _) = d.outcome();
            assert_eq!((o, r), (outcome, revision), "{case}: {d:?}");
        }
    }

    #[test]
    fn the_op_that_made_the_current_revision_is_recognised_without_a_row() {
        let mut cur = current(3, ReviewStatus::Submitted, "h");
        cur.current_op = Uuid::from_u128(1).to_string();
        let again = decide(&op(Some(2), Ok(())), "h", &[], Some(&cur), Some(7));
        assert_eq!(again.outcome().0, Outcome::AlreadyHad);
        assert_eq!(again.outcome().1, Some(3));
        let altered = decide(&op(Some(2), Ok(())), "other", &[], Some(&cur), Some(7));
        assert_eq!(altered.outcome().0, Outcome::Conflict);
    }

    #[test]
    fn a_conflicting_op_sent_again_is_answered_as_before_and_not_recorded_twice() {
        // The report's current revision came from this very op id, with other content;
        // the conflicting content is already on record (the phone lost the answer).
        let mut cur = current(1, ReviewStatus::Submitted, "original");
        cur.current_op = Uuid::from_u128(1).to_string();
        let on_record = SeenOp {
            content_hash: "h".into(),
            outcome: Outcome::Conflict,
            revision: Some(1),
            reason: Some("两份均已保留".into()),
        };
        let again = decide(&op(None, Ok(())), "h", &[on_record], Some(&cur), Some(7));
        assert!(
            matches!(
                again,
                Decision::Repeat {
                    outcome: Outcome::Conflict,
                    ..
                }
            ),
            "a repeat writes nothing: {again:?}"
        );
    }

    #[test]
    fn only_the_author_edits() {
        let d = decide(
            &op(Some(1), Ok(())),
            "h",
            &[],
            Some(&current(1, ReviewStatus::Submitted, "x")),
            Some(8),
        );
        assert_eq!(d.outcome().0, Outcome::Rejected);
    }
}
