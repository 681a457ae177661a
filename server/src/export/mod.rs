//! Downloads: the monthly report as .xlsx, raw reports as CSV.

pub mod csv;
pub mod xlsx;
