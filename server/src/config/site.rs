//! The built browser assets: where they are and what the hashed files are called.

use std::net::SocketAddr;
use std::path::Path;

use leptos::prelude::LeptosOptions;
use serde::Deserialize;

/// `pkg/assets.json`, written by the site build (.ci/lib/site.sh).
#[derive(Deserialize)]
struct AssetManifest {
    /// `taizhang.<hash>`: the JS is `<name>.js`, the WASM `<name>_bg.wasm` (the styles are
    /// in the pages).
    name: String,
    /// The field page's bundle, `taizhang-field.<hash>` (`.js`, `_bg.wasm`).
    field: Option<String>,
}

/// What the site build produced: Leptos options, whether names are hashed, and the field
/// page's bundle.
pub struct Site {
    pub options: LeptosOptions,
    pub hashed: bool,
    pub field_bundle: Option<String>,
}

/// Leptos options for the site in `site_root`, and whether its assets carry content hashes
/// (then browsers may cache them for a year). Without a manifest (a `cargo leptos` build)
/// the unhashed name `taizhang` is used.
pub fn load(site_root: &Path, addr: SocketAddr) -> Site {
    let manifest_path = site_root.join("pkg").join("assets.json");
    let manifest = std::fs::read_to_string(&manifest_path)
        .ok()
        .and_then(|text| match serde_json::from_str::<AssetManifest>(&text) {
            Ok(m) => Some(m),
            Err(e) => {
                tracing::warn!(path = %manifest_path.display(), error = %e, "unreadable asset manifest");
                None
            }
        });
    if manifest.is_none() {
        tracing::warn!(
            path = %manifest_path.display(),
            "no asset manifest: pages are served, but their interactive parts need a built site"
        );
    }
    let hashed = manifest.is_some();
    let field_bundle = manifest.as_ref().and_then(|m| m.field.clone());
    let name = manifest.map_or_else(|| "taizhang".to_string(), |m| m.name);
    let options = LeptosOptions::builder()
        .output_name(name)
        .site_root(site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    Site {
        options,
        hashed,
        field_bundle,
    }
}
