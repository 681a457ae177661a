//! A report form being typed, kept on the phone after every change, so that nothing
//! half-typed is lost to a reload, a killed tab or a closed browser. One draft per user of
//! the phone (a shared phone never shows one user's typing to the next); saving or
//! cancelling the form ends it. Pure: `browser::storage` keeps it, the form restores it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::field::form::TypedReport;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Whose typing it is.
    pub viewer: i64,
    /// The report being edited and its version when the form opened; none for a new one.
    /// A restored edit is saved against that version, so a change made meanwhile in
    /// another tab is never overwritten blindly.
    pub editing: Option<(Uuid, u64)>,
    pub typed: TypedReport,
}

impl Draft {
    /// Where a user's draft is kept.
    pub fn key(viewer: i64) -> String {
        format!("taizhang.draft.{viewer}")
    }

    /// Whether the form holds anything the user typed, beyond what it opened with.
    pub fn differs_from(&self, opened: &TypedReport) -> bool {
        self.typed != *opened
    }

    /// The draft to restore for `viewer`, if the one kept is theirs.
    pub fn for_viewer(kept: Option<Draft>, viewer: i64) -> Option<Draft> {
        kept.filter(|d| d.viewer == viewer)
    }
}

#[cfg(test)]
mod tests {
    use super::Draft;
    use crate::field::form::{TypedReport, TypedValue};

    fn typed() -> TypedReport {
        TypedReport {
            plan: "taibaihu-2024".into(),
            item: 1,
            captured_on: "2024-05-07".into(),
            values: vec![TypedValue {
                code: "households".into(),
                number: "2".into(),
                ..TypedValue::default()
            }],
            narrative: "东村两户，尚未写完".into(),
            ..TypedReport::default()
        }
    }

    #[test]
    fn a_draft_survives_its_text_form_whole() {
        let draft = Draft {
            viewer: 7,
            editing: Some((uuid::Uuid::nil(), 3)),
            typed: typed(),
        };
        let text = serde_json::to_string(&draft).expect("json");
        assert_eq!(serde_json::from_str::<Draft>(&text).expect("back"), draft);
        assert_eq!(Draft::key(7), "taizhang.draft.7");
    }

    #[test]
    fn only_its_own_user_gets_a_draft_back() {
        let draft = Draft {
            viewer: 7,
            editing: None,
            typed: typed(),
        };
        assert_eq!(
            Draft::for_viewer(Some(draft.clone()), 7),
            Some(draft.clone())
        );
        assert_eq!(Draft::for_viewer(Some(draft), 8), None);
        assert_eq!(Draft::for_viewer(None, 7), None);
    }

    #[test]
    fn an_untouched_form_is_no_draft() {
        let opened = typed();
        let draft = Draft {
            viewer: 7,
            editing: None,
            typed: opened.clone(),
        };
        assert!(!draft.differs_from(&opened));
        let mut changed = draft.clone();
        changed.typed.narrative.push('。');
        assert!(changed.differs_from(&opened));
    }
}
