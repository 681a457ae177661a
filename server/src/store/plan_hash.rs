use app::domain::plan_file::NewPlan;
use sha2::{Digest, Sha256};

/// SHA-256 (hex) of a plan's canonical JSON. Two imports of the same plan give the same
/// hash whatever the file's formatting or comments, so re-importing is recognised.
pub fn plan_content_hash(plan: &NewPlan) -> String {
    // Serializing plain structs of strings and numbers cannot fail.
    sha256_hex(&serde_json::to_vec(plan).unwrap_or_default())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
