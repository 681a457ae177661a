//! Who is on the other end of a request: the address (for throttling) and the user agent
//! (recorded with the session so a user can tell their devices apart).

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use http::request::Parts;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientInfo {
    pub address: String,
    pub user_agent: String,
}

impl ClientInfo {
    /// Reads the peer address, or with `trust_proxy` the last hop of `X-Forwarded-For`
    /// (set by our reverse proxy; never trusted otherwise, clients can forge it).
    pub fn from_parts(parts: &Parts, trust_proxy: bool) -> Self {
        let forwarded = trust_proxy
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        let user_agent = parts
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        ClientInfo {
            address: forwarded.or(peer).unwrap_or_else(|| "unknown".to_string()),
            user_agent,
        }
    }
}
