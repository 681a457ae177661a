//! Browser-only code of the field pages: the report store on IndexedDB, the sync
//! transport on `fetch`, and the device services (persistent storage, Web Locks, the
//! service worker, online events). Compiled with `hydrate` only.
//!
//! It lives in `app`, not `frontend`, because the islands that use it are defined here
//! (an island must compile for both the server and the browser).

pub mod device;
pub mod evidence;
pub mod js_value;
pub mod json;
pub mod storage;
pub mod transport;
