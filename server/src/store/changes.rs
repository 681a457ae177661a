//! Knowing that the database changed, so a server can keep what it read in memory until then
//! (`http::page_cache`). A counter moves on every change; what was read at one count is good
//! only while the count stays the same.
//!
//! Who moves it:
//! - the server itself, after every write request it answers (`page_cache::serve`), so its
//!   own next read is never stale;
//! - on PostgreSQL, a notice from the database: every write to a watched table notifies
//!   `taizhang_changes` when its transaction commits (migration 0022), whichever server or
//!   command made it;
//! - on SQLite, the file's own change counter (`PRAGMA data_version`), read every
//!   `SQLITE_POLL`: it moves when any other connection or process commits (`taizhang import`
//!   on the command line, a second server on the same file).
//!
//! While nothing watches (not started yet, or the notice connection is lost), `current` is
//! `None`: nothing may be served from memory, since a change could go unseen.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// The channel migration 0022's triggers notify on.
pub const CHANNEL: &str = "taizhang_changes";

/// How often a SQLite server looks at the file's change counter: the longest a change made
/// by another process stays unseen.
pub const SQLITE_POLL: Duration = Duration::from_millis(100);

/// How long to wait before connecting again after the watch failed.
const RETRY: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
pub struct Changes {
    count: AtomicU64,
    watched: AtomicBool,
}

impl Changes {
    pub fn new() -> Arc<Changes> {
        Arc::new(Changes::default())
    }

    /// The count now, or `None` while changes could go unseen.
    pub fn current(&self) -> Option<u64> {
        // The count is read after the flag: a watch lost in between moves the count, so
        // anything read at this count is already out of date.
        if self.watched.load(Ordering::Acquire) {
            Some(self.count.load(Ordering::Acquire))
        } else {
            None
        }
    }

    /// Something changed (or may have): everything read before now is out of date.
    pub fn moved(&self) {
        self.count.fetch_add(1, Ordering::AcqRel);
    }

    fn watching(&self, on: bool) {
        self.watched.store(on, Ordering::Release);
        self.moved();
    }
}

/// Watches the database at `url` for as long as the returned task runs, moving `changes`.
pub fn watch(url: &str, changes: Arc<Changes>) -> tokio::task::JoinHandle<()> {
    let url = url.to_string();
    tokio::spawn(async move {
        if url.starts_with("sqlite:") {
            watch_sqlite(&url, &changes).await
        } else {
            watch_postgres(&url, &changes).await
        }
    })
}

/// Starts `watch` and returns once it watches (or after `within`, saying whether it does).
pub async fn watch_ready(
    url: &str,
    changes: Arc<Changes>,
    within: Duration,
) -> (tokio::task::JoinHandle<()>, bool) {
    let task = watch(url, changes.clone());
    let deadline = tokio::time::Instant::now() + within;
    while changes.current().is_none() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let ready = changes.current().is_some();
    (task, ready)
}

async fn watch_sqlite(url: &str, changes: &Changes) {
    use sqlx::Connection;
    loop {
        // A connection of its own: `data_version` tells one connection about the commits
        // of all the others, the server's own pool among them.
        match sqlx::SqliteConnection::connect(url).await {
            Ok(mut conn) => {
                let mut seen: Option<i64> = None;
                loop {
                    match sqlx::query_scalar::<_, i64>("PRAGMA data_version")
                        .fetch_one(&mut conn)
                        .await
                    {
                        Ok(version) => {
                            if seen.is_none() {
                                changes.watching(true);
                            } else if seen != Some(version) {
                                changes.moved();
                            }
                            seen = Some(version);
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "watching the database for changes failed");
                            break;
                        }
                    }
                    tokio::time::sleep(SQLITE_POLL).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "watching the database for changes failed"),
        }
        changes.watching(false);
        tokio::time::sleep(RETRY).await;
    }
}

async fn watch_postgres(url: &str, changes: &Changes) {
    use sqlx::postgres::PgListener;
    loop {
        match listen(url).await {
            Ok((mut listener, schema)) => {
                changes.watching(true);
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notice)) => {
                            if notice.payload() == schema {
                                changes.moved();
                            }
                        }
                        // The connection dropped and was made again: notices sent in
                        // between are lost, so anything may have changed.
                        Ok(None) => changes.moved(),
                        Err(e) => {
                            tracing::warn!(error = %e, "the database's change notices stopped");
                            break;
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "listening for the database's changes failed"),
        }
        changes.watching(false);
        tokio::time::sleep(RETRY).await;
    }

    async fn listen(url: &str) -> Result<(PgListener, String), sqlx::Error> {
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        // The schema this server's tables live in (the URL's search_path, else "public").
        let schema: String = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&mut listener)
            .await?;
        Ok((listener, schema))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_counts_while_unwatched_and_every_change_moves_the_count() {
        let changes = Changes::new();
        assert_eq!(changes.current(), None, "not watched yet");
        changes.watching(true);
        let at = changes.current().expect("watched");
        assert_eq!(changes.current(), Some(at), "nothing changed");
        changes.moved();
        assert_ne!(changes.current(), Some(at));
        changes.watching(false);
        assert_eq!(changes.current(), None, "the watch was lost");
        changes.watching(true);
        assert!(
            changes.current() > Some(at + 1),
            "a watch regained starts a new count"
        );
    }
}
