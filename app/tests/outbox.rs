//! The phone's outbox rules, table-tested natively.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::field::outbox::{
    DisplayStatus, EditError, OutboxEntry, backoff, capture_order, plan_push, summarize, unsent_by,
};
use app::sync::{ACK, OpResult, Outcome, PushResponse, ReportChange, ReviewStatus};

const ME: i64 = 7;

fn t(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_717_000_000 + secs, 0).expect("time")
}

fn report(n: u128, author: i64, households: f64) -> Report {
    Report {
        id: Uuid::from_u128(n),
        schema_version: SCHEMA,
        plan: "taibaihu-2024".into(),
        item: 1,
        unit_id: 20,
        author_id: author,
        author: format!("user{author}"),
        captured_on: NaiveDate::from_ymd_opt(2024, 5, 7).expect("date"),
        captured_at: t(n as i64),
        values: vec![IndicatorValue {
            code: "households".into(),
            input: IndicatorInput::Increment { amount: households },
        }],
        narrative: "完成入户改造".into(),
        difficulties: String::new(),
        next_steps: String::new(),
        photos: Vec::new(),
        location: None,
        place: "石桥村".into(),
    }
}

fn op(n: u128) -> Uuid {
    Uuid::from_u128(1_000 + n)
}

fn result(entry: &OutboxEntry, outcome: Outcome, revision: Option<u32>) -> OpResult {
    OpResult {
        op_id: entry.pending.as_ref().expect("pending").op_id,
        report_id: entry.report.id,
        outcome,
        revision,
        message: None,
    }
}

fn mark_sent(entry: &mut OutboxEntry) {
    entry.pending.as_mut().expect("pending").sent = true;
}

#[test]
fn a_new_report_waits_and_is_planned() {
    let e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    assert_eq!(e.status(), DisplayStatus::Waiting);
    let batch = plan_push(&[e], ME, t(0), false, 10);
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].op_id, op(1));
    assert_eq!(batch[0].base_revision, None);
}

#[test]
fn editing_before_sending_keeps_one_op_with_the_new_content() {
    let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    e.edit(report(1, ME, 4.0), op(2)).expect("edit");
    let p = e.pending.as_ref().expect("pending");
    assert_eq!(p.op_id, op(1));
    assert_eq!(p.content, report(1, ME, 4.0));
}

#[test]
fn an_edit_while_sent_waits_and_follows_the_acknowledgement_as_the_next_revision() {
    let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    mark_sent(&mut e);
    e.edit(report(1, ME, 5.0), op(2)).expect("edit");
    assert_eq!(
        e.pending.as_ref().expect("pending").content,
        report(1, ME, 3.0),
        "what went out stays"
    );
    let ack = result(&e, Outcome::Applied, Some(1));
    e.apply_result(&ack, op(3));
    assert_eq!(e.confirmed_revision, Some(1));
    let next = e.pending.as_ref().expect("the edit follows");
    assert_eq!((next.op_id, next.base_revision), (op(3), Some(1)));
    assert_eq!(next.content, report(1, ME, 5.0));
    assert_eq!(e.status(), DisplayStatus::Waiting);
}

#[test]
fn applied_and_already_had_both_mean_synced() {
    for outcome in [Outcome::Applied, Outcome::AlreadyHad] {
        let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
        mark_sent(&mut e);
        let r = result(&e, outcome, Some(1));
        e.apply_result(&r, op(9));
        assert_eq!(e.status(), DisplayStatus::Synced, "{outcome:?}");
        assert!(e.pending.is_none());
        assert!(plan_push(&[e], ME, t(0), true, 10).is_empty());
    }
}

#[test]
fn an_answer_to_another_op_is_ignored() {
    let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    let before = e.pending.clone().expect("pending");
    let mut r = result(&e, Outcome::Applied, Some(1));
    r.op_id = op(99);
    e.apply_result(&r, op(9));
    assert_eq!(e.status(), DisplayStatus::Waiting);
    let after = e.pending.as_ref().expect("still pending");
    assert_eq!(after.op_id, before.op_id, "the pending op keeps its id");
    assert_eq!(after.base_revision, before.base_revision);
    assert_eq!(
        e.confirmed_revision, None,
        "another op's revision is not taken"
    );
    assert!(e.blocked.is_none());
}

