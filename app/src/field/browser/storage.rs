//! Reports on the device: one `localStorage` key per report, holding the report and its
//! sync state, so each save is one atomic write. A refused write (quota, private mode) is
//! an error the user sees, never swallowed.

use gloo_storage::{LocalStorage, Storage};
use uuid::Uuid;

use crate::field::engine::{OutboxStore, StoreFailure, SyncMeta};
use crate::field::outbox::OutboxEntry;
use crate::sync::Catalogue;

const REPORT_PREFIX: &str = "taizhang.report.";
const META_KEY: &str = "taizhang.sync-meta";
const CATALOGUE_KEY: &str = "taizhang.catalogue";

fn failure(e: impl std::fmt::Display) -> StoreFailure {
    StoreFailure(format!("{e}（本机存储空间可能已满，或浏览器禁止了存储）"))
}

/// The report store on `localStorage`; behind `OutboxStore` so IndexedDB can replace it.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalOutbox;

impl OutboxStore for LocalOutbox {
    fn load_all(&self) -> Result<Vec<OutboxEntry>, StoreFailure> {
        let raw = LocalStorage::raw();
        let n = raw.length().map_err(|_| failure("无法读取本机存储"))?;
        let mut out = Vec::new();
        for i in 0..n {
            let Ok(Some(key)) = raw.key(i) else { continue };
            if !key.starts_with(REPORT_PREFIX) {
                continue;
            }
            match LocalStorage::get::<OutboxEntry>(&key) {
                Ok(entry) => out.push(entry),
                // Kept as it is (never deleted); a newer build may read it.
                Err(e) => leptos::logging::error!("unreadable report {key}: {e}"),
            }
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.report.captured_at));
        Ok(out)
    }

    fn load(&self, id: Uuid) -> Result<Option<OutboxEntry>, StoreFailure> {
        Ok(LocalStorage::get(format!("{REPORT_PREFIX}{id}")).ok())
    }

    fn save(&mut self, entry: &OutboxEntry) -> Result<(), StoreFailure> {
        LocalStorage::set(format!("{REPORT_PREFIX}{}", entry.report.id), entry).map_err(failure)
    }

    fn remove(&mut self, id: Uuid) -> Result<(), StoreFailure> {
        LocalStorage::delete(format!("{REPORT_PREFIX}{id}"));
        Ok(())
    }

    fn load_meta(&self) -> Result<SyncMeta, StoreFailure> {
        Ok(LocalStorage::get(META_KEY).unwrap_or_default())
    }

    fn save_meta(&mut self, meta: &SyncMeta) -> Result<(), StoreFailure> {
        LocalStorage::set(META_KEY, meta).map_err(failure)
    }
}

pub fn load_catalogue() -> Option<Catalogue> {
    LocalStorage::get(CATALOGUE_KEY).ok()
}

pub fn save_catalogue(catalogue: &Catalogue) -> Result<(), StoreFailure> {
    LocalStorage::set(CATALOGUE_KEY, catalogue).map_err(failure)
}

/// Whether a storage event concerns our data (another tab saved or synced).
pub fn is_ours(key: &str) -> bool {
    key.starts_with(REPORT_PREFIX) || key == META_KEY || key == CATALOGUE_KEY
}
