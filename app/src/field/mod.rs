//! The offline field client: what a phone keeps and sends. `form` turns what was typed
//! into a report, `outbox` keeps every saved report until the server has answered for it
//! (never lost, never counted twice), `engine` runs one sync against a transport, and
//! `browser` is the only part that touches browser storage and the network.

#[cfg(all(feature = "hydrate", feature = "field"))]
pub mod browser;
pub mod draft;
pub mod engine;
pub mod form;
pub mod outbox;
