//! Device services reached through JavaScript: persistent storage and its use, Web Locks,
//! the service worker, online events, timers, the local date.

use chrono::NaiveDate;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| w.navigator().into())
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

async fn call_promise(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let f: Function = get(target, method)?.dyn_into().ok()?;
    let array = js_sys::Array::new();
    for a in args {
        array.push(a);
    }
    let promise: Promise = f.apply(target, &array).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Asks the browser not to evict our data under storage pressure; `true` when granted.
pub async fn persist_storage() -> bool {
    let Some(storage) = navigator().and_then(|n| get(&n, "storage")) else {
        return false;
    };
    call_promise(&storage, "persist", &[])
        .await
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Bytes used and available to this site, when the browser tells.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let storage = navigator().and_then(|n| get(&n, "storage"))?;
    let estimate = call_promise(&storage, "estimate", &[]).await?;
    Some((
        get(&estimate, "usage")?.as_f64()?,
        get(&estimate, "quota")?.as_f64()?,
    ))
}

pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Today on the device's clock and time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// Runs `f` on every event `name` of the window (online, storage …) for the page's life.
pub fn on_window_event(name: &str, f: impl FnMut(web_sys::Event) + 'static) {
    if let Some(w) = web_sys::window() {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        let _ = w.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        closure.forget();
    }
}

/// Runs `f` every `ms` milliseconds for the page's life.
pub fn every(ms: i32, f: impl FnMut() + 'static) {
    if let Some(w) = web_sys::window() {
        let closure = Closure::<dyn FnMut()>::new(f);
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
            closure.as_ref().unchecked_ref(),
            ms,
        );
        closure.forget();
    }
}

/// Registers the service worker that makes the field pages open offline.
pub async fn register_service_worker() {
    let Some(container) = navigator().and_then(|n| get(&n, "serviceWorker")) else {
        return;
    };
    if call_promise(&container, "register", &[JsValue::from_str("/sw.js")])
        .await
        .is_none()
    {
        leptos::logging::warn!("service worker registration failed");
    }
}

/// Whether a new build's service worker waits to take over (after the next sync).
pub async fn update_waiting() -> bool {
    let Some(container) = navigator().and_then(|n| get(&n, "serviceWorker")) else {
        return false;
    };
    let Some(registration) = call_promise(&container, "getRegistration", &[]).await else {
        return false;
    };
    get(&registration, "waiting").is_some()
}

/// Lets a waiting service worker take over, then reloads into the new build. Called only
/// when no sync runs, so a new build never starts in the middle of one.
pub async fn activate_update() {
    let Some(container) = navigator().and_then(|n| get(&n, "serviceWorker")) else {
        return;
    };
    let Some(registration) = call_promise(&container, "getRegistration", &[]).await else {
        return;
    };
    if let Some(waiting) = get(&registration, "waiting") {
        let message = js_sys::Object::new();
        let _ = Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
        if let Ok(post) = get(&waiting, "postMessage")
            .map(|f| f.unchecked_into::<Function>())
            .ok_or(())
        {
            let _ = post.call1(&waiting, &message);
        }
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    }
}

/// A held Web Lock; released when dropped, or by `release`, which also waits until the
/// browser has let it go.
pub struct HeldLock {
    release: Option<Function>,
    /// `locks.request`'s promise: it settles once the lock is free again.
    freed: Option<Promise>,
}

impl HeldLock {
    /// Gives the lock back and waits until it is free: a request made as soon as the
    /// lock is dropped can still find it held, and be told that another tab syncs.
    pub async fn release(mut self) {
        self.give_back();
        if let Some(freed) = self.freed.take() {
            let _ = JsFuture::from(freed).await;
        }
    }

    fn give_back(&mut self) {
        if let Some(release) = self.release.take() {
            let _ = release.call0(&JsValue::UNDEFINED);
        }
    }
}

impl Drop for HeldLock {
    fn drop(&mut self) {
        self.give_back();
    }
}

/// Takes the Web Lock `name` if no other tab holds it. Browsers without Web Locks get a
/// lock that always succeeds (one tab is then all they can coordinate).
pub async fn try_lock(name: &str) -> Option<HeldLock> {
    let Some(locks) = navigator().and_then(|n| get(&n, "locks")) else {
        return Some(HeldLock {
            release: None,
            freed: None,
        });
    };
    let (granted_tx, granted_rx) = futures_channel_oneshot();
    let release_slot: std::rc::Rc<std::cell::RefCell<Option<Function>>> = Default::default();
    let slot = release_slot.clone();
    let mut granted_tx = Some(granted_tx);
    // The callback gets the lock (or null); the lock is held until its promise settles.
    let callback = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |lock: JsValue| {
        let got = !lock.is_null();
        if let Some(tx) = granted_tx.take() {
            tx(got);
        }
        if !got {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        let slot = slot.clone();
        Promise::new(&mut |resolve, _| {
            *slot.borrow_mut() = Some(resolve);
        })
    });
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let request: Function = get(&locks, "request")?.dyn_into().ok()?;
    let freed = request
        .call3(
            &locks,
            &JsValue::from_str(name),
            &options,
            callback.as_ref().unchecked_ref(),
        )
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok());
    callback.forget();
    let granted = granted_rx.await;
    let release = release_slot.borrow_mut().take();
    granted.then_some(HeldLock { release, freed })
}

/// A one-shot channel on a JS promise: the sender is a plain closure.
fn futures_channel_oneshot() -> (impl FnOnce(bool), impl std::future::Future<Output = bool>) {
    let resolver: std::rc::Rc<std::cell::RefCell<Option<Function>>> = Default::default();
    let slot = resolver.clone();
    let promise = Promise::new(&mut |resolve, _| {
        *slot.borrow_mut() = Some(resolve);
    });
    let send = move |value: bool| {
        if let Some(resolve) = resolver.borrow_mut().take() {
            let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_bool(value));
        }
    };
    let receive = async move {
        JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    (send, receive)
}
