use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use super::*;

fn photo(n: u128) -> PhotoMeta {
    PhotoMeta {
        id: Uuid::from_u128(n),
        sha256: "a".repeat(64),
        bytes: 200_000,
        width: 1600,
        height: 1200,
        thumb_sha256: "b".repeat(64),
        thumb_bytes: 9_000,
        attached_at: Utc.with_ymd_and_hms(2024, 6, 1, 2, 0, 0).unwrap(),
        exif_taken_at: None,
        source: PhotoSource::Camera,
        location: None,
    }
}

fn fix(lat: f64, accuracy_m: f64) -> GeoFix {
    GeoFix {
        lat,
        lon: 116.6,
        accuracy_m,
        at: Utc.with_ymd_and_hms(2024, 6, 1, 2, 0, 0).unwrap(),
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).expect("a real day")
}

#[test]
fn photo_checks_name_each_problem() {
    type Case = (&'static str, fn(&mut PhotoMeta), Option<&'static str>);
    let cases: Vec<Case> = vec![
        ("a shrunk camera photo passes", |_| {}, None),
        (
            "upper-case hex is not what the phone writes",
            |p| p.sha256 = "A".repeat(64),
            Some("校验码"),
        ),
        (
            "a short hash",
            |p| p.thumb_sha256 = "b".repeat(63),
            Some("校验码"),
        ),
        ("an empty photo", |p| p.bytes = 0, Some("空的")),
        (
            "a photo that was not shrunk",
            |p| p.bytes = MAX_PHOTO_BYTES + 1,
            Some("过大"),
        ),
        (
            "a thumbnail that is a whole photo",
            |p| p.thumb_bytes = 300_000,
            Some("过大"),
        ),
        ("a side over 1600 px", |p| p.width = 4000, Some("尺寸")),
        ("no pixels", |p| p.height = 0, Some("尺寸")),
        (
            "a fix off the globe",
            |p| p.location = Some(fix(91.0, 10.0)),
            Some("位置"),
        ),
        (
            "a fix with NaN accuracy",
            |p| p.location = Some(fix(35.4, f64::NAN)),
            Some("位置"),
        ),
        ("a good fix", |p| p.location = Some(fix(35.4, 12.0)), None),
    ];
    for (name, change, expected) in cases {
        let mut p = photo(1);
        change(&mut p);
        let errors = check_photos(&[p]);
        match expected {
            None => assert!(errors.is_empty(), "{name}: {errors:?}"),
            Some(word) => assert!(
                errors.len() == 1 && errors[0].message.contains(word),
                "{name}: expected one error with “{word}”, got {errors:?}"
            ),
        }
    }
}

#[test]
fn too_many_or_repeated_photos_are_refused() {
    let many: Vec<PhotoMeta> = (0..=MAX_PHOTOS_PER_REPORT as u128).map(photo).collect();
    let errors = check_photos(&many);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("最多附 9 张"));
    let twice = check_photos(&[photo(1), photo(1)]);
    assert_eq!(twice.len(), 1);
    assert_eq!(twice[0].field, "photos.1");
}

#[test]
fn a_camera_time_days_away_is_flagged_and_a_near_one_is_not() {
    let at = |m, d| day(m, d).and_hms_opt(9, 0, 0);
    assert_eq!(taken_far_from(None, day(6, 10)), None);
    assert_eq!(
        taken_far_from(at(6, 7), day(6, 10)),
        None,
        "three days is within"
    );
    assert_eq!(
        taken_far_from(at(6, 6), day(6, 10)),
        Some(PhotoFlag::TakenFarFromDay {
            taken_on: day(6, 6)
        })
    );
    assert_eq!(
        taken_far_from(at(7, 1), day(6, 10)).map(|f| f.text()),
        Some("拍摄时间 2024-07-01 与填报日期相差 3 天以上".to_string())
    );
}

#[test]
fn parts_round_trip_and_carry_their_declared_hash() {
    for part in [PhotoPart::Photo, PhotoPart::Thumb] {
        assert_eq!(PhotoPart::parse(part.as_str()), Some(part));
    }
    assert_eq!(PhotoPart::parse("original"), None);
    let p = photo(2);
    assert_eq!(p.part(PhotoPart::Thumb), ("b".repeat(64).as_str(), 9_000));
}

#[test]
fn a_reviewer_is_warned_of_missing_bytes_reuse_and_a_distant_camera_time() {
    let taken = day(5, 1).and_hms_opt(8, 0, 0);
    let texts = |flags: Vec<PhotoFlag>| flags.iter().map(PhotoFlag::text).collect::<Vec<_>>();
    assert!(review_flags(true, None, day(6, 9).and_hms_opt(8, 0, 0), day(6, 10)).is_empty());
    assert_eq!(
        texts(review_flags(
            false,
            Some((3, day(5, 20))),
            taken,
            day(6, 10)
        )),
        [
            "照片尚未传完",
            "此照片已用于第 3 项 2024-05-20 的填报",
            "拍摄时间 2024-05-01 与填报日期相差 3 天以上",
        ]
    );
}