#[test]
fn conflicts_and_rejections_wait_for_a_person_and_an_edit_sends_afresh() {
    // (outcome, expected status, base revision of the re-send)
    let cases = [
        (Outcome::Conflict, DisplayStatus::Conflict, Some(4)),
        (Outcome::Rejected, DisplayStatus::NeedsFix, None),
    ];
    for (outcome, status, base) in cases {
        let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
        mark_sent(&mut e);
        let mut r = result(&e, outcome, Some(4));
        r.message = Some("原因".into());
        e.apply_result(&r, op(9));
        assert_eq!(e.status(), status);
        assert_eq!(e.blocked.as_ref().map(|b| b.message.as_str()), Some("原因"));
        assert!(
            plan_push(std::slice::from_ref(&e), ME, t(0), true, 10).is_empty(),
            "never automatic"
        );
        e.edit(report(1, ME, 2.0), op(2)).expect("edit");
        assert_eq!(e.status(), DisplayStatus::Waiting);
        let batch = plan_push(&[e], ME, t(0), false, 10);
        assert_eq!(
            (batch[0].op_id, batch[0].base_revision),
            (op(2), base),
            "{outcome:?}"
        );
    }
}

#[test]
fn failures_back_off_unless_the_user_presses_sync() {
    let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    e.apply_failure("网络不可用", t(0));
    e.apply_failure("网络不可用", t(0));
    assert_eq!(e.last_error.as_deref(), Some("网络不可用"));
    assert_eq!(e.next_attempt_at, Some(t(15)));
    let entries = [e];
    assert!(plan_push(&entries, ME, t(14), false, 10).is_empty());
    assert_eq!(plan_push(&entries, ME, t(15), false, 10).len(), 1);
    assert_eq!(plan_push(&entries, ME, t(1), true, 10).len(), 1, "forced");
}

#[test]
fn backoff_grows_and_is_capped() {
    let secs: Vec<i64> = (1..=6).map(|n| backoff(n).num_seconds()).collect();
    assert_eq!(secs, [5, 15, 45, 135, 300, 300]);
    assert_eq!(backoff(1000), Duration::seconds(300));
}

#[test]
fn reports_of_another_user_of_the_device_are_not_sent_as_mine() {
    let entries = [
        OutboxEntry::new(report(1, ME, 1.0), op(1)),
        OutboxEntry::new(report(2, 99, 1.0), op(2)),
    ];
    let batch = plan_push(&entries, ME, t(0), true, 10);
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].report.author_id, ME);
    let s = summarize(&entries, Some(ME));
    assert_eq!((s.waiting, s.others, s.blocked), (1, 1, 0));
}

#[test]
fn signing_out_leaves_behind_only_what_is_mine_and_unsent() {
    let mut acknowledged = OutboxEntry::new(report(3, ME, 1.0), op(3));
    acknowledged.pending = None;
    acknowledged.confirmed_revision = Some(1);
    let mut refused = OutboxEntry::new(report(4, ME, 1.0), op(4));
    refused.pending = None;
    refused.blocked = Some(app::field::outbox::Blocked {
        kind: app::field::outbox::BlockKind::Rejected,
        message: "数值不合理".into(),
        server_revision: None,
    });
    let entries = [
        OutboxEntry::new(report(1, ME, 1.0), op(1)),
        OutboxEntry::new(report(2, 99, 1.0), op(2)),
        acknowledged,
        refused,
    ];
    assert_eq!(
        unsent_by(&entries, ME),
        2,
        "the waiting one and the refused one"
    );
    assert_eq!(unsent_by(&entries, 99), 1);
    assert_eq!(unsent_by(&entries, 5), 0);
}

#[test]
fn lists_are_in_capture_order_with_ties_by_id_and_only_what_is_asked() {
    // Reports 4 and 2 were captured in the same second: the smaller id first.
    let entries: Vec<OutboxEntry> = [(9u128, 30), (4, 10), (7, 20), (2, 10), (5, 40)]
        .into_iter()
        .map(|(n, at)| {
            let mut r = report(n, ME, 1.0);
            r.captured_at = t(at);
            OutboxEntry::new(r, op(n))
        })
        .collect();
    let ids = |order: Vec<usize>| -> Vec<u128> {
        order
            .into_iter()
            .map(|i| entries[i].report.id.as_u128())
            .collect()
    };
    assert_eq!(ids(capture_order(&entries, &|_| true)), [2, 4, 7, 9, 5]);
    assert_eq!(
        ids(capture_order(&entries, &|e| e.report.id.as_u128() % 2 == 1)),
        [7, 9, 5]
    );
    assert!(capture_order(&[], &|_| true).is_empty());
}

#[test]
fn batches_go_oldest_first_and_are_capped() {
    let entries: Vec<OutboxEntry> = [5u128, 2, 9, 1]
        .into_iter()
        .map(|n| OutboxEntry::new(report(n, ME, 1.0), op(n)))
        .collect();
    let batch = plan_push(&entries, ME, t(0), false, 3);
    let ids: Vec<u128> = batch.iter().map(|o| o.report.id.as_u128()).collect();
    assert_eq!(ids, [1, 2, 5]);
}

