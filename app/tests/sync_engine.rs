//! One sync run against a scripted server: acknowledgements, captive portals, expired
//! sign-ins, too-old clients, batching and pulls.

use std::cell::RefCell;
use std::collections::VecDeque;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use app::domain::report::{Report, SCHEMA};
use app::field::engine::{MemoryStore, Pause, Transport, TransportError, sync_once};
use app::field::outbox::{DisplayStatus, OutboxEntry};
use app::sync::{
    ACK, MAX_BATCH, OpResult, Outcome, PullResponse, PushRequest, PushResponse, ReportChange,
    ReviewStatus,
};

const ME: i64 = 7;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_717_000_000, 0).expect("time")
}

fn report(n: u128) -> Report {
    Report {
        id: Uuid::from_u128(n),
        schema_version: SCHEMA,
        plan: "taibaihu-2024".into(),
        item: 1,
        unit_id: 20,
        author_id: ME,
        author: "me".into(),
        captured_on: NaiveDate::from_ymd_opt(2024, 5, 7).expect("date"),
        captured_at: now(),
        values: vec![],
        narrative: format!("第 {n} 条"),
        difficulties: String::new(),
        next_steps: String::new(),
        photos: Vec::new(),
        location: None,
        place: String::new(),
    }
}

fn store_with(n: u128) -> MemoryStore {
    let mut store = MemoryStore::default();
    for i in 1..=n {
        store.insert(OutboxEntry::new(report(i), Uuid::from_u128(10_000 + i)));
    }
    store
}

/// What the scripted server does with each push: answer properly or fail in some way.
#[derive(Clone, Copy, Debug)]
enum Script {
    Ack,
    CaptivePortal,
    ServerError,
    SignInExpired,
    TooOld,
    /// 429 with `Retry-After: 120`.
    Busy,
}

struct Scripted {
    pushes: RefCell<VecDeque<Script>>,
    batches: RefCell<Vec<usize>>,
    changes: Vec<ReportChange>,
}

impl Scripted {
    fn new(script: &[Script]) -> Self {
        Scripted {
            pushes: RefCell::new(script.iter().copied().collect()),
            batches: RefCell::new(vec![]),
            changes: vec![],
        }
    }
}

impl Transport for Scripted {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        self.batches.borrow_mut().push(request.ops.len());
        let results = request
            .ops
            .iter()
            .map(|op| OpResult {
                op_id: op.op_id,
                report_id: op.report.id,
                outcome: Outcome::Applied,
                revision: Some(1),
                message: None,
            })
            .collect();
        match self.pushes.borrow_mut().pop_front().unwrap_or(Script::Ack) {
            Script::Ack => Ok(PushResponse {
                ack: ACK.into(),
                results,
            }),
            // A 200 page that is not ours: parsed by the transport as "not acknowledged".
            Script::CaptivePortal => Ok(PushResponse {
                ack: String::new(),
                results: vec![],
            }),
            Script::ServerError => Err(TransportError::Retry("服务器错误 502".into())),
            Script::SignInExpired => Err(TransportError::SignInRequired),
            Script::TooOld => Err(TransportError::ClientTooOld),
            Script::Busy => Err(TransportError::Busy(120)),
        }
    }

    async fn pull(&self, cursor: i64) -> Result<PullResponse, TransportError> {
        Ok(PullResponse {
            ack: ACK.into(),
            cursor: cursor + self.changes.len() as i64,
            more: false,
            changes: self.changes.clone(),
            catalogue_version: "v1".into(),
        })
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures_lite(f)
}

/// A minimal executor: the transport's futures are ready at once.
fn futures_lite<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fn run(store: &mut MemoryStore, transport: &Scripted, force: bool) -> app::field::engine::SyncRun {
    let mut next = 50_000u128;
    block_on(sync_once(
        store,
        transport,
        ME,
        now(),
        force,
        || {
            next += 1;
            Uuid::from_u128(next)
        },
        |_, _| {},
    ))
    .expect("store works")
}

fn statuses(store: &MemoryStore) -> Vec<DisplayStatus> {
    let mut all = store.all();
    all.sort_by_key(|e| e.report.id);
    all.iter().map(OutboxEntry::status).collect()
}

