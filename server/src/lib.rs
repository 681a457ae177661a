//! The taizhang server: wiring of storage, the Leptos pages and the JSON API.
//!
//! `main.rs` only parses the command line; everything it runs lives here so integration
//! tests drive the same router and commands.

#[cfg(test)]
mod architecture;
pub mod auth;
pub mod cmd;
pub mod config;
pub mod export;
pub mod http;
pub mod service;
pub mod state;
pub mod store;

pub use self::http::router;
pub use state::AppState;
