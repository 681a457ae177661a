//! Public pages and the plan's JSON from memory (issue 16). What a signed-out visitor sees
//! changes only when the data behind it does, yet every request rendered it again: 1.7 ms
//! for the overview, 0.5 ms for the plan's JSON. Here the first answer is kept, already
//! compressed (brotli and gzip), and given to every later request with the same host, path
//! and query on the same day, until the database changes (`store::changes`): after any
//! write this server answers, on any change notice from the database, and at the latest
//! after `MAX_AGE`.
//!
//! Only what is the same for everyone is kept: requests without a cookie or credentials,
//! answers 200 in HTML or JSON that set no cookie and do not forbid keeping them. Health
//! checks and the rest of `/api` always run.
//!
//! A page with an island carries the nonce its Content-Security-Policy allows. A kept page
//! keeps its nonce, and `security::headers` answers it with that nonce's policy: the nonce
//! was unguessable before the page was made, the page is public and fixed by its address,
//! and any change (or a minute) makes a new page with a new nonce.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use sha2::{Digest, Sha256};

use super::security::CspNonce;
use crate::store::changes::Changes;

/// Says whether an answer came from memory (`hit`) or was made for this request (`miss`).
pub const CACHE_HEADER: &str = "x-taizhang-cache";

/// The longest a page is kept: what depends on the clock rather than the data (the day's
/// colours, an evaluation window closing) is at most this late, and a nonce this old.
pub const MAX_AGE: Duration = Duration::from_secs(60);

/// Pages kept at most (addresses with made-up queries cannot fill the memory); beyond it
/// the out-of-date ones go first, then all.
const MAX_ENTRIES: usize = 256;

/// The largest answer kept (the overview at a million reports is ~0.1 MB).
const MAX_BODY: usize = 16 << 20;

/// The pages kept by one server.
pub struct PageCache {
    changes: Arc<Changes>,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
}

/// One kept answer, in each encoding.
struct Entry {
    /// The change count it was made at.
    count: u64,
    made: Instant,
    /// Its headers as made, without length and encoding.
    headers: HeaderMap,
    nonce: Option<CspNonce>,
    etag: HeaderValue,
    plain: Bytes,
    gzip: Bytes,
    br: Bytes,
}

impl PageCache {
    pub fn new(changes: Arc<Changes>) -> Arc<PageCache> {
        Arc::new(PageCache {
            changes,
            entries: RwLock::new(HashMap::new()),
        })
    }

    fn fresh(&self, key: &str, count: u64) -> Option<Arc<Entry>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.count == count && e.made.elapsed() < MAX_AGE)
            .cloned()
    }

    fn keep(&self, key: String, entry: Arc<Entry>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            let now = self.changes.current();
            entries.retain(|_, e| Some(e.count) == now && e.made.elapsed() < MAX_AGE);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, entry);
    }
}