#[test]
fn an_acknowledged_push_syncs_everything_and_moves_the_cursor() {
    let mut store = store_with(3);
    let mut transport = Scripted::new(&[Script::Ack]);
    transport.changes = vec![ReportChange {
        report_id: Uuid::from_u128(2),
        revision: 1,
        status: ReviewStatus::Returned,
        comment: Some("请补充".into()),
    }];
    let run = run(&mut store, &transport, false);
    assert_eq!((run.sent, run.applied, run.changes), (3, 3, 1));
    assert_eq!(run.failure, None);
    assert_eq!(
        statuses(&store),
        [
            DisplayStatus::Synced,
            DisplayStatus::Returned,
            DisplayStatus::Synced
        ]
    );
    assert_eq!(store.meta.cursor, 1);
    assert_eq!(store.meta.last_success_at, Some(now()));
}

#[test]
fn anything_but_an_acknowledgement_keeps_the_queue_for_later() {
    for script in [Script::CaptivePortal, Script::ServerError] {
        let mut store = store_with(2);
        let transport = Scripted::new(&[script]);
        let run = run(&mut store, &transport, false);
        assert!(
            matches!(run.failure, Some(TransportError::Retry(_))),
            "{script:?}"
        );
        assert_eq!(
            statuses(&store),
            [DisplayStatus::Waiting, DisplayStatus::Waiting]
        );
        let entry = store.all().pop().expect("entry");
        assert_eq!(entry.attempts, 1);
        assert!(
            entry.pending.as_ref().is_some_and(|p| p.sent),
            "the op id is now fixed"
        );
        assert!(store.meta.last_success_at.is_none());
        // The next (forced) run sends the same ops again and succeeds.
        let again = run_again(&mut store);
        assert_eq!(again.applied, 2);
    }
}

fn run_again(store: &mut MemoryStore) -> app::field::engine::SyncRun {
    run(store, &Scripted::new(&[Script::Ack]), true)
}

#[test]
fn an_expired_sign_in_pauses_without_counting_failures() {
    let mut store = store_with(2);
    let run = run(&mut store, &Scripted::new(&[Script::SignInExpired]), false);
    assert_eq!(run.failure, Some(TransportError::SignInRequired));
    assert_eq!(store.meta.paused, Some(Pause::SignIn));
    assert!(
        store
            .all()
            .iter()
            .all(|e| e.attempts == 0 && e.pending.is_some())
    );
    // Signed in again: the queue goes out, original author and capture time intact.
    let again = run_again(&mut store);
    assert_eq!(again.applied, 2);
    assert_eq!(store.meta.paused, None);
    assert!(
        store
            .all()
            .iter()
            .all(|e| e.report.author_id == ME && e.report.captured_at == now())
    );
}

#[test]
fn a_too_old_client_is_told_to_update_and_keeps_its_data() {
    let mut store = store_with(1);
    let run = run(&mut store, &Scripted::new(&[Script::TooOld]), false);
    assert_eq!(run.failure, Some(TransportError::ClientTooOld));
    assert_eq!(store.meta.paused, Some(Pause::Update));
    assert_eq!(statuses(&store), [DisplayStatus::Waiting]);
}

#[test]
fn a_long_queue_goes_in_batches_with_progress() {
    let n = (MAX_BATCH * 2 + 17) as u128;
    let mut store = store_with(n);
    let transport = Scripted::new(&[]);
    let mut seen = vec![];
    let mut next = 90_000u128;
    let run = block_on(sync_once(
        &mut store,
        &transport,
        ME,
        now(),
        false,
        || {
            next += 1;
            Uuid::from_u128(next)
        },
        |done, total| seen.push((done, total)),
    ))
    .expect("store");
    assert_eq!(run.applied, n as usize);
    assert_eq!(*transport.batches.borrow(), [MAX_BATCH, MAX_BATCH, 17]);
    assert_eq!(seen.last(), Some(&(n as usize, n as usize)));
}

#[test]
fn a_busy_server_is_not_asked_again_before_its_retry_after() {
    let mut store = store_with(2);
    let transport = Scripted::new(&[Script::Busy]);
    let first = run(&mut store, &transport, false);
    assert_eq!(first.failure, Some(TransportError::Busy(120)));
    let entries = store.all();
    for entry in &entries {
        // The usual first backoff is 5 s; the server asked for 120.
        assert_eq!(
            entry.next_attempt_at,
            Some(now() + chrono::Duration::seconds(120)),
            "waits as asked"
        );
        assert!(!entry.ready(ME, now() + chrono::Duration::seconds(119), false));
        assert!(entry.ready(ME, now() + chrono::Duration::seconds(120), false));
    }
    // Nothing was lost: the next run sends both.
    let later = run(&mut store, &transport, true);
    assert_eq!((later.sent, later.applied), (2, 2));
}
