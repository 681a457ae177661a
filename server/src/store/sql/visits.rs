//! 一线督导 in storage: a visit, its photos (recorded in the same transaction) and its
//! audit row; the list of an item's or a plan's visits with their photos. Apart from
//! the rest of 督查督办 (supervision.rs) only to keep each file readable.

use chrono::{NaiveDate, Utc};
use serde_json::json;
use sqlx::QueryBuilder;
use uuid::Uuid;

use app::domain::audit::{Actor, AuditAction, AuditEntity};
use app::domain::supervision::Visit;
use app::store::{NewVisit, StoreError};

use super::audit::{AuditRow, write_audit};
use super::dialect::{Conn, Db, Store};
use super::supervision::item_id;

/// A visit with its item and recorder.
#[derive(sqlx::FromRow)]
struct VisitRow {
    id: i64,
    item: i32,
    item_title: String,
    visited_on: NaiveDate,
    place: String,
    findings: String,
    recorded_by: String,
}

pub(super) async fn record(
    store: &Store,
    new: &NewVisit,
    actor: &Actor,
) -> Result<i64, StoreError> {
    let mut tx = store.write_tx().await?;
    let conn: &mut Conn = &mut tx;
    let item = item_id(conn, &new.plan, new.item).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO visits (item_id, visited_on, place, findings, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(item)
    .bind(new.visited_on)
    .bind(&new.place)
    .bind(&new.findings)
    .bind(actor.user_id)
    .bind(Utc::now())
    .fetch_one(&mut *conn)
    .await?;
    for photo in &new.photos {
        sqlx::query(
            "INSERT INTO visit_photos (photo_id, visit_id, sha256, bytes, received_at) \
                 VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(photo.id.to_string())
        .bind(id)
        .bind(&photo.sha256)
        .bind(photo.bytes as i64)
        .bind(Utc::now())
        .execute(&mut *conn)
        .await?;
    }
    write_audit(
        conn,
        actor,
        AuditRow {
            action: AuditAction::VisitRecord,
            entity: AuditEntity::Visit,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "item": new.item, "visited_on": new.visited_on, "place": new.place,
                "findings": new.findings,
                "photos": new.photos.iter().map(|p| p.sha256.clone()).collect::<Vec<_>>()
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn list(
    store: &Store,
    plan: &str,
    item: Option<u32>,
) -> Result<Vec<Visit>, StoreError> {
    let rows: Vec<VisitRow> = sqlx::query_as(
            "SELECT v.id, i.number AS item, i.title AS item_title, v.visited_on, v.place, v.findings, \
               u.display_name AS recorded_by \
             FROM visits v JOIN items i ON i.id = v.item_id JOIN plans p ON p.id = i.plan_id \
             JOIN users u ON u.id = v.recorded_by \
             WHERE p.code = $1 AND (CAST($2 AS INTEGER) IS NULL OR i.number = $2) ORDER BY v.visited_on DESC, v.id DESC",
        )
        .bind(plan)
        .bind(item.map(|n| n as i32))
        .fetch_all(&store.pool)
        .await
        ?;
    let mut photos: Vec<(i64, String)> = Vec::new();
    if !rows.is_empty() {
        let mut q = QueryBuilder::<Db>::new(
            "SELECT visit_id, photo_id FROM visit_photos WHERE visit_id IN ",
        );
        q.push_tuples(&rows, |mut b, r| {
            b.push_bind(r.id);
        });
        q.push(" ORDER BY received_at, photo_id");
        photos = q.build_query_as().fetch_all(&store.pool).await?;
    }
    Ok(rows
        .into_iter()
        .map(|r| Visit {
            photos: photos
                .iter()
                .filter(|(v, _)| *v == r.id)
                .map(|(_, p)| p.clone())
                .collect(),
            id: r.id,
            item: r.item as u32,
            item_title: r.item_title,
            visited_on: r.visited_on,
            place: r.place,
            findings: r.findings,
            recorded_by: r.recorded_by,
        })
        .collect())
}

pub(super) async fn has_photo(store: &Store, photo: Uuid) -> Result<bool, StoreError> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT photo_id FROM visit_photos WHERE photo_id = $1")
            .bind(photo.to_string())
            .fetch_optional(&store.pool)
            .await?;
    Ok(found.is_some())
}
