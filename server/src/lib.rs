//! The taizhang server: wiring of storage, the Leptos pages and the JSON API.
//!
//! `main.rs` only parses the command line; everything it runs lives here so integration
//! tests drive the same router and commands.

#[cfg(test)]
mod architecture;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod demo;
pub mod demo_data;
pub mod export;
pub mod http;
pub mod import;
pub mod migrate_data;
pub mod serve;
pub mod service;
pub mod settings;
pub mod site;
pub mod state;
pub mod store;
pub mod user_cli;

pub use self::http::router;
pub use state::AppState;
