//! A log line for every request the network cut off: when a client goes away before its
//! answer is ready, hyper drops the handler mid-way and nothing else would say so. An
//! operator chasing "sync fails in 石桥镇" then sees the aborted pushes and how long each ran.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// Logs on drop unless the answer was produced.
struct CutOffGuard {
    method: http::Method,
    path: String,
    started: Instant,
    answered: bool,
}

impl Drop for CutOffGuard {
    fn drop(&mut self) {
        if !self.answered {
            tracing::warn!(
                method = %self.method,
                path = %self.path,
                elapsed_ms = self.started.elapsed().as_millis() as u64,
                "request aborted: the client went away before the answer was ready"
            );
        }
    }
}

pub async fn log_cut_requests(req: Request, next: Next) -> Response {
    let mut guard = CutOffGuard {
        method: req.method().clone(),
        path: req.uri().path().to_string(),
        started: Instant::now(),
        answered: false,
    };
    let response = next.run(req).await;
    guard.answered = true;
    response
}
