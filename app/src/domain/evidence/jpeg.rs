//! The public copy of a photo: the same JPEG without its metadata. EXIF can carry the
//! camera's GPS position, its serial number and the owner's name; XMP and comments can
//! carry anything. The picture itself (tables, frame, scan) is copied byte for byte, so
//! nothing is re-encoded and nothing is lost.

/// The bytes are not a JPEG this module can walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("不是可读的 JPEG 图片")]
pub struct NotAJpeg;

const SOI: u8 = 0xd8;
const SOS: u8 = 0xda;
const APP0: u8 = 0xe0;
const APP15: u8 = 0xef;
const COM: u8 = 0xfe;

/// Drops every APP1–APP15 segment (EXIF, XMP, ICC, maker notes …) and every comment; keeps
/// APP0 (JFIF) and everything the picture needs. Everything from the start of the scan on
/// is copied as it is.
pub fn strip_metadata(jpeg: &[u8]) -> Result<Vec<u8>, NotAJpeg> {
    if jpeg.len() < 4 || jpeg[0] != 0xff || jpeg[1] != SOI {
        return Err(NotAJpeg);
    }
    let mut out = Vec::with_capacity(jpeg.len());
    out.extend_from_slice(&jpeg[..2]);
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xff bytes.
        while jpeg.get(at) == Some(&0xff) && jpeg.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let (Some(&0xff), Some(&marker)) = (jpeg.get(at), jpeg.get(at + 1)) else {
            return Err(NotAJpeg);
        };
        if marker == SOS {
            out.extend_from_slice(&jpeg[at..]);
            return Ok(out);
        }
        // Markers without a length (RST, TEM) do not occur before the scan.
        let len = match (jpeg.get(at + 2), jpeg.get(at + 3)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(NotAJpeg),
        };
        let end = at + 2 + len;
        if len < 2 || end > jpeg.len() {
            return Err(NotAJpeg);
        }
        let metadata = (APP0 + 1..=APP15).contains(&marker) || marker == COM;
        if !metadata {
            out.extend_from_slice(&jpeg[at..end]);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let len = u16::try_from(body.len() + 2).expect("small");
        let mut s = vec![0xff, marker];
        s.extend_from_slice(&len.to_be_bytes());
        s.extend_from_slice(body);
        s
    }

    fn jpeg(segments: &[Vec<u8>]) -> Vec<u8> {
        let mut out = vec![0xff, SOI];
        for s in segments {
            out.extend_from_slice(s);
        }
        // The scan: header, entropy-coded data (with a stuffed 0xff00), end of image.
        out.extend_from_slice(&segment(SOS, &[1, 1, 0, 0, 63, 0]));
        out.extend_from_slice(&[0x12, 0xff, 0x00, 0x34, 0xff, 0xd9]);
        out
    }

    #[test]
    fn exif_xmp_and_comments_go_and_the_picture_stays_byte_for_byte() {
        let jfif = segment(APP0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = segment(0xe1, b"Exif\0\0GPS 35.4N 116.6E");
        let xmp = segment(0xe1, b"http://ns.adobe.com/xap/1.0/\0<x/>");
        let icc = segment(0xe2, b"ICC_PROFILE\0");
        let comment = segment(COM, "张三家门口".as_bytes());
        let dqt = segment(0xdb, &[0; 65]);
        let sof = segment(0xc0, &[8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        let dht = segment(0xc4, &[0; 20]);
        let original = jpeg(&[
            jfif.clone(),
            exif,
            dqt.clone(),
            xmp,
            sof.clone(),
            icc,
            comment,
            dht.clone(),
        ]);
        let stripped = strip_metadata(&original).expect("a jpeg");
        assert_eq!(stripped, jpeg(&[jfif, dqt, sof, dht]));
        let text = String::from_utf8_lossy(&stripped);
        assert!(!text.contains("Exif") && !text.contains("GPS") && !text.contains("张三"));
    }

    #[test]
    fn padding_bytes_before_a_marker_are_skipped() {
        let dqt = segment(0xdb, &[0; 65]);
        let mut original = vec![0xff, SOI, 0xff];
        original.extend_from_slice(&segment(0xe1, b"Exif\0\0"));
        original.extend_from_slice(&dqt);
        original.extend_from_slice(&segment(SOS, &[0]));
        original.extend_from_slice(&[0xff, 0xd9]);
        let stripped = strip_metadata(&original).expect("a jpeg");
        assert!(!String::from_utf8_lossy(&stripped).contains("Exif"));
        assert!(stripped.windows(dqt.len()).any(|w| w == dqt.as_slice()));
    }

    #[test]
    fn what_is_not_a_walkable_jpeg_is_refused() {
        for bad in [
            &b""[..],
            b"\x89PNG\r\n\x1a\n",
            &[0xff, SOI],
            &[0xff, SOI, 0xff, 0xe1, 0x00, 0x40, 1, 2], // a segment longer than the file
            &[0xff, SOI, 0xff, 0xe1, 0x00, 0x01],       // a length below its own size
            &[0xff, SOI, 0x00, 0x00, 0x00],             // no marker where one must be
        ] {
            assert_eq!(strip_metadata(bad), Err(NotAJpeg), "{bad:?}");
        }
    }
}
