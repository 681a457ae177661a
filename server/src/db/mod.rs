//! Storage: picks the backend from the database URL and hands out the one interface
//! (`app::store::Store`) the rest of the server uses.

mod op_rules;
pub mod pg;
mod plan_hash;
mod push_plan;
mod sqlite;
mod sqlite_accounts;
mod sqlite_audit;
mod sqlite_plans;
mod sqlite_progress;
mod sqlite_reports;
mod sqlite_sessions;
mod sqlite_supervision;
mod sqlite_weekly;

use std::sync::Arc;

use app::store::SharedStore;

pub use pg::PgStore;
pub use plan_hash::plan_content_hash;
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
    open_with(url, pg::DEFAULT_MAX_CONNECTIONS).await
}

/// `open`, with the most connections a PostgreSQL store may hold (SQLite keeps its own few).
pub async fn open_with(url: &str, pg_max_connections: u32) -> Result<SharedStore, OpenError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(pg::PgStore::open(url, pg_max_connections).await?))
    } else {
        Err(OpenError::UnsupportedUrl(crate::settings::redact(url)))
    }
}
