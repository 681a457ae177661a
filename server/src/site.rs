//! The built browser assets: where they are and what the hashed files are called.

use std::path::Path;

use app::SiteAssets;

/// Reads `pkg/assets.json` written by the site build. Without it (a `cargo leptos` build)
/// the unhashed default names are used.
pub fn load_assets(site_root: &Path) -> SiteAssets {
    let manifest = site_root.join("pkg").join("assets.json");
    match std::fs::read_to_string(&manifest) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %manifest.display(), error = %e, "unreadable asset manifest");
            SiteAssets::default()
        }),
        Err(_) => {
            tracing::warn!(
                path = %manifest.display(),
                "no asset manifest; the pages will work without JavaScript only if the site was not built"
            );
            SiteAssets::default()
        }
    }
}

/// Whether the assets carry content hashes, so browsers may cache them forever.
pub fn hashed(site_root: &Path) -> bool {
    site_root.join("pkg").join("assets.json").exists()
}
