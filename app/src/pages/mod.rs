//! One module per page. Each page loads its data through a server function, so it is
//! complete in the server-rendered HTML (readable with JavaScript off) and hydrates after.

mod account;
mod admin_users;
mod assessment;
mod audit;
mod difficulty;
mod evaluation;
mod feedback;
mod field;
mod item;
mod loaded;
mod login;
mod monthly;
mod not_found;
mod opinions;
mod overview;
mod poster;
mod quarantine;
mod quarterly;
mod reminders;
mod report;
mod shared;
mod sign_out;
mod submissions;
mod supervision;
mod town_board;
mod unit;
mod units;
mod weekly;

pub use account::AccountView;
pub use admin_users::AdminUsersView;
pub use assessment::AssessmentView;
pub use audit::AuditView;
pub use difficulty::DifficultyView;
pub use evaluation::EvaluationView;
pub use feedback::FeedbackView;
pub use field::FieldView;
pub use item::ItemView;
pub use login::LoginView;
pub use monthly::MonthlyView;
pub use not_found::{ErrorNotice, NotFound};
pub use opinions::OpinionsView;
pub use overview::Overview;
pub use poster::PosterView;
pub use quarantine::QuarantineView;
pub use quarterly::QuarterlyView;
pub use reminders::RemindersView;
pub use report::ReportView;
pub use shared::{DoneNotice, RoleList};
pub use sign_out::SignOutView;
pub use submissions::SubmissionsView;
pub use supervision::SupervisionView;
pub use town_board::TownBoardView;
pub use unit::UnitView;
pub use units::UnitsView;
pub use weekly::WeeklyView;

/// The `as_of` query parameter (YYYY-MM-DD); anything else means "the default day".
pub(crate) fn as_of_param(query: &leptos_router::params::ParamsMap) -> Option<chrono::NaiveDate> {
    query.get("as_of").and_then(|d| d.parse().ok())
}
