//! Evidence on the phone: photos shrunk, hashed and kept in IndexedDB by `/evidence.js`,
//! and sent to the server by tus, one photo at a time, in `CHUNK_BYTES` chunks from the
//! offset the server confirms (`sync::upload`). A photo's bytes are deleted only after the
//! server confirmed all of them; an unsent photo is never dropped.

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use crate::domain::evidence::{GeoFix, PhotoMeta, PhotoPart, PhotoSource};
use crate::field::outbox::OutboxEntry;
use crate::sync::upload::{TUS_VERSION, next_chunk};

use super::transport::Deadline;

#[wasm_bindgen(raw_module = "/evidence.js")]
extern "C" {
    #[wasm_bindgen(js_name = preparePhoto, catch)]
    async fn prepare_photo(file: web_sys::File, photo_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = forgetPhoto, catch)]
    async fn forget_photo(photo_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = getPart, catch)]
    async fn get_part(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = deletePart, catch)]
    async fn delete_part(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = getUpload, catch)]
    async fn get_upload(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = putUpload, catch)]
    async fn put_upload(key: &str, json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = thumbUrl, catch)]
    async fn thumb_url_js(photo_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = locate)]
    async fn locate_js() -> JsValue;
}

fn js_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "浏览器无法保存照片".to_string())
}

/// What `preparePhoto` measured of the shrunk photo.
#[derive(Deserialize)]
struct Prepared {
    sha256: String,
    bytes: u64,
    width: u32,
    height: u32,
    thumb_sha256: String,
    thumb_bytes: u64,
    exif_taken_at: Option<chrono::NaiveDateTime>,
}

/// Shrinks, hashes and stores a picked photo; answers how the report declares it.
pub async fn attach(
    file: web_sys::File,
    source: PhotoSource,
    location: Option<GeoFix>,
) -> Result<PhotoMeta, String> {
    let id = Uuid::now_v7();
    let json = prepare_photo(file, &id.to_string())
        .await
        .map_err(|e| js_text(&e))?;
    let p: Prepared = super::json::from_text(&json.as_string().unwrap_or_default())
        .map_err(|e| format!("照片信息无法读取：{e}"))?;
    Ok(PhotoMeta {
        id,
        sha256: p.sha256,
        bytes: p.bytes,
        width: p.width,
        height: p.height,
        thumb_sha256: p.thumb_sha256,
        thumb_bytes: p.thumb_bytes,
        attached_at: chrono::Utc::now(),
        exif_taken_at: p.exif_taken_at,
        source,
        location,
    })
}

/// Deletes a photo taken off a report before it was ever sent.
pub async fn forget(photo: Uuid) {
    let _ = forget_photo(&photo.to_string()).await;
}

/// An object URL of the stored thumbnail, for the form and the list.
pub async fn thumb_url(photo: Uuid) -> Option<String> {
    thumb_url_js(&photo.to_string()).await.ok()?.as_string()
}

/// The phone's position, when the user allows it; `None` otherwise.
pub async fn locate() -> Option<GeoFix> {
    super::json::from_text(&locate_js().await.as_string()?).ok()
}

/// One part's upload, as kept on the phone.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct PartState {
    /// The upload's address on the server, once created.
    location: Option<String>,
    /// The server confirmed every byte.
    done: bool,
}

fn key(photo: Uuid, part: PhotoPart) -> String {
    format!("{photo}/{}", part.as_str())
}

async fn load_state(key: &str) -> PartState {
    match get_upload(key).await {
        Ok(v) => v
            .as_string()
            .and_then(|s| super::json::from_text(&s).ok())
            .unwrap_or_default(),
        Err(_) => PartState::default(),
    }
}

async fn save_state(key: &str, state: &PartState) -> Result<(), String> {
    let json = serde_json::to_string(state).map_err(|e| e.to_string())?;
    put_upload(key, &json)
        .await
        .map(|_| ())
        .map_err(|e| js_text(&e))
}

/// What one upload run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadRun {
    /// Parts still to send, per report.
    pub waiting: Vec<(Uuid, usize)>,
    /// Why the run stopped early (offline, signed out), if it did.
    pub failure: Option<String>,
}

/// Why one part could not go on.
enum Stop {
    /// The network or the server: try again later.
    Later(String),
    /// The server refused this part for good (its bytes differ from the declared hash).
    Refused(String),
    /// The server does not have the report's revision with this photo yet: push first.
    NotYet,
}

