//! JSON read by the browser's own parser (`JSON.parse`) and turned into our types by our
//! own small deserializer (`js_value`). serde_json's reader, inlined into every type read,
//! was the largest single part of the field bundle (about an eighth of it); writing stays
//! with serde_json, whose writer is small. What was stored by serde_json reads back the
//! same way: both are plain JSON.

use serde::de::DeserializeOwned;

/// Reads `text` as a `T`; the error says why in words a log can hold.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_string())?;
    super::js_value::from_value(value).map_err(|e| e.to_string())
}
