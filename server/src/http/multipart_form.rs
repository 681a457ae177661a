//! Forms that carry files (`multipart/form-data`), read into the same `FormFields` the
//! other forms use plus the files' bytes. The body is already whole (its size capped by
//! the route's body limit), so this is parsing only. A form sent urlencoded (no file
//! input, or an old page) reads as fields and no files.

use std::convert::Infallible;

use axum::body::Bytes;
use http::header::CONTENT_TYPE;
use http::request::Parts;

use super::ApiError;
use super::page_form::FormFields;

/// The text fields, and the non-empty files of `file_field` in the order sent.
pub(super) async fn read(
    parts: &Parts,
    body: Bytes,
    file_field: &str,
) -> Result<(FormFields, Vec<Bytes>), ApiError> {
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        return Ok((FormFields::parse(&body), Vec::new()));
    };
    let unreadable = |e: multer::Error| ApiError::Invalid(format!("表单内容无法读取：{e}"));
    let stream = futures::stream::once(async move { Ok::<Bytes, Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            let bytes = field.bytes().await.map_err(unreadable)?;
            // An empty file input still sends a part with no bytes.
            if !bytes.is_empty() {
                files.push(bytes);
            }
        } else {
            fields.push((name, field.text().await.map_err(unreadable)?));
        }
    }
    Ok((FormFields::from_pairs(fields), files))
}
