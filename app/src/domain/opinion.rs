//! 代表意见: an opinion a 测评代表 (人大代表 or panel member) files on an item. The item's
//! lead unit must answer it; the 督查室 follows every open one by its age.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest opinion or answer, in characters.
pub const MAX_OPINION_CHARS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opinion {
    pub id: i64,
    pub item: u32,
    pub text: String,
    /// The 代表's name as shown (display name), not a username.
    pub filed_by: String,
    pub filed_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl Opinion {
    pub fn is_open(&self) -> bool {
        self.answer.is_none()
    }

    /// Whole days since it was filed (China days), as the 督查室's list shows it: the age
    /// of an open one, the time it took for an answered one.
    pub fn age_days(&self, now: DateTime<Utc>) -> i64 {
        use crate::domain::china_time::day_at;
        let until = self.answered_at.unwrap_or(now);
        (day_at(until) - day_at(self.filed_at)).num_days().max(0)
    }
}

/// An opinion's or answer's text as typed.
pub fn check_text(text: &str, what: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("请填写{what}"));
    }
    if text.chars().count() > MAX_OPINION_CHARS {
        return Err(format!("{what}不能超过 {MAX_OPINION_CHARS} 个字"));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("a time")
    }

    #[test]
    fn the_age_counts_china_days_until_now_or_the_answer() {
        let mut o = Opinion {
            id: 1,
            item: 3,
            text: "建议增加夜间照明".into(),
            filed_by: "孙代表".into(),
            // 23:30 in China on 2024-09-01.
            filed_at: at("2024-09-01T15:30:00Z"),
            answer: None,
            answered_by: None,
            answered_at: None,
        };
        // 00:30 in China on 2024-09-02: one day old though only an hour passed.
        assert_eq!(o.age_days(at("2024-09-01T16:30:00Z")), 1);
        assert_eq!(o.age_days(at("2024-09-11T02:00:00Z")), 10);
        assert!(o.is_open());
        o.answer = Some("已安排".into());
        o.answered_at = Some(at("2024-09-04T01:00:00Z"));
        assert_eq!(
            o.age_days(at("2024-12-31T00:00:00Z")),
            3,
            "until the answer"
        );
        assert!(!o.is_open());
        assert!(check_text("  ", "意见").is_err());
        assert_eq!(check_text(" 好 ", "意见"), Ok("好".to_string()));
        assert!(check_text(&"长".repeat(MAX_OPINION_CHARS + 1), "意见").is_err());
    }
}
