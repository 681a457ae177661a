//! Downloads: the monthly report as .xlsx, raw reports and residents' feedback as CSV, the
//! 满意度测评 results as .xlsx.

pub mod assessment_xlsx;
pub mod csv;
pub mod evaluation_xlsx;
pub mod xlsx;
