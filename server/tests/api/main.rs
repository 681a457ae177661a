//! Server integration tests: a fresh SQLite file per test, the real router, real commands.

mod helpers;

mod cli_import;
mod cli_serve;
mod pages;
mod plans_api;
mod storage;
