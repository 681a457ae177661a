//! 民生码: a printable poster per item whose QR code leads to the item's public page.
//! The QR link is short (`/q/{plan}/{item}`: fewer modules, so it still scans when printed
//! small or weathered) and counts a scan before it sends the visitor on; only the count per
//! item and day is kept, nothing about who scanned.

use serde::{Deserialize, Serialize};

/// The hotline printed when none is set: 12345, the government service hotline.
pub const DEFAULT_HOTLINE: &str = "12345";

/// Settings of the public side's posters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PosterSettings {
    /// Where the public reaches this site (`https://msss.example.gov.cn`); `None`: the
    /// address the poster page itself was asked for.
    pub public_url: Option<String>,
    /// The hotline or feedback line printed on every poster.
    pub hotline: String,
}

impl Default for PosterSettings {
    fn default() -> Self {
        PosterSettings {
            public_url: None,
            hotline: DEFAULT_HOTLINE.to_string(),
        }
    }
}

/// The path a poster's QR code carries.
pub fn scan_path(plan: &str, item: u32) -> String {
    format!("/q/{plan}/{item}")
}

/// The item page a scan leads to; `from=qr` lets the page thank the visitor for scanning
/// without any record of them.
pub fn item_path(plan: &str, item: u32) -> String {
    format!("/plans/{plan}/items/{item}?from=qr")
}

/// The QR code's full link: the public address (without a trailing slash) and the path.
pub fn scan_link(base: &str, plan: &str, item: u32) -> String {
    format!("{}{}", base.trim_end_matches('/'), scan_path(plan, item))
}

/// A QR code drawn as one SVG path of unit squares, `size` modules wide with its quiet
/// zone (4 modules on every side), to be scaled by CSS. The page draws it as an `<svg>`
/// element of its own: no markup from here is put into the page as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QrDrawing {
    pub size: usize,
    /// `M{x} {y}h1v1h-1z` per dark module.
    pub path: String,
}

/// The QR code of `text`, or `None` if the text is too long for one.
#[cfg(feature = "ssr")]
pub fn qr_drawing(text: &str) -> Option<QrDrawing> {
    use qrcode::{Color, EcLevel, QrCode};
    // Level M: a sixth of the code may be lost to dirt or folds and it still scans.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let quiet = 4;
    let mut path = String::new();
    for (i, colour) in code.to_colors().into_iter().enumerate() {
        if colour == Color::Dark {
            let (x, y) = (i % width + quiet, i / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some(QrDrawing {
        size: width + 2 * quiet,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_short_and_leads_to_the_item() {
        assert_eq!(
            scan_link("https://msss.example.gov.cn/", "taibaihu-2024", 3),
            "https://msss.example.gov.cn/q/taibaihu-2024/3"
        );
        assert_eq!(
            item_path("taibaihu-2024", 3),
            "/plans/taibaihu-2024/items/3?from=qr"
        );
    }

    /// The dark modules of a drawing, read back from its path.
    #[cfg(feature = "ssr")]
    fn modules(drawing: &QrDrawing) -> std::collections::HashSet<(usize, usize)> {
        drawing
            .path
            .split('M')
            .filter(|m| !m.is_empty())
            .map(|m| {
                let xy = m.trim_end_matches("h1v1h-1z");
                let (x, y) = xy.split_once(' ').expect("x y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_drawn_qr_code_reads_back_as_the_link() {
        let link = "https://msss.example.gov.cn/q/taibaihu-2024/20";
        let drawing = qr_drawing(link).expect("fits");
        let (size, dark) = (drawing.size, modules(&drawing));
        // The quiet zone (4 modules on every side) is light.
        assert!(
            dark.iter()
                .all(|&(x, y)| (4..size - 4).contains(&x) && (4..size - 4).contains(&y))
        );
        // Drawn 4 pixels per module, as a phone's camera would see it, and read by a decoder
        // that knows nothing of how it was made.
        let scale = 4;
        let mut image =
            rqrr::PreparedImage::prepare_from_bitmap(size * scale, size * scale, |x, y| {
                dark.contains(&(x / scale, y / scale))
            });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, link);
        assert!(
            qr_drawing(&"x".repeat(5000)).is_none(),
            "too long for any QR code"
        );
    }
}
