//! Storage: picks the backend from the database URL and hands out the one interface
//! (`app::store::Store`) the rest of the server uses. The SQL is written once in `sql/` and
//! compiled for each backend (`sqlite.rs`, `postgres.rs`); the pure rules a push is decided
//! by live beside the protocol (`app::sync::push`) and are shared by both.

pub mod blobs;
pub mod changes;
mod plan_hash;
mod postgres;
mod sqlite;

use std::sync::Arc;

use app::store::SharedStore;

pub use blobs::{BlobError, Blobs};
pub use plan_hash::plan_content_hash;
pub use postgres::{DEFAULT_MAX_CONNECTIONS, MIGRATOR as PG_MIGRATOR, PgStore};
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("不支持的数据库地址“{0}”：请使用 sqlite://文件路径 或 postgres://用户@主机/数据库")]
    UnsupportedUrl(String),
    #[error("无法打开数据库 {url}：{source}")] // `url` is redacted by whoever builds this
    Open {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("无法创建数据目录 {path}：{source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if needed) the database at `url` and brings its schema up to date.
pub async fn open(url: &str) -> Result<SharedStore, OpenError> {
    open_with(url, DEFAULT_MAX_CONNECTIONS).await
}

/// `open`, with the most connections a PostgreSQL store may hold (SQLite keeps its own few).
pub async fn open_with(url: &str, pg_max_connections: u32) -> Result<SharedStore, OpenError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::open(url, pg_max_connections).await?))
    } else {
        Err(OpenError::UnsupportedUrl(crate::config::settings::redact(
            url,
        )))
    }
}

#[cfg(test)]
mod tests {
    /// The first migration written for both databases at once (migrations/README.md).
    const SHARED_FROM: i64 = 8;

    fn shared(m: &sqlx::migrate::Migrator) -> Vec<(i64, String)> {
        m.iter()
            .filter(|m| m.version >= SHARED_FROM)
            .map(|m| (m.version, m.description.to_string()))
            .collect()
    }

    #[test]
    fn migrations_from_0008_match_in_both_folders() {
        let sqlite = shared(&super::sqlite::MIGRATOR);
        let postgres = shared(&super::postgres::MIGRATOR);
        // Both folders hold the older files too: the embedded lists were really read.
        assert!(super::sqlite::MIGRATOR.iter().count() >= 7);
        assert!(super::postgres::MIGRATOR.iter().count() >= 2);
        assert_eq!(
            sqlite, postgres,
            "from {SHARED_FROM:04} on, each migration has one number and one name in both folders"
        );
    }
}
