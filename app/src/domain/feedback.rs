//! 群众评价: a resident rates an item from its public page (满意 / 基本满意 / 不满意) and may
//! leave a suggestion, with no account. A suggestion is not shown until the 督查室
//! publishes it with an answer; a 不满意 with text goes to a queue that the lead unit answers.
//! What is checked here is pure: the rating, the text (length, no links), and who may
//! moderate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest suggestion, in characters.
pub const MAX_SUGGESTION_CHARS: usize = 300;
/// Longest answer, in characters.
pub const MAX_ANSWER_CHARS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Satisfied,
    Basic,
    Unsatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Satisfied, Rating::Basic, Rating::Unsatisfied];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::Basic => "basic",
            Rating::Unsatisfied => "unsatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Satisfied => "满意",
            Rating::Basic => "基本满意",
            Rating::Unsatisfied => "不满意",
        }
    }
}

/// Where a suggestion stands. A rating without text is counted at once and needs no
/// moderation (`Counted`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// A rating alone.
    Counted,
    /// Text waiting for an answer and the 督查室's decision; not shown.
    Pending,
    /// Shown on the public page with its answer.
    Published,
    /// Not shown (abuse, personal data, off topic); kept for the record.
    Hidden,
}

impl FeedbackStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackStatus::Counted => "counted",
            FeedbackStatus::Pending => "pending",
            FeedbackStatus::Published => "published",
            FeedbackStatus::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            FeedbackStatus::Counted,
            FeedbackStatus::Pending,
            FeedbackStatus::Published,
            FeedbackStatus::Hidden,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            FeedbackStatus::Counted => "仅评价",
            FeedbackStatus::Pending => "待处理",
            FeedbackStatus::Published => "已公开",
            FeedbackStatus::Hidden => "不公开",
        }
    }
}

/// One resident's rating of an item, with its suggestion and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    pub id: i64,
    pub item: u32,
    pub rating: Rating,
    pub suggestion: Option<String>,
    pub status: FeedbackStatus,
    pub created_at: DateTime<Utc>,
    /// The lead unit's (or the 督查室's) answer.
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl Feedback {
    /// A 不满意 with text: the lead unit must answer it (it shows on their overview).
    pub fn needs_answer(&self) -> bool {
        self.status == FeedbackStatus::Pending && self.answer.is_none()
    }
}

/// The public's counts per rating of one item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingCounts {
    pub satisfied: u64,
    pub basic: u64,
    pub unsatisfied: u64,
}

impl RatingCounts {
    pub fn add(&mut self, rating: Rating, n: u64) {
        match rating {
            Rating::Satisfied => self.satisfied += n,
            Rating::Basic => self.basic += n,
            Rating::Unsatisfied => self.unsatisfied += n,
        }
    }

    pub fn total(&self) -> u64 {
        self.satisfied + self.basic + self.unsatisfied
    }
}

/// A suggestion as typed, checked: trimmed, empty means none; refused (in Chinese) when too
/// long or when it carries a link or an address of a site (spam, and links the 督查室 would
/// have to vet before publishing).
pub fn check_suggestion(text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > MAX_SUGGESTION_CHARS {
        return Err(format!("意见建议不能超过 {MAX_SUGGESTION_CHARS} 个字"));
    }
    if has_link(text) {
        return Err("意见建议中不能包含网址或链接".to_string());
    }
    Ok(Some(text.to_string()))
}

/// Whether text carries a link: a scheme (`http:`, `https:`, `ftp:`, `www.`, `://`), or a
/// word ending in a common top-level domain (`example.com`, `x.cn/…`). Full-width dots
/// and letters are folded first, so `ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ` is caught too.
pub fn has_link(text: &str) -> bool {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '。' => '.',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    if ["http:", "https:", "ftp:", "://", "www."]
        .iter()
        .any(|s| folded.contains(s))
    {
        return true;
    }
    const TLDS: [&str; 10] = [
        "com", "cn", "net", "org", "top", "xyz", "cc", "io", "vip", "info",
    ];
    folded
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .filter(|word| word.contains('.'))
        .any(|word| {
            let mut labels = word.trim_matches('.').rsplit('.');
            let tld = labels.next().unwrap_or_default();
            let name = labels.next().unwrap_or_default();
            !name.is_empty() && TLDS.contains(&tld)
        })
}

/// An answer as typed, checked.
pub fn check_answer(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写答复内容".to_string());
    }
    if text.chars().count() > MAX_ANSWER_CHARS {
        return Err(format!("答复不能超过 {MAX_ANSWER_CHARS} 个字"));
    }
    Ok(text.to_string())
}

/// What the 督查室 decides about a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    /// Show it with its answer (an answer is required).
    Publish,
    /// Do not show it.
    Hide,
}

