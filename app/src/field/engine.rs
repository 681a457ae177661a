//! One sync run of the phone: push the outbox in batches, then pull review changes. The
//! storage and the network are traits, so the browser plugs in IndexedDB and `fetch`,
//! and native tests plug in memory and an in-process server with a lossy network.

use std::collections::HashMap;
use std::future::Future;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::field::outbox::{OutboxEntry, plan_push};
use crate::sync::{MAX_BATCH, Outcome, PullResponse, PushRequest, PushResponse};

/// The browser refused a write (quota, private mode …). Never swallowed: the user is told.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("无法写入本机存储：{0}")]
pub struct StoreFailure(pub String);

/// The device's report store: one record per report, so each save is one atomic write.
/// Asynchronous because the browser's store (IndexedDB) is; a save resolves only once the
/// write is durable, so nothing claims to be saved before it is.
pub trait OutboxStore {
    fn load_all(&self) -> impl Future<Output = Result<Vec<OutboxEntry>, StoreFailure>>;
    fn load(&self, id: Uuid) -> impl Future<Output = Result<Option<OutboxEntry>, StoreFailure>>;
    fn save(&mut self, entry: &OutboxEntry) -> impl Future<Output = Result<(), StoreFailure>>;
    fn remove(&mut self, id: Uuid) -> impl Future<Output = Result<(), StoreFailure>>;
    fn load_meta(&self) -> impl Future<Output = Result<SyncMeta, StoreFailure>>;
    fn save_meta(&mut self, meta: &SyncMeta) -> impl Future<Output = Result<(), StoreFailure>>;
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No network, a timeout, a 5xx, or an answer that is not our acknowledgement (a
    /// captive portal's page): send again later.
    #[error("{0}")]
    Retry(String),
    /// The server is busy with this account's pushes (429): try again after this many
    /// seconds, not before.
    #[error("同步过于频繁，{0} 秒后自动重试")]
    Busy(u64),
    /// The sign-in expired or was revoked: pause until the user signs in again.
    #[error("登录已过期，请重新登录后继续同步")]
    SignInRequired,
    /// The server no longer accepts this build's report format.
    #[error("应用版本过旧，请刷新页面更新后再同步（数据仍保存在本机）")]
    ClientTooOld,
}

/// The network side of a sync, as the phone sees it.
pub trait Transport {
    fn push(
        &self,
        request: &PushRequest,
    ) -> impl Future<Output = Result<PushResponse, TransportError>>;
    fn pull(&self, cursor: i64) -> impl Future<Output = Result<PullResponse, TransportError>>;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pause {
    SignIn,
    Update,
}

/// Device-wide sync state, stored under its own key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMeta {
    pub cursor: i64,
    pub last_success_at: Option<DateTime<Utc>>,
    pub paused: Option<Pause>,
    pub last_error: Option<String>,
    pub catalogue_version: Option<String>,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncRun {
    pub sent: usize,
    pub applied: usize,
    pub conflicts: usize,
    pub rejected: usize,
    pub changes: usize,
    /// Why the run stopped early, if it did.
    pub failure: Option<TransportError>,
    /// The server's catalogue differs from the one on the device.
    pub catalogue_stale: bool,
}

/// Pushes everything ready, batch by batch, then pulls review changes. `progress(done,
/// total)` is called after each batch. Returns early (with `failure`) on the first batch
/// that is not acknowledged; what was acknowledged so far is already saved.
pub async fn sync_once<S: OutboxStore, T: Transport>(
    store: &mut S,
    transport: &T,
    viewer_id: i64,
    now: DateTime<Utc>,
    force: bool,
    mut new_op_id: impl FnMut() -> Uuid,
    mut progress: impl FnMut(usize, usize),
) -> Result<SyncRun, StoreFailure> {
    let mut run = SyncRun::default();
    let mut meta = store.load_meta().await?;
    meta.paused = None;
    // Plan once; each batch then re-reads just its own entries, so an edit saved meanwhile
    // (this tab or another) is respected and a long queue costs no quadratic reading.
    let planned: Vec<Uuid> = plan_push(&store.load_all().await?, viewer_id, now, force, usize::MAX)
        .iter()
        .map(|op| op.report.id)
        .collect();
    let total = planned.len();
    for ids in planned.chunks(MAX_BATCH) {
        let mut batch = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(mut entry) = store.load(*id).await? else {
                continue;
            };
            if !entry.ready(viewer_id, now, force) {
                continue;
            }
            // Persist "sent" before sending: an edit made while the request is out must
            // not change what goes under this op id.
            if let Some(pending) = &mut entry.pending
                && !pending.sent
            {
                pending.sent = true;
                entry.local_version += 1;
                store.save(&entry).await?;
            }
            batch.extend(entry.op());
        }
        if batch.is_empty() {
            continue;
        }
        let sent: Vec<Uuid> = batch.iter().map(|op| op.op_id).collect();
        let request = PushRequest { ops: batch };
        let answer = transport.push(&request).await.and_then(|r| {
            if r.acknowledges(&sent) {
                Ok(r)
            } else {
                Err(TransportError::Retry(
                    "服务器未确认接收，稍后重试".to_string(),
                ))
            }
        });
        match answer {
            Ok(response) => {
                for result in &response.results {
                    // Re-read: another save may have happened while the request was out.
                    let Some(mut entry) = store.load(result.report_id).await? else {
                        continue;
                    };
                    entry.apply_result(result, new_op_id());
                    store.save(&entry).await?;
                    match result.outcome {
                        Outcome::Applied | Outcome::AlreadyHad => run.applied += 1,
                        Outcome::Conflict => run.conflicts += 1,
                        Outcome::Rejected => run.rejected += 1,
                    }
                }
                run.sent += sent.len();
                progress(run.sent.min(total), total);
            }
            Err(error) => {
                let wait = match &error {
                    TransportError::Retry(_) => Some(None),
                    TransportError::Busy(secs) => {
                        Some(Some(Duration::seconds((*secs).min(86_400).cast_signed())))
                    }
                    _ => None,
                };
                if let Some(wait) = wait {
                    let message = error.to_string();
                    for op in &request.ops {
                        if let Some(mut entry) = store.load(op.report.id).await? {
                            match wait {
                                Some(wait) => entry.apply_busy(&message, now, wait),
                                None => entry.apply_failure(&message, now),
                            }
                            store.save(&entry).await?;
                        }
                    }
                }
                return finish(store, meta, run, Some(error)).await;
            }
        }
    }
    // Pull review changes of the unit's reports since the cursor.
    loop {
        let page = match transport.pull(meta.cursor).await {
            Ok(page) if page.ack == crate::sync::ACK => page,
            Ok(_) => {
                let e = TransportError::Retry("服务器未确认，稍后重试".to_string());
                return finish(store, meta, run, Some(e)).await;
            }
            Err(e) => return finish(store, meta, run, Some(e)).await,
        };
        let mut entries: HashMap<Uuid, OutboxEntry> = store
            .load_all()
            .await?
            .into_iter()
            .map(|e| (e.report.id, e))
            .collect();
        for change in &page.changes {
            if let Some(entry) = entries.get_mut(&change.report_id) {
                entry.apply_change(change);
                store.save(entry).await?;
                run.changes += 1;
            }
        }
        run.catalogue_stale =
            meta.catalogue_version.as_deref() != Some(page.catalogue_version.as_str());
        meta.cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    meta.last_success_at = Some(now);
    finish(store, meta, run, None).await
}

async fn finish<S: OutboxStore>(
    store: &mut S,
    mut meta: SyncMeta,
    mut run: SyncRun,
    failure: Option<TransportError>,
) -> Result<SyncRun, StoreFailure> {
    meta.paused = match &failure {
        Some(TransportError::SignInRequired) => Some(Pause::SignIn),
        Some(TransportError::ClientTooOld) => Some(Pause::Update),
        _ => None,
    };
    meta.last_error = failure.as_ref().map(ToString::to_string);
    store.save_meta(&meta).await?;
    run.failure = failure;
    Ok(run)
}

/// An in-memory store: the native tests' phone.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    pub entries: HashMap<Uuid, OutboxEntry>,
    pub meta: SyncMeta,
}

impl MemoryStore {
    /// Puts a report in, as a save would (for tests that set up a phone).
    pub fn insert(&mut self, entry: OutboxEntry) {
        self.entries.insert(entry.report.id, entry);
    }

    /// Every report on this phone, in no particular order.
    pub fn all(&self) -> Vec<OutboxEntry> {
        self.entries.values().cloned().collect()
    }
}

impl OutboxStore for MemoryStore {
    async fn load_all(&self) -> Result<Vec<OutboxEntry>, StoreFailure> {
        Ok(self.all())
    }

    async fn load(&self, id: Uuid) -> Result<Option<OutboxEntry>, StoreFailure> {
        Ok(self.entries.get(&id).cloned())
    }

    async fn save(&mut self, entry: &OutboxEntry) -> Result<(), StoreFailure> {
        self.insert(entry.clone());
        Ok(())
    }

    async fn remove(&mut self, id: Uuid) -> Result<(), StoreFailure> {
        self.entries.remove(&id);
        Ok(())
    }

    async fn load_meta(&self) -> Result<SyncMeta, StoreFailure> {
        Ok(self.meta.clone())
    }

    async fn save_meta(&mut self, meta: &SyncMeta) -> Result<(), StoreFailure> {
        self.meta = meta.clone();
        Ok(())
    }
}
