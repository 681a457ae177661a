//! Sign-in, passwords, session tokens and cookies, throttling. No axum here: the request
//! side (loading the session, the same-origin check) is `http::session` and `http::csrf`.
//!
//! Sessions are server-side rows (so several server processes share them); the browser
//! holds only a random token in an HttpOnly, SameSite cookie.

mod client;
mod cookie;
mod password;
mod sign_in;
pub mod throttle;
mod token;

use std::time::Duration;

pub use client::ClientInfo;
pub use cookie::{SESSION_COOKIE, clear_session_cookie, session_cookie, session_token};
pub use password::{hash_password, verify_password};
pub use sign_in::{SignInError, SignedIn, sign_in, sign_out};
pub use throttle::ThrottleSettings;
pub use token::token_hash;

/// Pushes per account and minute unless set (`--push-limit-per-minute`).
pub const DEFAULT_PUSH_PER_MINUTE: u32 = 120;

/// Sign-in settings (flags and environment of `taizhang serve`).
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Lifetime of a field worker's sign-in: long, they work offline for days.
    pub field_session: Duration,
    /// Lifetime of an office sign-in.
    pub office_session: Duration,
    /// Mark the cookie `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy only).
    pub trust_proxy: bool,
    /// Sync pushes one account may make per minute (`service::push_limit`).
    pub push_per_minute: u32,
    pub throttle: ThrottleSettings,
}

impl AuthSettings {
    /// Whether this request's cookie must be `Secure`: always with `secure_cookies`, and
    /// behind a trusted reverse proxy whenever it says the browser used HTTPS.
    pub fn secure_cookie_for(&self, headers: &http::HeaderMap) -> bool {
        self.secure_cookies
            || (self.trust_proxy
                && headers
                    .get("x-forwarded-proto")
                    .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")))
    }
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            field_session: Duration::from_secs(30 * 24 * 3600),
            office_session: Duration::from_secs(12 * 3600),
            secure_cookies: false,
            trust_proxy: false,
            push_per_minute: DEFAULT_PUSH_PER_MINUTE,
            throttle: ThrottleSettings::default(),
        }
    }
}