#[test]
fn accepted_reports_are_locked_returned_ones_can_be_corrected() {
    let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    mark_sent(&mut e);
    let r = result(&e, Outcome::Applied, Some(1));
    e.apply_result(&r, op(9));

    let mut returned = e.clone();
    returned.apply_change(&ReportChange {
        report_id: e.report.id,
        revision: 1,
        status: ReviewStatus::Returned,
        comment: Some("请补充地点".into()),
    });
    assert_eq!(returned.status(), DisplayStatus::Returned);
    assert_eq!(returned.review_comment.as_deref(), Some("请补充地点"));
    returned
        .edit(report(1, ME, 3.0), op(2))
        .expect("returned reports are corrected");
    let p = returned.pending.as_ref().expect("pending");
    assert_eq!((p.op_id, p.base_revision), (op(2), Some(1)));

    let mut accepted = e;
    accepted.apply_change(&ReportChange {
        report_id: accepted.report.id,
        revision: 1,
        status: ReviewStatus::Accepted,
        comment: None,
    });
    assert_eq!(accepted.status(), DisplayStatus::Accepted);
    assert_eq!(
        accepted.edit(report(1, ME, 9.0), op(3)),
        Err(EditError::Locked)
    );
}

#[test]
fn only_a_genuine_answer_naming_every_op_acknowledges() {
    let sent = [op(1), op(2)];
    let answer = |ack: &str, ids: &[Uuid]| PushResponse {
        ack: ack.into(),
        results: ids
            .iter()
            .map(|id| OpResult {
                op_id: *id,
                report_id: Uuid::nil(),
                outcome: Outcome::Applied,
                revision: Some(1),
                message: None,
            })
            .collect(),
    };
    assert!(answer(ACK, &sent).acknowledges(&sent));
    assert!(!answer(ACK, &sent[..1]).acknowledges(&sent), "one missing");
    assert!(!answer("<html>wifi login</html>", &sent).acknowledges(&sent));
}

#[test]
fn discarding_a_never_synced_report_removes_it_a_synced_one_keeps_its_record() {
    let mut fresh = OutboxEntry::new(report(1, ME, 3.0), op(1));
    assert!(fresh.discard_change());
    let mut synced = OutboxEntry::new(report(1, ME, 3.0), op(1));
    mark_sent(&mut synced);
    let r = result(&synced, Outcome::Applied, Some(1));
    synced.apply_result(&r, op(9));
    synced.edit(report(1, ME, 4.0), op(2)).expect("edit");
    assert!(!synced.discard_change());
    assert!(synced.pending.is_none());
}

#[test]
fn the_stored_form_round_trips_and_leaves_out_a_duplicate_content() {
    let mut e = OutboxEntry::new(report(1, ME, 3.0), op(1));
    let json = serde_json::to_string(&e).expect("json");
    assert_eq!(
        json.matches("完成入户改造").count(),
        1,
        "the report is stored once: {json}"
    );
    assert_eq!(serde_json::from_str::<OutboxEntry>(&json).expect("back"), e);
    // Once sent and edited, the sent content differs and is kept.
    mark_sent(&mut e);
    let mut changed = report(1, ME, 5.0);
    changed.narrative = "改过的说明".into();
    e.edit(changed, op(2)).expect("edit");
    let json = serde_json::to_string(&e).expect("json");
    assert!(json.contains("完成入户改造") && json.contains("改过的说明"));
    assert_eq!(serde_json::from_str::<OutboxEntry>(&json).expect("back"), e);
}

#[test]
fn only_settled_reports_are_forgotten_accepted_first_then_the_oldest() {
    let synced = |n: u128, review: Option<ReviewStatus>| {
        let mut e = OutboxEntry::new(report(n, ME, 1.0), op(n));
        mark_sent(&mut e);
        let r = result(&e, Outcome::Applied, Some(1));
        e.apply_result(&r, op(100 + n));
        if let Some(status) = review {
            e.apply_change(&ReportChange {
                report_id: e.report.id,
                revision: 1,
                status,
                comment: None,
            });
        }
        e
    };
    let mut blocked = OutboxEntry::new(report(7, ME, 1.0), op(7));
    let r = result(&blocked, Outcome::Rejected, None);
    blocked.apply_result(&r, op(70));
    let entries = vec![
        synced(1, None),                         // oldest synced
        synced(2, Some(ReviewStatus::Accepted)), // final
        synced(3, None),
        synced(4, Some(ReviewStatus::Returned)), // synced, to be corrected: still settled
        OutboxEntry::new(report(5, ME, 1.0), op(5)), // waiting
        blocked,                                 // refused, waiting for a person
    ];
    let mut gone = app::field::outbox::prunable(&entries, 2);
    gone.sort();
    assert_eq!(gone, [Uuid::from_u128(1), Uuid::from_u128(2)]);
    assert!(
        app::field::outbox::prunable(&entries, 100).contains(&Uuid::from_u128(2)),
        "accepted always go"
    );
}
