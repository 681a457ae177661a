//! The last sync of each user's phone.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

use app::domain::plan::UnitRef;
use app::domain::staleness::SyncSeen;
use app::store::{StalenessStore, StoreError};

use super::dialect::Store;

/// A note younger than this is not written again.
const NOTE_EVERY_MINUTES: i64 = 5;

#[derive(sqlx::FromRow)]
struct SeenRow {
    display_name: String,
    unit_id: i64,
    unit: String,
    last_sync_at: Option<DateTime<Utc>>,
}

#[async_trait]
impl StalenessStore for Store {
    async fn touch_sync(&self, user_id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        let last: Option<Option<DateTime<Utc>>> =
            sqlx::query_scalar("SELECT last_sync_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        let fresh = last
            .flatten()
            .is_some_and(|l| at - l < Duration::minutes(NOTE_EVERY_MINUTES));
        if last.is_some() && !fresh {
            sqlx::query("UPDATE users SET last_sync_at = $1 WHERE id = $2")
                .bind(at)
                .bind(user_id)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    async fn sync_seen(&self, plan: &str) -> Result<Vec<SyncSeen>, StoreError> {
        let rows: Vec<SeenRow> = sqlx::query_as(
            "SELECT u.display_name, u.unit_id, n.name AS unit, u.last_sync_at \
               FROM users u JOIN user_roles r ON r.user_id = u.id \
               JOIN plans p ON p.id = r.plan_id JOIN units n ON n.id = u.unit_id \
              WHERE p.code = $1 AND r.role = 'reporter' AND NOT u.disabled \
              ORDER BY n.name, u.display_name",
        )
        .bind(plan)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| SyncSeen {
                unit: UnitRef {
                    id: r.unit_id,
                    name: r.unit,
                },
                name: r.display_name,
                last: r.last_sync_at,
            })
            .collect())
    }
}
