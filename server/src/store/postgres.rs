//! The PostgreSQL backend for larger deployments (issue 6). The queries are `sql/`'s,
//! compiled here against PostgreSQL; `dialect` holds what PostgreSQL says differently.
//!
//! Every write transaction first takes one transaction-level advisory lock: writes are
//! serialised across all servers sharing the database, as SQLite's single writer serialises
//! them, so the change sequence becomes visible in order and pulls never skip a change.

use std::str::FromStr;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};

use super::OpenError;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections per server unless `--database-max-connections` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 16;

#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects and brings the schema up to date.
    /// Several servers may start at once: sqlx's migrator holds an advisory lock while it
    /// migrates, so exactly one of them applies each migration.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, OpenError> {
        let open_err = |source| OpenError::Open {
            url: crate::config::settings::redact(url),
            source,
        };
        let mut options = PgConnectOptions::from_str(url).map_err(open_err)?;
        // TLS only when the URL asks for it (`sslmode=require` or stronger), not libpq's
        // "prefer": sqlx 0.9.0 leaves Nagle's algorithm on (transact-rs/sqlx#4335), and over
        // its TLS stream that costs ~40 ms per statement — 2.4× slower pushes (BENCHMARKS.md).
        if !url.contains("sslmode=") {
            options = options.ssl_mode(PgSslMode::Disable);
        }
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(open_err)?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore { pool })
    }
}

/// What PostgreSQL says differently from SQLite. Everything else is in `sql/`, once.
mod dialect {
    use chrono::{DateTime, NaiveDate, Utc};
    use sqlx::Transaction;

    use app::store::{NarrativeLine, StoreError};

    pub(super) type Db = sqlx::Postgres;
    pub(super) type Conn = sqlx::PgConnection;
    pub(super) type DbRow = sqlx::postgres::PgRow;
    pub(super) type Pool = sqlx::PgPool;
    pub(super) type Store = super::PgStore;

    impl Store {
        /// A write transaction holding the write lock until it ends. One key per schema:
        /// deployments (or tests) sharing a database in separate schemas do not wait for
        /// each other.
        pub(super) async fn write_tx(&self) -> Result<Transaction<'static, Db>, StoreError> {
            let mut tx = self.pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext('taizhang:' || current_schema()))")
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }

        /// A read transaction on one snapshot. PostgreSQL's default (READ COMMITTED) takes a
        /// new snapshot per statement, so a change committed between two reads would show in
        /// one and not the other: REPEATABLE READ keeps the first.
        pub(super) async fn read_tx(&self) -> Result<Transaction<'static, Db>, StoreError> {
            let mut tx = self.pool.begin().await?;
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }

    /// A rate's latest value at a unit and place: the first of its values ordered by
    /// capture date, newest first (an ordered aggregate; SQLite has none).
    pub(super) const LATEST_VALUE: &str =
        "(array_agg(v.value ORDER BY v.captured_on DESC))[1] AS value";

    /// The latest `per_item` accepted reports of an item in [from, to] that say something, newest
    /// first. Candidates come in small pages in index order (`reports_accepted_by_item_time`,
    /// which holds accepted reports only, so a page costs its own rows) and only
    /// they have their JSON read: filtering on the narrative inside one query made PostgreSQL
    /// parse every report of the month before sorting (1.5 s for the monthly report at a
    /// million reports, whatever the index, when its statistics lagged behind a bulk load).
    pub(super) async fn latest_narratives(
        pool: &Pool,
        item_id: i64,
        item: u32,
        from: NaiveDate,
        to: NaiveDate,
        per_item: u32,
    ) -> Result<Vec<NarrativeLine>, StoreError> {
        const PAGE: i64 = 32;
        let mut out = Vec::new();
        let mut after: Option<(NaiveDate, DateTime<Utc>, String)> = None;
        loop {
            // Two statements, not one with "no cursor yet OR after the cursor": PostgreSQL's
            // generic plan cannot start an index scan at a bound hidden behind an OR.
            let page: Vec<(String, NaiveDate, DateTime<Utc>)> = match &after {
                None => {
                    sqlx::query_as(
                        "SELECT id, captured_on, captured_at FROM reports \
                     WHERE item_id = $1 AND captured_on BETWEEN $2 AND $3 AND status = 'accepted' \
                     ORDER BY captured_on DESC, captured_at DESC, id DESC LIMIT $4",
                    )
                    .bind(item_id)
                    .bind(from)
                    .bind(to)
                    .bind(PAGE)
                    .fetch_all(pool)
                    .await?
                }
                Some((on, at, id)) => {
                    sqlx::query_as(
                        "SELECT id, captured_on, captured_at FROM reports \
                     WHERE item_id = $1 AND captured_on BETWEEN $2 AND $3 AND status = 'accepted' \
                       AND (captured_on, captured_at, id) < ($4, $5, $6) \
                     ORDER BY captured_on DESC, captured_at DESC, id DESC LIMIT $7",
                    )
                    .bind(item_id)
                    .bind(from)
                    .bind(to)
                    .bind(on)
                    .bind(at)
                    .bind(id)
                    .bind(PAGE)
                    .fetch_all(pool)
                    .await?
                }
            };
            let Some(last) = page.last() else {
                return Ok(out);
            };
            let (last_id, last_on, last_at) = last.clone();
            after = Some((last_on, last_at, last_id));
            let ids: Vec<String> = page.iter().map(|(id, _, _)| id.clone()).collect();
            let rows: Vec<(String, NaiveDate, String, String, String, String)> = sqlx::query_as(
                "SELECT r.id, r.captured_on, u.name AS unit, \
                   (r.content::jsonb ->> 'narrative') AS narrative, \
                   (r.content::jsonb ->> 'difficulties') AS difficulties, \
                   COALESCE(r.content::jsonb ->> 'next_steps', '') AS next_steps \
                 FROM reports r JOIN units u ON u.id = r.unit_id WHERE r.id = ANY($1)",
            )
            .bind(&ids)
            .fetch_all(pool)
            .await?;
            let mut by_id: std::collections::HashMap<String, _> = rows
                .into_iter()
                .map(|(id, on, unit, narrative, difficulties, next_steps)| {
                    (id, (on, unit, narrative, difficulties, next_steps))
                })
                .collect();
            for id in &ids {
                let Some((captured_on, unit, narrative, difficulties, next_steps)) =
                    by_id.remove(id)
                else {
                    continue;
                };
                if narrative.is_empty() {
                    continue;
                }
                out.push(NarrativeLine {
                    item,
                    captured_on,
                    unit,
                    narrative,
                    difficulties,
                    next_steps,
                });
                if out.len() >= per_item as usize {
                    return Ok(out);
                }
            }
            if (page.len() as i64) < PAGE {
                return Ok(out);
            }
        }
    }
}

// The same SQL files, compiled a second time for the other backend: on purpose (sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
