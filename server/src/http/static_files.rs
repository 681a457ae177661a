//! The built files under `/pkg` (content-hashed names: they never change while the server
//! runs), held in memory with their brotli and gzip forms, read once at start. A request
//! then costs no disk read and no compression: the encoding the browser takes best (br,
//! then gzip, else the plain bytes) with its type, length and an ETag, or 304.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use sha2::{Digest, Sha256};

/// The files of one folder, by name.
#[derive(Clone, Default)]
pub struct StaticFiles(Arc<HashMap<String, StaticFile>>);

struct StaticFile {
    plain: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
    content_type: &'static str,
    etag: HeaderValue,
}

/// The type of a built file, by its extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

impl StaticFiles {
    /// Every file of `dir` (not its subfolders), each `.br` and `.gz` as an encoding of
    /// the file it names. A missing folder holds nothing (a server without a built site).
    pub fn load(dir: &Path) -> std::io::Result<StaticFiles> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(StaticFiles::default());
        };
        let mut read: HashMap<String, Bytes> = HashMap::new();
        for entry in entries {
            let entry = entry?;
            if !entry.file_type()?.is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            read.insert(name, Bytes::from(std::fs::read(entry.path())?));
        }
        let mut files = HashMap::new();
        for (name, plain) in &read {
            if name.ends_with(".br") || name.ends_with(".gz") {
                continue;
            }
            let digest = Sha256::digest(plain);
            let tag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
            files.insert(
                name.clone(),
                StaticFile {
                    plain: plain.clone(),
                    br: read.get(&format!("{name}.br")).cloned(),
                    gzip: read.get(&format!("{name}.gz")).cloned(),
                    content_type: content_type(name),
                    etag: HeaderValue::from_str(&format!("\"{tag}\"")).expect("hex is a header"),
                },
            );
        }
        Ok(StaticFiles(Arc::new(files)))
    }

    fn answer(&self, name: &str, method: &Method, headers: &HeaderMap) -> Response {
        let Some(file) = self.0.get(name) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if *method != Method::GET && *method != Method::HEAD {
            return (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET, HEAD")],
            )
                .into_response();
        }
        let base = [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            ),
            (header::ETAG, file.etag.clone()),
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ];
        if super::encoding::holds(headers, file.etag.to_str().unwrap_or_default()) {
            return (StatusCode::NOT_MODIFIED, base).into_response();
        }
        let accepts = |coding: &str| super::encoding::accepts(headers, coding);
        let (bytes, coding) = match (&file.br, &file.gzip) {
            (Some(br), _) if accepts("br") => (br.clone(), Some("br")),
            (_, Some(gzip)) if accepts("gzip") => (gzip.clone(), Some("gzip")),
            _ => (file.plain.clone(), None),
        };
        let length = bytes.len();
        let body = if *method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(bytes)
        };
        let mut response = (StatusCode::OK, base, body).into_response();
        let h = response.headers_mut();
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        if let Some(coding) = coding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    }
}

/// `/pkg/{name}` from memory.
pub async fn serve(State(files): State<StaticFiles>, request: Request) -> Response {
    let name = request.uri().path().trim_start_matches('/').to_string();
    files.answer(&name, request.method(), request.headers())
}
