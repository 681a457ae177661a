//! Small pieces shared by the pages.

mod indicator_table;
mod plan_header;
mod progress_bar;
mod unit_links;

pub use indicator_table::IndicatorTable;
pub use plan_header::PlanHeader;
pub use progress_bar::ProgressBar;
pub use unit_links::UnitLinks;
