//! Server integration tests: a fresh SQLite file per test, the real router, real commands.

mod helpers;

mod account_pages;
mod audit_trail;
mod auth_guards;
mod auth_sessions;
mod authz_matrix;
mod cli_import;
mod cli_ops;
mod cli_serve;
mod cli_user;
mod demo_data;
mod evidence_support;
mod evidence_upload;
mod fault_kill;
mod fault_proxy;
mod fuzz;
mod hostile;
mod monthly_export;
mod pages;
mod pg_migrate_data;
mod pg_reports;
mod pg_schema;
mod pg_store;
mod pg_support;
mod pg_two_servers;
mod plans_api;
mod progress_review;
mod shutdown;
mod startup;
mod storage;
mod supervision_flow;
mod sync_pull;
mod sync_push;
mod sync_support;
mod weekly_ledger;
