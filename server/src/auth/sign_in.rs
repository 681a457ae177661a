//! Signing in and out, shared by the JSON API and the HTML form.

use std::time::Duration;

use chrono::Utc;

use app::domain::account::{Viewer, parse_username};
use app::domain::audit::Actor;
use app::store::{NewSession, Store, StoreError};

use super::password::verify_password;
use super::throttle::{account_key, address_key, wait_before_next, wait_message};
use super::token::token_hash;
use super::{AuthSettings, ClientInfo};

#[derive(Debug)]
pub struct SignedIn {
    /// The new session's token, for the cookie.
    pub token: String,
    pub viewer: Viewer,
    pub lifetime: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("用户名或密码错误。")]
    Invalid,
    #[error("账号已停用，请联系督查室。")]
    Disabled,
    #[error("{}", wait_message(*.0))]
    Throttled(Duration),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks the password (throttled per account and address) and starts a new session. The
/// browser's previous session, if any, is ended in the same transaction: a session id never
/// survives a sign-in.
pub async fn sign_in(
    store: &dyn Store,
    settings: &AuthSettings,
    username: &str,
    password: &str,
    client: &ClientInfo,
    previous_token_hash: Option<&str>,
) -> Result<SignedIn, SignInError> {
    // No account has a longer name or password; refusing them before any hashing keeps a
    // megabyte "password" from costing the server a second of argon2.
    if username.chars().count() > 64
        || password.chars().count() > app::domain::limits::MAX_PASSWORD_CHARS
    {
        return Err(SignInError::Invalid);
    }
    let username = parse_username(username).unwrap_or_else(|_| username.trim().to_lowercase());
    let keys = [account_key(&username), address_key(&client.address)];
    let now = Utc::now();
    let wait = wait_before_next(&store.login_attempts(&keys).await?, now, &settings.throttle);
    if !wait.is_zero() {
        return Err(SignInError::Throttled(wait));
    }
    let credentials = store.credentials(&username).await?;
    let ok = verify_password(
        password,
        credentials.as_ref().map(|c| c.password_hash.as_str()),
    )
    .await;
    let credentials = match credentials {
        Some(c) if ok => c,
        _ => {
            let window_start =
                now - chrono::Duration::from_std(settings.throttle.window).unwrap_or_default();
            store.record_login_failure(&keys, now, window_start).await?;
            return Err(SignInError::Invalid);
        }
    };
    if credentials.disabled {
        return Err(SignInError::Disabled);
    }
    store.clear_login_failures(&keys[0]).await?;
    let viewer: Viewer = store
        .user(credentials.id)
        .await?
        .ok_or(SignInError::Invalid)?
        .into();
    let lifetime = if viewer.is_field_staff() {
        settings.field_session
    } else {
        settings.office_session
    };
    let token = new_token();
    let session = NewSession {
        token_hash: token_hash(&token),
        user_id: viewer.id,
        created_at: now,
        expires_at: now + chrono::Duration::from_std(lifetime).unwrap_or_default(),
        client: format!("{} {}", client.address, client.user_agent),
    };
    let actor = Actor::user(viewer.id, &viewer.username);
    store
        .create_session(&session, previous_token_hash, &actor)
        .await?;
    Ok(SignedIn {
        token,
        viewer,
        lifetime,
    })
}

/// Ends the session with this token hash, written to the audit trail as the user's act.
pub async fn sign_out(
    store: &dyn Store,
    token_hash: &str,
    viewer: Option<&Viewer>,
) -> Result<bool, StoreError> {
    let actor = viewer.map_or_else(Actor::system, |v| Actor::user(v.id, &v.username));
    store.delete_session(token_hash, &actor).await
}

/// 256 random bits, hex-encoded.
fn new_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not something a request can recover from.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
