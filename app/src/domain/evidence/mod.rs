//! 佐证: the photos and place a report carries as evidence, as the phone declares them in the
//! report and the server checks them. The bytes travel separately (`sync::upload`); the
//! report only lists each photo's identity (UUIDv7), hash, size and how it was taken, so the
//! figures sync first and are never held back by a slow photo.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::report::FieldError;

pub mod jpeg;
pub mod public;
pub mod visit;

/// More photos than this on one report are refused: a reviewer cannot look at more.
pub const MAX_PHOTOS_PER_REPORT: usize = 9;
/// The phone shrinks to ≤ 1600 px and aims at 150–300 KB; a dense scene can be larger,
/// anything over this was not shrunk.
pub const MAX_PHOTO_BYTES: u64 = 2 * 1024 * 1024;
/// The thumbnail aims at about 10 KB.
pub const MAX_THUMB_BYTES: u64 = 64 * 1024;
/// The longest side the phone leaves.
pub const MAX_SIDE_PX: u32 = 1600;
/// An EXIF capture time further than this from the report's day is flagged.
pub const EXIF_DAYS_FLAG: i64 = 3;

/// Where the phone was, with the user's permission (Geolocation API).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GeoFix {
    pub lat: f64,
    pub lon: f64,
    /// Metres, as the browser reports it.
    pub accuracy_m: f64,
    pub at: DateTime<Utc>,
}

/// How a photo came onto the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PhotoSource {
    Camera,
    Gallery,
}

/// One photo a report carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PhotoMeta {
    /// UUIDv7 made on the phone when attached.
    pub id: Uuid,
    /// SHA-256 of the shrunk JPEG, lower-case hex, computed on the phone.
    pub sha256: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    pub thumb_sha256: String,
    pub thumb_bytes: u64,
    pub attached_at: DateTime<Utc>,
    /// The camera's own time (EXIF DateTimeOriginal), local time as the camera knew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exif_taken_at: Option<NaiveDateTime>,
    pub source: PhotoSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<GeoFix>,
}

/// The two files of a photo: the shrunk picture and its thumbnail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoPart {
    Photo,
    Thumb,
}

impl PhotoPart {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Thumb => "thumb",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "photo" => Some(Self::Photo),
            "thumb" => Some(Self::Thumb),
            _ => None,
        }
    }
}

impl PhotoMeta {
    /// The declared hash and size of one part.
    pub fn part(&self, part: PhotoPart) -> (&str, u64) {
        match part {
            PhotoPart::Photo => (&self.sha256, self.bytes),
            PhotoPart::Thumb => (&self.thumb_sha256, self.thumb_bytes),
        }
    }
}

/// A SHA-256 as lower-case hex.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn err(field: String, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Checks a place fix: on the globe, with a sane accuracy.
pub fn check_fix(fix: &GeoFix, field: &str) -> Option<FieldError> {
    let ok = fix.lat.is_finite()
        && fix.lon.is_finite()
        && fix.accuracy_m.is_finite()
        && (-90.0..=90.0).contains(&fix.lat)
        && (-180.0..=180.0).contains(&fix.lon)
        && (0.0..=100_000.0).contains(&fix.accuracy_m);
    (!ok).then(|| err(field.to_string(), "位置信息不正确，请删除后重新获取"))
}

/// Checks the photos a report lists; every problem, in Chinese.
pub fn check_photos(photos: &[PhotoMeta]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if photos.len() > MAX_PHOTOS_PER_REPORT {
        errors.push(err(
            "photos".to_string(),
            format!("每条填报最多附 {MAX_PHOTOS_PER_REPORT} 张照片"),
        ));
    }
    let mut seen: Vec<Uuid> = Vec::new();
    for (i, photo) in photos.iter().enumerate() {
        let field = format!("photos.{i}");
        if seen.contains(&photo.id) {
            errors.push(err(field, "同一张照片附了两次"));
            continue;
        }
        seen.push(photo.id);
        if !is_sha256_hex(&photo.sha256) || !is_sha256_hex(&photo.thumb_sha256) {
            errors.push(err(field, "照片校验码不正确，请删除后重新添加"));
        } else if photo.bytes == 0 || photo.thumb_bytes == 0 {
            errors.push(err(field, "照片是空的，请删除后重新添加"));
        } else if photo.bytes > MAX_PHOTO_BYTES || photo.thumb_bytes > MAX_THUMB_BYTES {
            errors.push(err(
                field,
                format!(
                    "照片过大（最大 {} KB），请删除后重新添加",
                    MAX_PHOTO_BYTES / 1024
                ),
            ));
        } else if photo.width == 0
            || photo.height == 0
            || photo.width.max(photo.height) > MAX_SIDE_PX
        {
            errors.push(err(field, "照片尺寸不正确，请删除后重新添加"));
        } else if let Some(e) = photo
            .location
            .as_ref()
            .and_then(|fix| check_fix(fix, &format!("photos.{i}.location")))
        {
            errors.push(e);
        }
    }
    errors
}

/// What a reviewer is warned of about one photo before accepting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoFlag {
    /// The same bytes were already sent with another report (its item and day).
    Reused { item: u32, captured_on: NaiveDate },
    /// The camera's time is days away from the day the report is credited to.
    TakenFarFromDay { taken_on: NaiveDate },
    /// Not all bytes have reached the server yet.
    NotYetArrived,
}

impl PhotoFlag {
    pub fn text(&self) -> String {
        match self {
            Self::Reused { item, captured_on } => {
                format!("此照片已用于第 {item} 项 {captured_on} 的填报")
            }
            Self::TakenFarFromDay { taken_on } => {
                format!("拍摄时间 {taken_on} 与填报日期相差 {EXIF_DAYS_FLAG} 天以上")
            }
            Self::NotYetArrived => "照片尚未传完".to_string(),
        }
    }
}

/// The flag for a camera time far from the report's day, if any.
pub fn taken_far_from(taken: Option<NaiveDateTime>, day: NaiveDate) -> Option<PhotoFlag> {
    let taken_on = taken?.date();
    ((taken_on - day).num_days().abs() > EXIF_DAYS_FLAG)
        .then_some(PhotoFlag::TakenFarFromDay { taken_on })
}

/// Everything a reviewer is warned of about one photo of a report credited to `day`:
/// bytes not all arrived, the same bytes in another report (`reused`: its item and day),
/// a camera time days away (`taken`: the server's reading of the EXIF when the photo
/// arrived, else what the phone declared).
pub fn review_flags(
    arrived: bool,
    reused: Option<(u32, NaiveDate)>,
    taken: Option<NaiveDateTime>,
    day: NaiveDate,
) -> Vec<PhotoFlag> {
    let mut flags = Vec::new();
    if !arrived {
        flags.push(PhotoFlag::NotYetArrived);
    }
    if let Some((item, captured_on)) = reused {
        flags.push(PhotoFlag::Reused { item, captured_on });
    }
    flags.extend(taken_far_from(taken, day));
    flags
}

#[cfg(test)]
mod tests;
