//! Reading a push op by op. A phone of another build may send an op this server cannot
//! read (`"amount": null`); refusing the whole batch would make that phone resend it
//! forever while the good reports behind it never land. So each op is decoded on its own:
//! an unreadable one is answered `rejected` (and kept in quarantine) under its op id, the
//! others go on.
//!
//! What the quarantine keeps of a refused op is bounded: texts and lists cut to
//! `limits`' sizes, with the SHA-256 and size of what was sent in the reason, so a 1 MB op
//! costs the database a few KB and the supervisor still sees what it was.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use app::domain::account::Viewer;
use app::domain::limits::{
    MAX_AUTHOR_CHARS, MAX_PLACE_CHARS, MAX_TEXT_CHARS, QUARANTINE_EXCERPT_BYTES,
};
use app::domain::report::{IndicatorInput, Report, SCHEMA};
use app::sync::ReportOp;

/// One op of a push as read from the wire.
pub enum DecodedOp {
    Readable(ReportOp),
    /// Could not be read as an op of this protocol; answered `rejected` with `reason`.
    Unreadable {
        op: ReportOp,
        reason: String,
    },
}

/// A push body whose ops have not been read yet.
#[derive(serde::Deserialize)]
pub struct RawPush {
    pub ops: Vec<Value>,
}

/// The op id of a raw op, if it has a readable one: without it no answer can name it.
pub fn op_id(raw: &Value) -> Option<Uuid> {
    raw.get("op_id")?.as_str()?.parse().ok()
}

/// The schema version a raw op claims (for "update your app").
pub fn schema_version(raw: &Value) -> Option<u64> {
    raw.get("report")?.get("schema_version")?.as_u64()
}

pub fn decode(raw: &Value, viewer: &Viewer) -> Option<DecodedOp> {
    use serde::Deserialize;
    let id = op_id(raw)?;
    match ReportOp::deserialize(raw) {
        Ok(op) => Some(DecodedOp::Readable(op)),
        Err(e) => Some(DecodedOp::Unreadable {
            op: placeholder(id, raw, &raw.to_string(), viewer),
            reason: format!(
                "无法读取这条记录（{}），请在手机上更新应用后重新填写",
                short(&e.to_string())
            ),
        }),
    }
}

/// serde's message, cut short: it names the field and position, never our internals.
fn short(message: &str) -> String {
    message.chars().take(120).collect()
}

/// A stand-in report holding an excerpt of what could not be read, under the op's ids.
/// Every value is derived from the op alone, so a retry of the same op stores the same
/// content and is answered like the first time.
fn placeholder(op_id: Uuid, raw: &Value, text: &str, viewer: &Viewer) -> ReportOp {
    let report = raw.get("report");
    let field = |name: &str| report.and_then(|r| r.get(name));
    let report_id = field("id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(op_id);
    let fixed_day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    ReportOp {
        op_id,
        base_revision: None,
        report: Report {
            id: report_id,
            schema_version: SCHEMA,
            plan: cut(field("plan").and_then(Value::as_str).unwrap_or(""), 40),
            item: field("item")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0),
            unit_id: viewer.unit.id,
            author_id: viewer.id,
            author: String::new(),
            captured_on: fixed_day,
            captured_at: DateTime::<Utc>::from_naive_utc_and_offset(
                fixed_day.and_hms_opt(0, 0, 0).unwrap_or_default(),
                Utc,
            ),
            values: vec![],
            narrative: format!("{}{}", excerpt_note(text), cut(text, MAX_TEXT_CHARS)),
            difficulties: String::new(),
            next_steps: String::new(),
            photos: Vec::new(),
            location: None,
            place: String::new(),
        },
    }
}

/// "原始内容 N 字节，SHA-256 …；" — how the whole can be recognised.
fn excerpt_note(text: &str) -> String {
    let digest: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("【原始内容 {} 字节，SHA-256 {digest}】", text.len())
}

fn cut(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// A refused op cut to what quarantine keeps; `None` when it is small enough already.
/// The reason gains the size and hash of what was sent.
pub fn bounded_for_quarantine(op: &ReportOp) -> Option<(ReportOp, String)> {
    let whole = serde_json::to_string(&op.report).unwrap_or_default();
    if whole.len() <= QUARANTINE_EXCERPT_BYTES {
        return None;
    }
    let mut report = op.report.clone();
    report.author = cut(&report.author, MAX_AUTHOR_CHARS);
    // Long texts share the excerpt budget (characters of up to 3 bytes each in UTF-8).
    let budget = QUARANTINE_EXCERPT_BYTES / 3 / 5;
    for text in [
        &mut report.narrative,
        &mut report.difficulties,
        &mut report.next_steps,
        &mut report.place,
    ] {
        *text = cut(text, budget);
    }
    report.plan = cut(&report.plan, 40);
    let mut values = report.values;
    values.truncate(20);
    for value in &mut values {
        value.code = cut(&value.code, 40);
        if let IndicatorInput::Places { places } = &mut value.input {
            places.truncate(20);
            for p in places.iter_mut() {
                *p = cut(p, MAX_PLACE_CHARS);
            }
        }
    }
    report.values = values;
    let note = excerpt_note(&whole);
    Some((
        ReportOp {
            report,
            ..op.clone()
        },
        note,
    ))
}

/// For callers inside the process (tests, benchmarks) that hold typed ops.
impl From<app::sync::PushRequest> for RawPush {
    fn from(request: app::sync::PushRequest) -> Self {
        RawPush {
            ops: request
                .ops
                .iter()
                .map(|op| serde_json::to_value(op).unwrap_or(Value::Null))
                .collect(),
        }
    }
}
