//! Model-based property test of phone + server sync over a hostile network.
//!
//! A phone (the real outbox and sync run from `app`) records and edits reports while a
//! simulated network drops requests, drops replies, duplicates and delays (reorders) them,
//! and answers like a captive portal. The server is the real push code on a real SQLite
//! database. After a final run on a good network: nothing lost, nothing duplicated, the
//! server holds exactly the phone's latest content, and every outbox drained.
//!
//! With `TAIZHANG_TEST_BACKEND=postgres` each case runs on a fresh PostgreSQL schema instead.
//!
//! 1,000 cases run in the test command. For more:
//!     PROPTEST_CASES=10000 cargo test -p server --test sync_model --release

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use app::domain::account::{PlanRole, Role, Viewer};
use app::domain::audit::Actor;
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::field::engine::{MemoryStore, Transport, TransportError, sync_once};
use app::field::outbox::OutboxEntry;
use app::store::{NewUserRecord, SharedStore};
use app::sync::{PullResponse, PushRequest, PushResponse};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use uuid::Uuid;

// Shared with the API tests; this binary uses only the schema guard.
#[allow(dead_code)]
#[path = "api/pg_support.rs"]
mod pg_support;

#[derive(Clone, Copy, Debug)]
enum Net {
    Deliver,
    DropRequest,
    DropReply,
    Duplicate,
    Delay,
    CaptivePortal,
}

#[derive(Clone, Debug)]
enum Action {
    Create(u8),
    Edit(usize, u8),
    Sync { force: bool },
    Tick(u16),
}

fn net() -> impl Strategy<Value = Net> {
    prop_oneof![
        3 => Just(Net::Deliver),
        1 => Just(Net::DropRequest),
        1 => Just(Net::DropReply),
        1 => Just(Net::Duplicate),
        1 => Just(Net::Delay),
        1 => Just(Net::CaptivePortal),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (1u8..20).prop_map(Action::Create),
        2 => (0usize..50, 1u8..20).prop_map(|(i, v)| Action::Edit(i, v)),
        3 => any::<bool>().prop_map(|force| Action::Sync { force }),
        1 => (1u16..400).prop_map(Action::Tick),
    ]
}

/// The network between the phone and the server, doing what the script says.
struct Chaos<'a> {
    store: &'a SharedStore,
    viewer: &'a Viewer,
    now: &'a Cell<DateTime<Utc>>,
    script: RefCell<VecDeque<Net>>,
    delayed: RefCell<Vec<PushRequest>>,
}

impl Chaos<'_> {
    async fn server(&self, request: &PushRequest) -> PushResponse {
        server::service::sync::push(
            self.store.as_ref(),
            self.viewer,
            request.clone().into(),
            self.now.get(),
        )
        .await
        .expect("the server answers valid pushes")
    }

    /// Requests held back earlier arrive now, out of order.
    async fn release_delayed(&self) {
        let held: Vec<PushRequest> = self.delayed.borrow_mut().drain(..).collect();
        for request in held.iter().rev() {
            self.server(request).await;
        }
    }
}

impl Transport for Chaos<'_> {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        let behaviour = self.script.borrow_mut().pop_front().unwrap_or(Net::Deliver);
        if !matches!(behaviour, Net::Delay) {
            self.release_delayed().await;
        }
        let lost = || Err(TransportError::Retry("网络中断".into()));
        match behaviour {
            Net::Deliver => Ok(self.server(request).await),
            Net::DropRequest => lost(),
            Net::DropReply => {
                self.server(request).await;
                lost()
            }
            Net::Duplicate => {
                self.server(request).await;
                Ok(self.server(request).await)
            }
            Net::Delay => {
                self.delayed.borrow_mut().push(request.clone());
                lost()
            }
            Net::CaptivePortal => Ok(PushResponse {
                ack: "<html>请登录 Wi-Fi</html>".into(),
                results: vec![],
            }),
        }
    }

    async fn pull(&self, cursor: i64) -> Result<PullResponse, TransportError> {
        server::service::sync::pull(self.store.as_ref(), self.viewer, cursor)
            .await
            .map_err(|_| TransportError::Retry("pull failed".into()))
    }
}

struct World {
    rt: tokio::runtime::Runtime,
    store: SharedStore,
    viewer: Viewer,
    /// On PostgreSQL: the case's own schema, dropped after the store.
    _schema: Option<pg_support::SchemaGuard>,
}

