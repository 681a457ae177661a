//! argon2id password hashes. The argon2 crate's defaults (m = 19 MiB, t = 2, p = 1) are
//! OWASP's recommendation. Hashing is deliberately slow, so it runs off the async threads.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// The PHC string (`$argon2id$v=19$…`) of a password.
pub async fn hash_password(password: &str) -> Result<String, String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| format!("密码无法加密：{e}"))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Whether `password` matches `hash`. With no hash (unknown user) a dummy check runs, so a
/// wrong username takes as long as a wrong password and does not reveal which it was.
pub async fn verify_password(password: &str, hash: Option<&str>) -> bool {
    // A real hash of a random string, computed once: verifying against it costs the same.
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = match hash {
        Some(h) => h.to_string(),
        None => DUMMY
            .get_or_init(|| {
                Argon2::default()
                    .hash_password(b"no such user: timing equaliser")
                    .map(|h| h.to_string())
                    .unwrap_or_default()
            })
            .clone(),
    };
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hash = hash_password("民生实事台账 2024").await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
        assert!(verify_password("民生实事台账 2024", Some(&hash)).await);
        assert!(!verify_password("民生实事台账 2025", Some(&hash)).await);
        assert!(!verify_password("anything", None).await);
        assert!(!verify_password("anything", Some("not a hash")).await);
    }
}
