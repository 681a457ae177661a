//! The `taizhang` subcommands: serve, import, account (user), backup, migrate-data, photos
//! (the space evidence takes), and the
//! demo data `serve --demo` loads. Each runs the services and the store directly, without
//! HTTP.

pub mod account;
pub mod backup;
pub mod demo;
pub mod demo_data;
pub mod import;
pub mod migrate_data;
pub mod photo_copy;
pub mod photos;
pub mod serve;
