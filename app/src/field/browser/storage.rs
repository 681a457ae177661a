//! Reports on the device: one IndexedDB record per report (`/outbox.js`), holding the
//! report and its sync state as JSON, so each save is one atomic, durable write. A refused
//! write (quota, private mode) is an error the user sees, never swallowed. Reports an
//! earlier build kept in `localStorage` are moved over by `/outbox.js` before any read.
//! The catalogue stays in `localStorage`: it is small, and the server can always resend it.
//! So does the form being typed (`field::draft`): one synchronous write per change, which a
//! killed tab cannot leave half done.

use gloo_storage::{LocalStorage, Storage};
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use crate::field::draft::Draft;
use crate::field::engine::{OutboxStore, StoreFailure, SyncMeta};
use crate::field::outbox::{OutboxEntry, capture_order};
use crate::sync::Catalogue;

const CATALOGUE_KEY: &str = "taizhang.catalogue";

#[wasm_bindgen(raw_module = "/outbox.js")]
extern "C" {
    #[wasm_bindgen(js_name = allReports, catch)]
    async fn all_reports() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = getReport, catch)]
    async fn get_report(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = putReport, catch)]
    async fn put_report(id: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = deleteReport, catch)]
    async fn delete_report(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = getMeta, catch)]
    async fn get_meta() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = putMeta, catch)]
    async fn put_meta(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = onChange)]
    fn on_change_js(callback: &Closure<dyn FnMut()>);
}

fn failure(e: &JsValue) -> StoreFailure {
    let why = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "浏览器拒绝写入".to_string());
    StoreFailure(format!("{why}（本机存储空间可能已满，或浏览器禁止了存储）"))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Option<T> {
    match super::json::from_text(text) {
        Ok(value) => Some(value),
        // Kept as it is (never deleted); a newer build may read it.
        Err(e) => {
            leptos::logging::error!("unreadable {what}: {e}");
            None
        }
    }
}

/// The report store on IndexedDB.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeviceOutbox;

impl OutboxStore for DeviceOutbox {
    async fn load_all(&self) -> Result<Vec<OutboxEntry>, StoreFailure> {
        let texts = all_reports().await.map_err(|e| failure(&e))?;
        let read: Vec<OutboxEntry> = js_sys::Array::from(&texts)
            .iter()
            .filter_map(|v| v.as_string())
            .filter_map(|text| parse(&text, "report"))
            .collect();
        // Newest first, moved (not copied) into place.
        let order = capture_order(&read, &|_| true);
        let mut slots: Vec<Option<OutboxEntry>> = read.into_iter().map(Some).collect();
        Ok(order
            .into_iter()
            .rev()
            .filter_map(|i| slots[i].take())
            .collect())
    }

    async fn load(&self, id: Uuid) -> Result<Option<OutboxEntry>, StoreFailure> {
        let text = get_report(&id.to_string()).await.map_err(|e| failure(&e))?;
        Ok(text.as_string().and_then(|t| parse(&t, "report")))
    }

    async fn save(&mut self, entry: &OutboxEntry) -> Result<(), StoreFailure> {
        let text = serde_json::to_string(entry).map_err(|e| StoreFailure(e.to_string()))?;
        put_report(&entry.report.id.to_string(), &text)
            .await
            .map(|_| ())
            .map_err(|e| failure(&e))
    }

    async fn remove(&mut self, id: Uuid) -> Result<(), StoreFailure> {
        delete_report(&id.to_string())
            .await
            .map(|_| ())
            .map_err(|e| failure(&e))
    }

    async fn load_meta(&self) -> Result<SyncMeta, StoreFailure> {
        let text = get_meta().await.map_err(|e| failure(&e))?;
        Ok(text
            .as_string()
            .and_then(|t| parse(&t, "sync state"))
            .unwrap_or_default())
    }

    async fn save_meta(&mut self, meta: &SyncMeta) -> Result<(), StoreFailure> {
        let text = serde_json::to_string(meta).map_err(|e| StoreFailure(e.to_string()))?;
        put_meta(&text).await.map(|_| ()).map_err(|e| failure(&e))
    }
}

/// Runs `f` whenever another tab saved or synced reports, for the page's life.
pub fn on_change(f: impl FnMut() + 'static) {
    let callback = Closure::<dyn FnMut()>::new(f);
    on_change_js(&callback);
    callback.forget();
}

/// The text kept under `key`, read back as a `T`.
fn load<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let text = LocalStorage::raw().get_item(key).ok()??;
    parse(&text, key)
}

pub fn load_catalogue() -> Option<Catalogue> {
    load(CATALOGUE_KEY)
}

pub fn save_catalogue(catalogue: &Catalogue) -> Result<(), StoreFailure> {
    LocalStorage::set(CATALOGUE_KEY, catalogue)
        .map_err(|e| StoreFailure(format!("{e}（本机存储空间可能已满，或浏览器禁止了存储）")))
}

/// Forgets the signed-in user's catalogue (on sign-out): the next user of the phone
/// starts from their own, fetched when they sign in.
pub fn forget_catalogue() {
    LocalStorage::delete(CATALOGUE_KEY);
}

/// Whether a storage event concerns our data (another tab refreshed the catalogue).
pub fn is_ours(key: &str) -> bool {
    key == CATALOGUE_KEY
}

/// The draft `viewer` left on this phone, if any.
pub fn load_draft(viewer: i64) -> Option<Draft> {
    Draft::for_viewer(load(&Draft::key(viewer)), viewer)
}

pub fn save_draft(draft: &Draft) -> Result<(), StoreFailure> {
    LocalStorage::set(Draft::key(draft.viewer), draft)
        .map_err(|e| StoreFailure(format!("{e}（本机存储空间可能已满，或浏览器禁止了存储）")))
}

pub fn clear_draft(viewer: i64) {
    LocalStorage::delete(Draft::key(viewer));
}