async fn send_raw(
    builder: RequestBuilder,
    body: Option<js_sys::Uint8Array>,
) -> Result<Response, Stop> {
    let deadline = Deadline::new();
    let builder = builder
        .header("tus-resumable", TUS_VERSION)
        .abort_signal(deadline.as_ref().map(|d| d.controller.signal()).as_ref());
    let request = match body {
        Some(b) => builder
            .header("content-type", "application/offset+octet-stream")
            .body(JsValue::from(b)),
        None => builder.build(),
    }
    .map_err(|e| Stop::Later(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|_| Stop::Later("网络不可用，照片稍后继续上传".to_string()))?;
    drop(deadline);
    match response.status() {
        401 => Err(Stop::Later(
            "登录已过期，请重新登录后继续上传照片".to_string(),
        )),
        500..=599 => Err(Stop::Later(format!(
            "服务器暂时无法处理（{}）",
            response.status()
        ))),
        _ => Ok(response),
    }
}

fn offset_of(response: &Response) -> Option<u64> {
    response.headers().get("upload-offset")?.trim().parse().ok()
}

async fn error_text(response: Response) -> String {
    #[derive(Deserialize)]
    struct Body {
        error: Detail,
    }
    #[derive(Deserialize)]
    struct Detail {
        message: String,
    }
    let text = response.text().await.unwrap_or_default();
    super::json::from_text::<Body>(&text)
        .map(|b| b.error.message)
        .unwrap_or_else(|_| "照片上传被拒绝".to_string())
}

/// Sends one part; `sent(bytes)` is told of every confirmed chunk.
async fn send_part(
    report: Uuid,
    photo: &PhotoMeta,
    part: PhotoPart,
    sent: &mut dyn FnMut(u64),
) -> Result<(), Stop> {
    let k = key(photo.id, part);
    let mut state = load_state(&k).await;
    if state.done {
        return Ok(());
    }
    let bytes: js_sys::Uint8Array = get_part(&k)
        .await
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .ok_or_else(|| Stop::Refused("本机找不到这张照片的数据".to_string()))?;
    let (sha256, length) = photo.part(part);
    let location = match state.location.clone() {
        Some(l) => l,
        None => {
            let b64 = base64_text;
            let meta = format!(
                "report_id {},photo_id {},part {},sha256 {}",
                b64(&report.to_string()),
                b64(&photo.id.to_string()),
                b64(part.as_str()),
                b64(sha256)
            );
            let created = send_raw(
                Request::post("/api/v1/uploads")
                    .header("upload-length", &length.to_string())
                    .header("upload-metadata", &meta),
                None,
            )
            .await?;
            match created.status() {
                201 => {}
                404 => return Err(Stop::NotYet),
                _ => return Err(Stop::Refused(error_text(created).await)),
            }
            let l = created
                .headers()
                .get("location")
                .ok_or_else(|| Stop::Later("服务器未给出上传地址".to_string()))?;
            state.location = Some(l.clone());
            save_state(&k, &state).await.map_err(Stop::Later)?;
            l
        }
    };
    // Where the server stands: after a cut, an answer lost or a restart, it decides.
    let head = send_raw(RequestBuilder::new(&location).method(Method::HEAD), None).await?;
    if head.status() == 404 {
        // Expired on the server (abandoned too long): start this part again.
        state.location = None;
        save_state(&k, &state).await.map_err(Stop::Later)?;
        return Err(Stop::Later("上传已过期，稍后重新上传".to_string()));
    }
    let mut confirmed =
        offset_of(&head).ok_or_else(|| Stop::Later("服务器未给出上传位置".to_string()))?;
    sent(confirmed);
    while let Some(range) = next_chunk(length, confirmed) {
        let chunk = bytes.subarray(range.start as u32, range.end as u32);
        let answer = send_raw(
            RequestBuilder::new(&location)
                .method(Method::PATCH)
                .header("upload-offset", &range.start.to_string()),
            Some(chunk),
        )
        .await?;
        match answer.status() {
            204 | 409 => {
                let at = offset_of(&answer)
                    .ok_or_else(|| Stop::Later("服务器未给出上传位置".to_string()))?;
                sent(at.saturating_sub(confirmed));
                confirmed = at;
            }
            460 => return Err(Stop::Refused(error_text(answer).await)),
            _ => return Err(Stop::Refused(error_text(answer).await)),
        }
    }
    state.done = true;
    save_state(&k, &state).await.map_err(Stop::Later)?;
    // Confirmed whole: the photo's bytes may go; the thumbnail stays for the list.
    if part == PhotoPart::Photo {
        let _ = delete_part(&k).await;
    }
    Ok(())
}

fn base64_text(s: &str) -> String {
    use base64_engine::encode;
    encode(s.as_bytes())
}

/// Standard base64, for tus metadata (a few short ASCII values: not worth a crate).
mod base64_engine {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

/// The parts of a report not yet confirmed by the server.
pub async fn waiting_parts(entry: &OutboxEntry) -> usize {
    let mut n = 0;
    for photo in &entry.report.photos {
        for part in [PhotoPart::Thumb, PhotoPart::Photo] {
            if !load_state(&key(photo.id, part)).await.done {
                n += 1;
            }
        }
    }
    n
}

/// Sends every waiting photo of reports the server already has, thumbnails first (the
/// reviewer sees something soonest), one part at a time. `progress(sent, total)` in bytes.
pub async fn upload_all(entries: &[OutboxEntry], mut progress: impl FnMut(u64, u64)) -> UploadRun {
    let mut run = UploadRun::default();
    let mut todo: Vec<(Uuid, PhotoMeta, PhotoPart)> = Vec::new();
    for entry in entries.iter().filter(|e| e.confirmed_revision.is_some()) {
        for part in [PhotoPart::Thumb, PhotoPart::Photo] {
            for photo in &entry.report.photos {
                if !load_state(&key(photo.id, part)).await.done {
                    todo.push((entry.report.id, photo.clone(), part));
                }
            }
        }
    }
    let total: u64 = todo.iter().map(|(_, p, part)| p.part(*part).1).sum();
    let mut done: u64 = 0;
    progress(0, total);
    for (report, photo, part) in &todo {
        let before = done;
        let mut sent = |n: u64| {
            done += n;
            progress(done, total);
        };
        match send_part(*report, photo, *part, &mut sent).await {
            Ok(()) => done = before + photo.part(*part).1,
            Err(Stop::NotYet) => {}
            Err(Stop::Refused(message)) => {
                run.failure = Some(format!("有照片无法上传：{message}"));
            }
            Err(Stop::Later(message)) => {
                run.failure = Some(message);
                break;
            }
        }
    }
    for entry in entries {
        let n = waiting_parts(entry).await;
        if n > 0 {
            run.waiting.push((entry.report.id, n));
        }
    }
    run
}
