//! The sync transport on `fetch`. Every answer is classified: only a parsed answer of our
//! protocol is a response; a timeout, an offline error, a 5xx or a captive portal's page
//! mean "send again later"; 401 pauses for sign-in; 426 asks for an update.

use gloo_net::http::{Request, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::field::engine::{Transport, TransportError};
use crate::sync::{Catalogue, PullResponse, PushRequest, PushResponse};

/// A request that has not answered in this long is given up (and retried later).
const TIMEOUT_MS: i32 = 30_000;

#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

/// Aborts the request after `TIMEOUT_MS` unless it finished first.
pub(super) struct Deadline {
    pub(super) controller: web_sys::AbortController,
    timer: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Deadline {
    pub(super) fn new() -> Option<Self> {
        let controller = web_sys::AbortController::new().ok()?;
        let abort = controller.clone();
        let callback = Closure::<dyn FnMut()>::new(move || abort.abort());
        let timer = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                TIMEOUT_MS,
            )
            .ok()?;
        Some(Deadline {
            controller,
            timer,
            _callback: callback,
        })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.timer);
        }
    }
}

async fn send(
    request: gloo_net::http::RequestBuilder,
    body: Option<String>,
) -> Result<Response, TransportError> {
    let deadline = Deadline::new();
    let request = request.abort_signal(deadline.as_ref().map(|d| d.controller.signal()).as_ref());
    let request = match body {
        Some(b) => request.header("content-type", "application/json").body(b),
        None => request.build(),
    }
    .map_err(|e| TransportError::Retry(e.to_string()))?;
    let response = request
        .send()
        .await
        .map_err(|_| TransportError::Retry("网络不可用或请求超时，稍后自动重试".to_string()))?;
    drop(deadline);
    match response.status() {
        200..=299 => Ok(response),
        401 => Err(TransportError::SignInRequired),
        426 => Err(TransportError::ClientTooOld),
        // Too many pushes from this account: wait as long as the server asks.
        429 => Err(TransportError::Busy(
            response
                .headers()
                .get("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(60),
        )),
        status => Err(TransportError::Retry(format!(
            "服务器暂时无法处理（{status}），稍后自动重试"
        ))),
    }
}

async fn parse<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, TransportError> {
    // A captive portal answers 200 with its own page: that is not an answer of ours.
    let text = response.text().await.ok();
    text.and_then(|t| super::json::from_text(&t).ok())
        .ok_or_else(|| {
            TransportError::Retry(
                "收到的不是服务器的确认（可能需要先登录 Wi-Fi），稍后重试".to_string(),
            )
        })
}

impl Transport for FetchTransport {
    async fn push(&self, request: &PushRequest) -> Result<PushResponse, TransportError> {
        let body =
            serde_json::to_string(request).map_err(|e| TransportError::Retry(e.to_string()))?;
        parse(send(Request::post("/api/v1/sync/push"), Some(body)).await?).await
    }

    async fn pull(&self, cursor: i64) -> Result<PullResponse, TransportError> {
        parse(
            send(
                Request::get(&format!("/api/v1/sync/pull?cursor={cursor}")),
                None,
            )
            .await?,
        )
        .await
    }
}

pub async fn fetch_catalogue() -> Result<Catalogue, TransportError> {
    parse(send(Request::get("/api/v1/sync/catalogue"), None).await?).await
}
