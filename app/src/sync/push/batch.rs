//! A whole pushed batch decided before anything is written: `decide` op by op, with what
//! earlier ops of the same batch did folded into the state later ones see. Pure, so both
//! backends share it and only execute its steps in their own dialect.

use std::collections::HashMap;

use super::CheckedOp;
use crate::sync::{OpResult, Outcome, ReviewStatus};
use serde_json::json;

use super::rules::{Current, Decision, SeenOp, decide};

/// One write the batch needs, in order. `index` points into the batch (and its contents).
#[derive(Debug, PartialEq)]
pub enum Step {
    /// A new report, as revision 1; may be buffered.
    Create { index: usize },
    /// The report's next revision: written at once, after everything buffered before it.
    Update { index: usize, revision: u32 },
    /// An op row kept for its answer. `keep_content` is false for "applied" rows: their
    /// content is the report's, stored once in `reports`.
    Record {
        index: usize,
        outcome: &'static str,
        revision: Option<u32>,
        reason: Option<String>,
        keep_content: bool,
    },
}

#[derive(Debug, PartialEq)]
pub struct BatchPlan {
    pub steps: Vec<Step>,
    pub results: Vec<OpResult>,
}

/// Decides every op of a batch. `hashes[i]` is op i's content hash; `seen` and `current`
/// are what the database held before the batch (by op id and by report id).
pub fn plan_batch(
    ops: &[CheckedOp],
    hashes: &[String],
    mut seen: HashMap<String, Vec<SeenOp>>,
    mut current: HashMap<String, Current>,
    pushed_by: Option<i64>,
) -> BatchPlan {
    let mut steps = Vec::new();
    let mut results = Vec::with_capacity(ops.len());
    for (index, (op, hash)) in ops.iter().zip(hashes).enumerate() {
        let (op_id, report_id) = (op.op.op_id.to_string(), op.op.report.id.to_string());
        let decision = decide(
            op,
            hash,
            seen.get(&op_id).map(Vec::as_slice).unwrap_or(&[]),
            current.get(&report_id),
            pushed_by,
        );
        let (outcome, revision, reason) = decision.outcome();
        let record = match &decision {
            Decision::Repeat { .. } => None,
            Decision::Create => {
                steps.push(Step::Create { index });
                // The report's current op: no op row until a later revision replaces it.
                current.insert(
                    report_id,
                    Current {
                        current_op: op_id.clone(),
                        revision: 1,
                        status: ReviewStatus::Submitted,
                        author_id: op.op.report.author_id,
                        content_hash: hash.clone(),
                    },
                );
                None
            }
            Decision::Update { revision } => {
                steps.push(Step::Update {
                    index,
                    revision: *revision,
                });
                if let Some(cur) = current.get_mut(&report_id) {
                    cur.current_op = op_id.clone();
                    cur.revision = *revision;
                    cur.status = ReviewStatus::Submitted;
                    cur.content_hash = hash.clone();
                }
                None
            }
            Decision::SameContent { .. } => Some("applied"),
            Decision::Conflict { .. } => Some("conflict"),
            Decision::Reject { .. } => Some("rejected"),
        };
        if let Some(stored) = record {
            steps.push(Step::Record {
                index,
                outcome: stored,
                revision,
                reason: reason.clone(),
                keep_content: stored != "applied",
            });
            seen.entry(op_id).or_default().push(SeenOp {
                content_hash: hash.clone(),
                outcome: if stored == "applied" {
                    Outcome::Applied
                } else {
                    outcome
                },
                revision,
                reason: reason.clone(),
            });
        }
        results.push(OpResult {
            op_id: op.op.op_id,
            report_id: op.op.report.id,
            outcome,
            revision,
            message: reason,
        });
    }
    BatchPlan { steps, results }
}

/// The audit row's `after` for one push: which reports were applied, conflicted or were
/// rejected (contents live in `reports` and `report_ops`). None when nothing was written.
pub fn push_audit(results: &[OpResult]) -> Option<serde_json::Value> {
    let ids = |outcome: Outcome| -> Vec<String> {
        results
            .iter()
            .filter(|r| r.outcome == outcome)
            .map(|r| r.report_id.to_string())
            .collect()
    };
    let (applied, conflicts, rejected) = (
        ids(Outcome::Applied),
        ids(Outcome::Conflict),
        ids(Outcome::Rejected),
    );
    (applied.len() + conflicts.len() + rejected.len() > 0)
        .then(|| json!({ "applied": applied, "conflict": conflicts, "rejected": rejected }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::{Report, SCHEMA};
    use crate::sync::ReportOp;
    use chrono::Utc;
    use uuid::Uuid;

    fn op(report: Uuid, base: Option<u32>) -> CheckedOp {
        CheckedOp {
            op: ReportOp {
                op_id: Uuid::now_v7(),
                base_revision: base,
                report: Report {
                    id: report,
                    schema_version: SCHEMA,
                    plan: "p".into(),
                    item: 1,
                    unit_id: 1,
                    author_id: 7,
                    author: "a".into(),
                    captured_on: chrono::NaiveDate::from_ymd_opt(2024, 5, 1).expect("date"),
                    captured_at: Utc::now(),
                    values: vec![],
                    narrative: String::new(),
                    difficulties: String::new(),
                    next_steps: String::new(),
                    photos: Vec::new(),
                    location: None,
                    place: String::new(),
                },
            },
            verdict: Ok(()),
        }
    }

    fn outcomes(plan: &BatchPlan) -> Vec<(Outcome, Option<u32>)> {
        plan.results
            .iter()
            .map(|r| (r.outcome, r.revision))
            .collect()
    }

    #[test]
    fn later_ops_of_a_batch_see_what_earlier_ones_did() {
        let report = Uuid::now_v7();
        let create = op(report, None);
        let edit = op(report, Some(1));
        let stale = op(report, Some(1));
        let batch = vec![create.clone(), create, edit.clone(), edit, stale];
        let hashes: Vec<String> = ["h1", "h1", "h2", "h2", "h3"].map(String::from).to_vec();
        let plan = plan_batch(&batch, &hashes, HashMap::new(), HashMap::new(), Some(7));
        assert_eq!(
            outcomes(&plan),
            [
                (Outcome::Applied, Some(1)),
                (Outcome::AlreadyHad, Some(1)),
                (Outcome::Applied, Some(2)),
                (Outcome::AlreadyHad, Some(2)),
                (Outcome::Conflict, Some(2)),
            ]
        );
        assert_eq!(
            plan.steps,
            [
                Step::Create { index: 0 },
                Step::Update {
                    index: 2,
                    revision: 2
                },
                Step::Record {
                    index: 4,
                    outcome: "conflict",
                    revision: Some(2),
                    reason: plan.results[4].message.clone(),
                    keep_content: true,
                },
            ]
        );
    }

    #[test]
    fn the_same_content_under_a_new_op_id_is_recorded_without_its_content() {
        let report = Uuid::now_v7();
        let batch = vec![op(report, None), op(report, None)];
        let hashes = vec!["h".to_string(), "h".to_string()];
        let plan = plan_batch(&batch, &hashes, HashMap::new(), HashMap::new(), Some(7));
        assert_eq!(
            outcomes(&plan),
            [(Outcome::Applied, Some(1)), (Outcome::AlreadyHad, Some(1))]
        );
        assert!(matches!(
            plan.steps[1],
            Step::Record {
                outcome: "applied",
                keep_content: false,
                ..
            }
        ));
        let audit = push_audit(&plan.results).expect("written");
        assert_eq!(audit["applied"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            push_audit(&plan.results[1..]),
            None,
            "a repeat writes nothing"
        );
    }
}
