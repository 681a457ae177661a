//! Photos the public sees: a lead unit picks some of an item's accepted evidence and says
//! which stage of the work each shows (施工前 / 施工中 / 完工). An item about people
//! (elderly households, disabled children, 低保 …) never has public photos: they could show
//! a family at home.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::plan::Item;
use crate::sync::ReviewStatus;

/// Which stage of the work a public photo shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStage {
    Before,
    During,
    After,
}

impl PublicStage {
    pub const ALL: [PublicStage; 3] = [Self::Before, Self::During, Self::After];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::During => "during",
            Self::After => "after",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Before => "施工前",
            Self::During => "施工中",
            Self::After => "完工",
        }
    }
}

/// A photo the public may see, as the item page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPhoto {
    pub photo_id: Uuid,
    pub stage: PublicStage,
    pub captured_on: NaiveDate,
}

/// Why a photo may not be made public, in Chinese.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublishRefusal {
    #[error("该项目涉及困难群众、老人或儿童等个人情况，照片一律不公开")]
    ConcernsPeople,
    #[error("填报审核通过后，才能公开其照片")]
    NotAccepted,
}

/// Whether a photo of this item, on a report in this review state, may be made public.
/// Taking a photo back out of public view is always allowed.
pub fn may_publish(item: &Item, status: ReviewStatus) -> Result<(), PublishRefusal> {
    if item.concerns_people() {
        return Err(PublishRefusal::ConcernsPeople);
    }
    if status != ReviewStatus::Accepted {
        return Err(PublishRefusal::NotAccepted);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{Item, UnitRef};
    use crate::test_fixtures::count;

    fn item(sensitive: bool) -> Item {
        let mut ind = count("parks", 5.0, 0.0);
        ind.sensitive = sensitive;
        Item {
            number: 17,
            category: 10,
            title: "口袋公园建设".into(),
            content: String::new(),
            lead_units: vec![UnitRef {
                id: 1,
                name: "区住建局".into(),
            }],
            co_units: vec![],
            indicators: vec![count("other", 1.0, 0.0), ind],
        }
    }

    #[test]
    fn only_accepted_photos_of_items_not_about_people_may_be_public() {
        use ReviewStatus::*;
        for (sensitive, status, expected) in [
            (false, Accepted, Ok(())),
            (false, Submitted, Err(PublishRefusal::NotAccepted)),
            (false, Returned, Err(PublishRefusal::NotAccepted)),
            // About people: never, whatever the review says.
            (true, Accepted, Err(PublishRefusal::ConcernsPeople)),
            (true, Submitted, Err(PublishRefusal::ConcernsPeople)),
        ] {
            assert_eq!(
                may_publish(&item(sensitive), status),
                expected,
                "{sensitive} {status:?}"
            );
        }
    }

    #[test]
    fn stages_read_back_and_speak_chinese() {
        for stage in PublicStage::ALL {
            assert_eq!(PublicStage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(PublicStage::parse("public"), None);
        let labels: Vec<_> = PublicStage::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(labels, ["施工前", "施工中", "完工"]);
    }
}
