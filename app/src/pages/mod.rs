//! One module per page. Each page loads its data through a server function, so it is
//! complete in the server-rendered HTML (readable with JavaScript off) and hydrates after.

mod item;
mod not_found;
mod overview;
mod unit;
mod units;

pub use item::ItemView;
pub use not_found::{ErrorNotice, NotFound};
pub use overview::Overview;
pub use unit::UnitView;
pub use units::UnitsView;
