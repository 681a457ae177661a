//! Small pieces shared by the pages.

mod as_of_form;
mod charge_toggle;
mod directive_list;
mod evidence_thumb;
mod indicator_table;
mod item_decisions;
mod item_feedback;
mod item_notes;
mod item_opinions;
mod item_schedule;
mod item_supervision;
mod pace_badge;
mod plan_header;
mod progress_bar;
mod public_photos;
mod trend_chart;
mod unit_links;

pub use as_of_form::AsOfForm;
pub use charge_toggle::ChargeToggle;
pub use directive_list::{DirectiveCounters, DirectiveList};
pub use evidence_thumb::EvidenceThumb;
pub use indicator_table::IndicatorTable;
pub use item_decisions::ItemDecisions;
pub use item_feedback::ItemFeedback;
pub use item_notes::{ItemNotes, NoteRights};
pub use item_opinions::ItemOpinions;
pub use item_schedule::{ItemSchedule, ScheduleRights};
pub use item_supervision::{DifficultyList, ItemSupervisionSection, VisitList};
pub use pace_badge::{PaceBadge, PaceExplained};
pub use plan_header::PlanHeader;
pub use progress_bar::ProgressBar;
pub use public_photos::PublicPhotos;
pub use trend_chart::TrendChart;
pub use unit_links::UnitLinks;
