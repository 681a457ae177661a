//! The pure rules of the 台账: plans and their files, reports and their checks, progress,
//! pace, the weekly ledger, the monthly and quarterly reports, 督查督办, accounts and who
//! may do what, the audit trail's vocabulary, China time. No Leptos, no I/O: everything
//! here is plain functions over plain types, tested with tables of worked examples.

pub mod account;
pub mod assessment;
pub mod audit;
pub mod authz;
pub mod chart;
pub mod china_time;
pub mod day_totals;
pub mod decision;
pub mod directive;
pub mod evaluation;
pub mod evidence;
pub mod feedback;
pub mod limits;
pub mod monthly;
pub mod opinion;
pub mod pace;
pub mod plan;
pub mod plan_file;
pub mod plausibility;
pub mod poster;
pub mod privacy;
pub mod progress;
pub mod progress_note;
pub mod quarterly;
pub mod reminder;
pub mod report;
pub mod reporters;
pub mod schedule;
pub mod staleness;
pub mod submission;
pub mod supervision;
pub mod town_board;
pub mod weekly;
