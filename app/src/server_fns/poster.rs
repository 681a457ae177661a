//! The 民生码 poster of an item: what is printed on it, and, for signed-in staff, how often
//! it has been scanned.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::plan::{Item, PlanSummary};
use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PosterPage {
    pub plan: PlanSummary,
    pub item: Item,
    /// The link the QR code carries (it counts the scan, then shows the item's page).
    pub link: String,
    /// The QR code, drawn on the server.
    pub qr: crate::domain::poster::QrDrawing,
    pub hotline: String,
    /// Scans so far, every day summed: for signed-in staff only.
    pub scans: Option<u64>,
}

#[server(prefix = "/fn", endpoint = "poster")]
pub async fn get_poster(plan: String, number: u32) -> Result<PosterPage, AppError> {
    use crate::domain::poster::{PosterSettings, qr_drawing, scan_link};
    use crate::server_fns::ssr;
    // Contexts first, before any await (see `ssr::store`).
    let store = ssr::store()?;
    let settings = use_context::<PosterSettings>().unwrap_or_default();
    let signed_in = crate::session::current_viewer().is_some();
    let base = settings.public_url.clone().unwrap_or_else(request_origin);
    let detail = ssr::plan_of(&store, &plan).await?;
    let item = detail
        .item(number)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("该计划中没有序号为 {number} 的项目。")))?;
    let link = scan_link(&base, &plan, number);
    let qr = qr_drawing(&link).ok_or_else(|| {
        AppError::Invalid("网址过长，无法生成二维码；请检查 --public-url 设置。".to_string())
    })?;
    let scans = if signed_in {
        let counts = store.scan_counts(&plan).await.map_err(ssr::unavailable)?;
        Some(
            counts
                .into_iter()
                .find_map(|(n, c)| (n == number).then_some(c))
                .unwrap_or(0),
        )
    } else {
        None
    };
    Ok(PosterPage {
        plan: detail.summary,
        item,
        link,
        qr,
        hotline: settings.hotline,
        scans,
    })
}

/// `scheme://host` of the request being rendered: the poster's link when no public address
/// is set. Behind a proxy, its `X-Forwarded-Proto` says whether the public side is HTTPS.
#[cfg(feature = "ssr")]
fn request_origin() -> String {
    let parts = use_context::<http::request::Parts>();
    let header = |name: &str| {
        parts
            .as_ref()
            .and_then(|p| p.headers.get(name))
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let scheme = header("x-forwarded-proto")
        .filter(|s| s == "https" || s == "http")
        .unwrap_or_else(|| "http".to_string());
    let host = header("host")
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or_else(|| "localhost".to_string());
    format!("{scheme}://{host}")
}