impl Moderation {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "publish" => Some(Moderation::Publish),
            "hide" => Some(Moderation::Hide),
            _ => None,
        }
    }
}

/// The status a moderation leads to, or why it cannot be taken.
pub fn moderate(current: &Feedback, decision: Moderation) -> Result<FeedbackStatus, String> {
    if current.status == FeedbackStatus::Counted {
        return Err("这条评价没有文字，无需处理".to_string());
    }
    match decision {
        Moderation::Publish if current.answer.is_none() => {
            Err("请先填写答复，再公开这条意见".to_string())
        }
        Moderation::Publish => Ok(FeedbackStatus::Published),
        Moderation::Hide => Ok(FeedbackStatus::Hidden),
    }
}

/// Whether a viewer may read an item's suggestions before publication (after
/// `authz::may_read_feedback`): every item for the supervisor and leaders, the items its
/// unit leads for a unit manager.
pub fn reads_item(
    viewer: &crate::domain::account::Viewer,
    plan: &crate::domain::plan::PlanDetail,
    item: u32,
) -> bool {
    use crate::domain::account::Role;
    use crate::domain::authz::may_answer_feedback;
    let code = &plan.summary.id;
    viewer
        .role_in(code)
        .is_some_and(|r| matches!(r.role, Role::Supervisor | Role::Leader))
        || plan
            .item(item)
            .is_some_and(|i| may_answer_feedback(viewer, code, i).is_ok())
}

/// The suggestions of `all` a viewer may read (`reads_item`).
pub fn visible_to(
    viewer: &crate::domain::account::Viewer,
    plan: &crate::domain::plan::PlanDetail,
    all: Vec<Feedback>,
) -> Vec<Feedback> {
    all.into_iter()
        .filter(|f| reads_item(viewer, plan, f.item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_trimmed_limited_and_carry_no_links() {
        assert_eq!(check_suggestion("  "), Ok(None));
        assert_eq!(
            check_suggestion(" 路灯还没装好 "),
            Ok(Some("路灯还没装好".to_string()))
        );
        assert!(check_suggestion(&"好".repeat(MAX_SUGGESTION_CHARS)).is_ok());
        assert!(check_suggestion(&"好".repeat(MAX_SUGGESTION_CHARS + 1)).is_err());
        for spam in [
            "看这里 http://spam.example",
            "HTTPS://x.y",
            "加我 www.spam.cn",
            "访问 spam.com 领奖",
            "spam.cn/领奖",
            "ｗｗｗ．ｓｐａｍ．ｃｏｍ",
            "spam。com",
            "ftp://files",
        ] {
            assert!(check_suggestion(spam).is_err(), "{spam}");
        }
        // Numbers with dots, decimals and ordinary text are not links.
        for fine in [
            "完成了 3.5 公里",
            "第2.1条",
            "版本 1.2.3",
            "电话 0537-1234567",
            "e.g. 说明",
        ] {
            assert!(check_suggestion(fine).is_ok(), "{fine}");
        }
    }

    fn feedback(status: FeedbackStatus, answer: Option<&str>) -> Feedback {
        Feedback {
            id: 1,
            item: 3,
            rating: Rating::Unsatisfied,
            suggestion: Some("慢".into()),
            status,
            created_at: Utc::now(),
            answer: answer.map(str::to_string),
            answered_by: None,
            answered_at: None,
        }
    }

    #[test]
    fn a_suggestion_is_published_only_with_an_answer() {
        use FeedbackStatus::*;
        // (status, answered, decision) → result
        let cases = [
            (Pending, false, Moderation::Publish, Err(())),
            (Pending, true, Moderation::Publish, Ok(Published)),
            (Pending, false, Moderation::Hide, Ok(Hidden)),
            (Published, true, Moderation::Hide, Ok(Hidden)),
            (Hidden, true, Moderation::Publish, Ok(Published)),
            (Counted, false, Moderation::Publish, Err(())),
            (Counted, false, Moderation::Hide, Err(())),
        ];
        for (status, answered, decision, expected) in cases {
            let f = feedback(status, answered.then_some("已安排施工"));
            assert_eq!(
                moderate(&f, decision).map_err(|_| ()),
                expected,
                "{status:?} answered {answered} {decision:?}"
            );
        }
        assert!(feedback(Pending, None).needs_answer());
        assert!(!feedback(Pending, Some("好")).needs_answer());
    }

    #[test]
    fn ratings_and_statuses_read_back() {
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.as_str()), Some(r));
        }
        assert_eq!(Rating::parse("great"), None);
        for s in [
            FeedbackStatus::Counted,
            FeedbackStatus::Pending,
            FeedbackStatus::Published,
            FeedbackStatus::Hidden,
        ] {
            assert_eq!(FeedbackStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(check_answer(" "), Err("请填写答复内容".to_string()));
    }
}