/// What identifies a keepable request, or `None` when it must run.
fn key(request: &Request) -> Option<String> {
    let method = request.method();
    if *method != Method::GET && *method != Method::HEAD {
        return None;
    }
    let headers = request.headers();
    if [header::COOKIE, header::AUTHORIZATION, header::RANGE]
        .iter()
        .any(|h| headers.contains_key(h))
    {
        return None;
    }
    let uri = request.uri();
    let path = uri.path();
    let kept_api = path == "/api/v1/plans" || path.starts_with("/api/v1/plans/");
    if (path.starts_with("/api/") && !kept_api) || matches!(path, "/livez" | "/readyz" | "/healthz")
    {
        return None;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let target = uri.path_and_query().map(|p| p.as_str()).unwrap_or(path);
    // The day is part of the key: pages "as of today" change at midnight, China time.
    let today = app::domain::china_time::today();
    Some(format!("{host} {target} {today}"))
}

/// Whether an answer is the same for everyone who asks.
fn keepable(response: &Response) -> bool {
    let headers = response.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let kind = text(header::CONTENT_TYPE);
    let cache_control = text(header::CACHE_CONTROL);
    response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !headers.contains_key(header::CONTENT_ENCODING)
        && (kind.starts_with("text/html") || kind.starts_with("application/json"))
        && !cache_control.contains("no-store")
        && !cache_control.contains("private")
}

/// The middleware: answers keepable requests from memory, keeps what they make, and marks
/// everything out of date after each write request.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let response = next.run(request).await;
        // After the write committed (the answer is made after it): a read that started
        // before this point carries the old count and is not kept as current. A refusal
        // (4xx) changed nothing, and must not let anyone empty the cache at will.
        if !response.status().is_client_error() {
            cache.changes.moved();
        }
        return response;
    }
    // The count is read before anything is: what is made from here is kept at this count,
    // so a change committed while it is made leaves it out of date, never current.
    let (Some(key), Some(count)) = (key(&request), cache.changes.current()) else {
        return next.run(request).await;
    };
    if let Some(entry) = cache.fresh(&key, count) {
        return entry.answer(&method, request.headers(), "hit");
    }
    let asked = request.headers().clone();
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let response = next.run(request).await;
    if method == Method::HEAD || !keepable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let plain = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(plain) => plain,
        Err(e) => {
            return super::ApiError::Internal(format!("a page could not be read whole: {e}"))
                .into_response();
        }
    };
    let nonce = nonce.filter(|n| contains(&plain, n.0.as_bytes()));
    let made = tokio::task::spawn_blocking(move || Entry::new(count, parts.headers, nonce, plain))
        .await
        .expect("compressing a page does not panic");
    let entry = Arc::new(made);
    cache.keep(key, entry.clone());
    entry.answer(&method, &asked, "miss")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

impl Entry {
    fn new(count: u64, mut headers: HeaderMap, nonce: Option<CspNonce>, plain: Bytes) -> Entry {
        for name in [
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
            header::TRANSFER_ENCODING,
        ] {
            headers.remove(name);
        }
        let digest = Sha256::digest(&plain);
        let tag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Entry {
            count,
            made: Instant::now(),
            headers,
            nonce,
            etag: HeaderValue::from_str(&format!("\"{tag}\"")).expect("hex is a header"),
            gzip: gzip(&plain),
            br: brotli(&plain),
            plain,
        }
    }

    fn answer(&self, method: &Method, asked: &HeaderMap, how: &'static str) -> Response {
        let mut response = Response::new(Body::empty());
        let headers = response.headers_mut();
        headers.clone_from(&self.headers);
        headers.insert(header::ETAG, self.etag.clone());
        // A shared proxy must not hand this copy to a signed-in browser.
        headers.insert(
            header::VARY,
            HeaderValue::from_static("accept-encoding, cookie"),
        );
        headers.insert(CACHE_HEADER, HeaderValue::from_static(how));
        if let Some(nonce) = &self.nonce {
            response.extensions_mut().insert(nonce.clone());
        }
        if super::encoding::holds(asked, self.etag.to_str().unwrap_or_default()) {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            return response;
        }
        let (bytes, coding) = if super::encoding::accepts(asked, "br") {
            (self.br.clone(), Some("br"))
        } else if super::encoding::accepts(asked, "gzip") {
            (self.gzip.clone(), Some("gzip"))
        } else {
            (self.plain.clone(), None)
        };
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        if *method != Method::HEAD {
            *response.body_mut() = Body::from(bytes);
        }
        response
    }
}

/// gzip at the default level: made once per page, read thousands of times.
fn gzip(plain: &[u8]) -> Bytes {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    out.write_all(plain).expect("writing to memory");
    Bytes::from(out.finish().expect("writing to memory"))
}

