//! The stored form of a session token: only its SHA-256 is kept, so a copy of the
//! database does not hand out live sessions.

use sha2::{Digest, Sha256};

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
