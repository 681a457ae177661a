//! The embedded SQLite backend: one file, WAL, `synchronous=FULL` so what we told a client
//! is saved survives a power cut. The queries are `sql/`'s, compiled here against SQLite;
//! `dialect` holds what SQLite says differently, each with why.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::OpenError;

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let open_err = |source| OpenError::Open {
            url: crate::config::settings::redact(url),
            source,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(open_err)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|source| OpenError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        // An in-memory database exists once per connection: keep a single one.
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .connect_with(options)
            .await
            .map_err(open_err)?;
        MIGRATOR.run(&pool).await?;
        Ok(SqliteStore { pool })
    }
}

/// What SQLite says differently from PostgreSQL. Everything else is in `sql/`, once.
mod dialect {
    use chrono::NaiveDate;
    use sqlx::Transaction;

    use app::store::{NarrativeLine, StoreError};

    pub(super) type Db = sqlx::Sqlite;
    pub(super) type Conn = sqlx::SqliteConnection;
    pub(super) type DbRow = sqlx::sqlite::SqliteRow;
    pub(super) type Pool = sqlx::SqlitePool;
    pub(super) type Store = super::SqliteStore;

    impl Store {
        /// A write transaction. IMMEDIATE takes the write lock up front, so a read-then-write
        /// inside it never fails half-way with SQLITE_BUSY and two writers never interleave.
        pub(super) async fn write_tx(&self) -> Result<Transaction<'static, Db>, StoreError> {
            Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
        }

        /// A read transaction: in WAL mode a deferred transaction reads one snapshot from its
        /// first read to its end, which is all the multi-query reads need.
        pub(super) async fn read_tx(&self) -> Result<Transaction<'static, Db>, StoreError> {
            Ok(self.pool.begin().await?)
        }
    }

    /// A rate's latest value at a unit and place: SQLite has no ordered aggregate, but a bare
    /// column in a query whose only MIN/MAX aggregate is MAX(captured_on) comes from the
    /// row holding that maximum.
    pub(super) const LATEST_VALUE: &str = "v.value AS value, MAX(v.captured_on) AS latest";

    /// The latest `per_item` accepted reports of an item in [from, to] that say something,
    /// newest first. One short query walks the item's (item_id, captured_on) index backwards;
    /// SQLite reads the JSON as it goes, cheaply, so it filters on the narrative in the query.
    pub(super) async fn latest_narratives(
        pool: &Pool,
        item_id: i64,
        item: u32,
        from: NaiveDate,
        to: NaiveDate,
        per_item: u32,
    ) -> Result<Vec<NarrativeLine>, StoreError> {
        let rows: Vec<(NaiveDate, String, String, String, String)> = sqlx::query_as(
            "SELECT r.captured_on, u.name AS unit, \
               json_extract(r.content, '$.narrative') AS narrative, \
               json_extract(r.content, '$.difficulties') AS difficulties, \
               COALESCE(json_extract(r.content, '$.next_steps'), '') AS next_steps \
             FROM reports r JOIN units u ON u.id = r.unit_id \
             WHERE r.item_id = $1 AND r.captured_on BETWEEN $2 AND $3 AND r.status = 'accepted' \
               AND json_extract(r.content, '$.narrative') <> '' \
             ORDER BY r.captured_on DESC, r.captured_at DESC LIMIT $4",
        )
        .bind(item_id)
        .bind(from)
        .bind(to)
        .bind(i64::from(per_item))
        .fetch_all(pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(captured_on, unit, narrative, difficulties, next_steps)| NarrativeLine {
                    item,
                    captured_on,
                    unit,
                    narrative,
                    difficulties,
                    next_steps,
                },
            )
            .collect())
    }
}

// The same SQL files, compiled a second time for the other backend: on purpose (sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
