//! The storage SQL, written once. This folder is compiled twice, as `sqlite::sql` and
//! `postgres::sql`: `super::dialect` is then that backend's, giving the connection and row
//! types, the write and read transactions, and the few fragments the two databases say
//! differently (each named there with why). No generic `Store<DB>`: each copy is concrete
//! code for one database, so the queries stay the tuned SQL the benchmarks measured.
//!
//! The SQL here is the common ground of SQLite and PostgreSQL:
//! - placeholders are `$1`, `$2`, … (sqlx binds them by number on SQLite too);
//! - an optional parameter is tested as `CAST($n AS type) IS NULL`, which tells PostgreSQL
//!   its type and is a no-op test on SQLite;
//! - integer columns are read as `i32` (PostgreSQL's INTEGER; SQLite reads any integer);
//! - upserts name the target table in `DO UPDATE`, where both accept it;
//! - GROUP BY names the grouped tables' primary keys only: PostgreSQL accepts columns that
//!   depend on them, and SQLite then keeps its fast index walk (grouping by more columns
//!   made the overview's progress query build a temporary B-tree: BENCHMARKS.md).

mod account;
mod audit;
mod decision;
mod directive;
mod evaluation;
mod evidence;
mod opinion;
mod plan;
mod plan_read;
mod progress;
mod progress_note;
mod public;
mod report;
mod report_writes;
mod schedule;
mod session;
mod staleness;
mod submission;
mod supervision;
mod visits;
mod weekly;

use super::dialect;