fn world() -> World {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (store, viewer, schema) = rt.block_on(async {
        let schema = if pg_support::backend_is_postgres() {
            Some(pg_support::SchemaGuard::create().await)
        } else {
            None
        };
        let url = schema
            .as_ref()
            .map_or("sqlite::memory:", |s| s.url.as_str());
        let store = server::store::open(url).await.expect("db");
        server::cmd::serve::load_default_plan(store.as_ref())
            .await
            .expect("plan");
        let plan = store
            .plan("taibaihu-2024")
            .await
            .expect("read")
            .expect("plan");
        let unit = plan
            .units
            .iter()
            .find(|u| u.name == "石桥镇政府")
            .expect("unit")
            .id;
        let record = NewUserRecord {
            username: "shiqiao".into(),
            display_name: "赵干事".into(),
            unit_id: unit,
            // The model never signs in: no password to hash.
            password_hash: "not used".into(),
            role: Some(PlanRole {
                plan: "taibaihu-2024".into(),
                role: Role::Reporter,
                categories: vec![],
            }),
        };
        let id = store
            .create_user(&record, &Actor::command_line())
            .await
            .expect("user");
        let viewer: Viewer = store.user(id).await.expect("read").expect("user").into();
        (store, viewer, schema)
    });
    World {
        rt,
        store,
        viewer,
        _schema: schema,
    }
}

fn report(viewer: &Viewer, n: u8, at: DateTime<Utc>) -> Report {
    Report {
        id: Uuid::now_v7(),
        schema_version: SCHEMA,
        plan: "taibaihu-2024".into(),
        item: 1,
        unit_id: viewer.unit.id,
        author_id: viewer.id,
        author: viewer.display_name.clone(),
        captured_on: NaiveDate::from_ymd_opt(2024, 6, 3).expect("date"),
        captured_at: at,
        values: vec![IndicatorValue {
            code: "households".into(),
            input: IndicatorInput::Increment {
                amount: f64::from(n),
            },
        }],
        narrative: format!("第 {n} 户"),
        difficulties: String::new(),
        next_steps: String::new(),
        photos: Vec::new(),
        location: None,
        place: "石桥村".into(),
    }
}

fn run_case(actions: &[Action], network: Vec<Net>) -> Result<(), TestCaseError> {
    let w = world();
    let now = Cell::new(DateTime::from_timestamp(1_720_000_000, 0).expect("time"));
    let chaos = Chaos {
        store: &w.store,
        viewer: &w.viewer,
        now: &now,
        script: RefCell::new(network.into()),
        delayed: RefCell::new(vec![]),
    };
    let mut phone = MemoryStore::default();
    let mut ids: Vec<Uuid> = vec![];
    for action in actions {
        now.set(now.get() + Duration::seconds(1));
        match action {
            Action::Create(n) => {
                let r = report(&w.viewer, *n, now.get());
                ids.push(r.id);
                phone.insert(OutboxEntry::new(r, Uuid::now_v7()));
            }
            Action::Edit(i, n) if !ids.is_empty() => {
                let id = ids[i % ids.len()];
                let mut entry = phone.entries[&id].clone();
                let mut content = entry.report.clone();
                content.values[0].input = IndicatorInput::Increment {
                    amount: f64::from(*n),
                };
                content.narrative = format!("改为第 {n} 户");
                entry.edit(content, Uuid::now_v7()).expect("not locked");
                phone.insert(entry.clone());
            }
            Action::Edit(..) => {}
            Action::Sync { force } => {
                w.rt.block_on(sync_once(
                    &mut phone,
                    &chaos,
                    w.viewer.id,
                    now.get(),
                    *force,
                    Uuid::now_v7,
                    |_, _| {},
                ))
                .expect("phone storage works");
            }
            Action::Tick(secs) => now.set(now.get() + Duration::seconds(i64::from(*secs))),
        }
    }
    // The network recovers: held-back requests arrive, then the phone syncs until drained.
    chaos.script.borrow_mut().clear();
    w.rt.block_on(chaos.release_delayed());
    for _ in 0..5 {
        now.set(now.get() + Duration::seconds(600));
        w.rt.block_on(sync_once(
            &mut phone,
            &chaos,
            w.viewer.id,
            now.get(),
            true,
            Uuid::now_v7,
            |_, _| {},
        ))
        .expect("phone storage works");
    }

    // Every outbox drained: nothing waits, nothing blocked.
    for entry in phone.all() {
        prop_assert!(
            entry.pending.is_none(),
            "still waiting: {:?}",
            entry.report.id
        );
        prop_assert!(entry.blocked.is_none(), "blocked: {:?}", entry.blocked);
    }
    // Nothing lost, nothing duplicated, the server holds the phone's latest content.
    let stored =
        w.rt.block_on(w.store.item_reports("taibaihu-2024", 1))
            .expect("read");
    prop_assert_eq!(stored.len(), ids.len());
    for id in &ids {
        let on_server: Vec<_> = stored.iter().filter(|s| s.report.id == *id).collect();
        prop_assert_eq!(on_server.len(), 1);
        let entry = &phone.entries[id];
        prop_assert_eq!(&on_server[0].report, &entry.report);
        prop_assert_eq!(Some(on_server[0].revision), entry.confirmed_revision);
    }
    // Retries never looked like conflicts and nothing was quarantined.
    let quarantine = w.rt.block_on(w.store.quarantine(100)).expect("read");
    prop_assert!(quarantine.is_empty(), "{quarantine:?}");
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn nothing_is_lost_or_duplicated_over_a_hostile_network(
        actions in prop::collection::vec(action(), 1..40),
        network in prop::collection::vec(net(), 0..40),
    ) {
        run_case(&actions, network)?;
    }
}
