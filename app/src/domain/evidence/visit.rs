//! Photos of a 一线督导 visit: the 督查室 sends them with the visit form, online, often
//! straight from a phone's camera and not shrunk, so the limits are wider than a field
//! report's (whose photos the phone shrinks first).

/// At most this many photos per visit.
pub const MAX_VISIT_PHOTOS: usize = 6;
/// A camera's full-size JPEG fits; anything larger is not a photo we keep.
pub const MAX_VISIT_PHOTO_BYTES: usize = 8 * 1024 * 1024;
/// What the visit form's body may hold in all: the photos and the text fields.
pub const MAX_VISIT_FORM_BYTES: usize = MAX_VISIT_PHOTOS * MAX_VISIT_PHOTO_BYTES + 64 * 1024;

/// Checks the photos sent with a visit; the first problem, in Chinese. Empty files (a
/// file input left empty) are not photos and are left out before this.
pub fn check_visit_photos(photos: &[&[u8]]) -> Result<(), String> {
    if photos.len() > MAX_VISIT_PHOTOS {
        return Err(format!("每次督导最多附 {MAX_VISIT_PHOTOS} 张照片"));
    }
    for (n, photo) in photos.iter().enumerate() {
        if photo.len() > MAX_VISIT_PHOTO_BYTES {
            return Err(format!(
                "第 {} 张照片超过 {} MB",
                n + 1,
                MAX_VISIT_PHOTO_BYTES / 1024 / 1024
            ));
        }
        if !photo.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Err(format!("第 {} 张不是 JPEG 照片", n + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpegs_within_the_limits_pass_and_the_first_problem_is_named() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        let big = {
            let mut b = vec![0u8; MAX_VISIT_PHOTO_BYTES + 1];
            b[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
            b
        };
        let png = *b"\x89PNG\r\n\x1a\n";
        let six = [&jpeg[..]; MAX_VISIT_PHOTOS];
        let seven = [&jpeg[..]; MAX_VISIT_PHOTOS + 1];
        for (photos, expected) in [
            (&[][..], Ok(())),
            (&six[..], Ok(())),
            (&seven[..], Err("每次督导最多附 6 张照片".to_string())),
            (
                &[&jpeg[..], &big[..]][..],
                Err("第 2 张照片超过 8 MB".to_string()),
            ),
            (&[&png[..]][..], Err("第 1 张不是 JPEG 照片".to_string())),
        ] {
            assert_eq!(check_visit_photos(photos), expected, "{}", photos.len());
        }
    }
}
