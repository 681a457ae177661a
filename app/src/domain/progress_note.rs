//! 进展公开: one short public summary of an item's progress per month. The lead unit writes
//! it, or starts from its accepted reports' narratives of that month; it shows on the public
//! item page only once the 督查室 has published it, edited if need be. Field narratives
//! are written for reviewers, not residents, so nothing goes public without that step.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::monthly::Month;

/// Longest note, in characters: a phone screen's worth.
pub const MAX_NOTE_CHARS: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    /// Written by the lead unit; not shown.
    Draft,
    /// Shown on the public item page.
    Published,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Draft => "draft",
            NoteStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(NoteStatus::Draft),
            "published" => Some(NoteStatus::Published),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub id: i64,
    pub item: u32,
    pub month: Month,
    pub text: String,
    pub status: NoteStatus,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A note as typed: trimmed, not empty, at most `MAX_NOTE_CHARS`.
pub fn check_note(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写本月进展".to_string());
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(format!("进展说明不能超过 {MAX_NOTE_CHARS} 个字"));
    }
    Ok(text.to_string())
}

/// A first draft from the month's accepted narratives (newest first): distinct lines joined
/// with "；", cut at the length limit on a whole line.
pub fn suggested(narratives: &[String]) -> String {
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for n in narratives {
        let line = n.trim().trim_end_matches(['。', '；', ';']);
        if line.is_empty() || seen.contains(&line) {
            continue;
        }
        let next = if out.is_empty() {
            line.to_string()
        } else {
            format!("{out}；{line}")
        };
        if next.chars().count() + 1 > MAX_NOTE_CHARS {
            break;
        }
        seen.push(line);
        out = next;
    }
    if !out.is_empty() {
        out.push('。');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_starts_from_the_months_narratives_and_fits_the_limit() {
        let lines = vec![
            "完成南李村改造 2 户。".to_string(),
            "完成南李村改造 2 户。".to_string(),
            "  ".to_string(),
            "北李村开工；".to_string(),
        ];
        assert_eq!(suggested(&lines), "完成南李村改造 2 户；北李村开工。");
        assert_eq!(suggested(&[]), "");
        let long: Vec<String> = (0..100).map(|n| format!("第{n}处设施完成验收")).collect();
        let s = suggested(&long);
        assert!(s.chars().count() <= MAX_NOTE_CHARS);
        assert!(check_note(&s).is_ok());
        assert!(check_note(" ").is_err());
        assert!(check_note(&"好".repeat(MAX_NOTE_CHARS + 1)).is_err());
    }
}
