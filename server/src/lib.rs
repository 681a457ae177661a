//! The taizhang server: wiring of storage, the Leptos pages and the JSON API.
//!
//! `main.rs` only parses the command line; everything it runs lives here so integration
//! tests drive the same router and commands.

pub mod accounts;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod db;
pub mod demo;
pub mod demo_data;
pub mod export;
pub mod import;
pub mod ledger;
pub mod migrate_data;
pub mod routes;
pub mod serve;
pub mod settings;
pub mod site;
pub mod supervise;
pub mod sync;
pub mod sync_decode;
pub mod user_cli;

pub use routes::{AppState, router};
