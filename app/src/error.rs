//! The error the pages' server functions return. It crosses the wire, so it carries only
//! what a user may read: internal details are logged on the server, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist; the text says what, in Chinese.
    #[error("{0}")]
    NotFound(String),
    /// The page needs a signed-in user.
    #[error("请先登录。")]
    SignInRequired,
    /// Signed in, but the user's role does not allow this; the text says why.
    #[error("{0}")]
    Forbidden(String),
    /// The request itself is wrong (a malformed month, say); the text says how.
    #[error("{0}")]
    Invalid(String),
    /// Storage or transport failed; details are in the server log.
    #[error("数据暂时无法加载，请稍后刷新重试。")]
    Unavailable,
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(e: ServerFnErrorErr) -> Self {
        match e {
            // The caller's arguments could not be read: their fault, not ours (422).
            ServerFnErrorErr::Args(_) => AppError::Invalid("请求参数无效。".to_string()),
            _ => AppError::Unavailable,
        }
    }
}