/// brotli at quality 5: within a few percent of the best for HTML, at a fraction of the time
/// (a miss pays it).
fn brotli(plain: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        writer.write_all(plain).expect("writing to memory");
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, path: &str, headers: &[(header::HeaderName, &str)]) -> Request {
        let mut builder = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            builder = builder.header(name, *value);
        }
        builder.body(Body::empty()).expect("request")
    }

    #[test]
    fn only_public_reads_of_pages_and_plans_are_kept() {
        let host = (header::HOST, "a.example");
        for (why, method, path, headers, kept) in [
            ("overview", Method::GET, "/", vec![host.clone()], true),
            (
                "plan JSON",
                Method::GET,
                "/api/v1/plans/p?as_of=2024-05-01",
                vec![host.clone()],
                true,
            ),
            ("HEAD", Method::HEAD, "/items/1", vec![], true),
            (
                "a cookie",
                Method::GET,
                "/",
                vec![(header::COOKIE, "taizhang_session=x")],
                false,
            ),
            (
                "credentials",
                Method::GET,
                "/",
                vec![(header::AUTHORIZATION, "Bearer x")],
                false,
            ),
            (
                "a range",
                Method::GET,
                "/",
                vec![(header::RANGE, "bytes=0-1")],
                false,
            ),
            ("a write", Method::POST, "/", vec![], false),
            ("readiness", Method::GET, "/readyz", vec![], false),
            ("who am I", Method::GET, "/api/v1/session", vec![], false),
            ("sync", Method::GET, "/api/v1/sync/pull", vec![], false),
        ] {
            assert_eq!(
                key(&request(method, path, &headers)).is_some(),
                kept,
                "{why}"
            );
        }
    }

    #[test]
    fn the_key_names_host_address_and_query() {
        let a = key(&request(Method::GET, "/?x=1", &[(header::HOST, "a")]));
        let b = key(&request(Method::GET, "/?x=2", &[(header::HOST, "a")]));
        let c = key(&request(Method::GET, "/?x=1", &[(header::HOST, "b")]));
        assert_ne!(a, b);
        assert_ne!(a, c);
    }

    fn response(status: StatusCode, headers: &[(header::HeaderName, &str)]) -> Response {
        let mut builder = Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(name, *value);
        }
        builder.body(Body::empty()).expect("response")
    }

    #[test]
    fn only_answers_the_same_for_everyone_are_kept() {
        let html = (header::CONTENT_TYPE, "text/html; charset=utf-8");
        for (why, status, headers, kept) in [
            ("a page", StatusCode::OK, vec![html.clone()], true),
            (
                "JSON",
                StatusCode::OK,
                vec![(header::CONTENT_TYPE, "application/json")],
                true,
            ),
            (
                "not found",
                StatusCode::NOT_FOUND,
                vec![html.clone()],
                false,
            ),
            (
                "unavailable",
                StatusCode::SERVICE_UNAVAILABLE,
                vec![html.clone()],
                false,
            ),
            (
                "sets a cookie",
                StatusCode::OK,
                vec![html.clone(), (header::SET_COOKIE, "a=b")],
                false,
            ),
            (
                "no-store",
                StatusCode::OK,
                vec![html.clone(), (header::CACHE_CONTROL, "no-store")],
                false,
            ),
            (
                "a download",
                StatusCode::OK,
                vec![(header::CONTENT_TYPE, "text/csv")],
                false,
            ),
            (
                "an image",
                StatusCode::OK,
                vec![(header::CONTENT_TYPE, "image/jpeg")],
                false,
            ),
        ] {
            assert_eq!(keepable(&response(status, &headers)), kept, "{why}");
        }
    }

    #[test]
    fn a_kept_answer_comes_in_the_encoding_asked_and_as_304_when_held() {
        let plain = Bytes::from("<p>民生实事</p>".repeat(100));
        let entry = Entry::new(1, HeaderMap::new(), None, plain.clone());
        let mut asked = HeaderMap::new();
        asked.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let gz = entry.answer(&Method::GET, &asked, "hit");
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let mut decoded = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&entry.gzip[..]),
            &mut decoded,
        )
        .expect("gzip");
        assert_eq!(decoded.as_bytes(), &plain[..]);
        let mut unbr = Vec::new();
        std::io::Read::read_to_end(
            &mut brotli::Decompressor::new(&entry.br[..], 4096),
            &mut unbr,
        )
        .expect("brotli");
        assert_eq!(unbr, plain);
        let etag = gz.headers()[header::ETAG].clone();
        asked.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(
            entry.answer(&Method::GET, &asked, "hit").status(),
            StatusCode::NOT_MODIFIED
        );
    }
}
