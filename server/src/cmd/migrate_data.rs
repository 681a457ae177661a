//! `taizhang migrate-data --from sqlite://… --to postgres://…`: moves a district's whole
//! history (plans, units, users, sessions, reports and every op, progress, the weekly
//! ledger, difficulties, notices, visits, the audit trail) from its SQLite file to a
//! PostgreSQL database, in one transaction, and says it succeeded only after the row counts
//! and a checksum of every table agree on both sides. Running it again changes nothing:
//! a target holding the same data is left alone, a target holding other data is refused.

use sha2::{Digest, Sha256};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{PgPool, Postgres, QueryBuilder, Row, SqlitePool, TypeInfo, ValueRef};

use crate::config::cli::MigrateDataArgs;
use crate::config::settings::redact;

/// Every table, parents before children, with the columns that order its rows.
pub const TABLES: [(&str, &str); 45] = [
    ("plans", "id"),
    ("units", "id"),
    ("unit_aliases", "unit_id, alias"),
    ("plan_units", "plan_id, unit_id"),
    ("categories", "id"),
    ("items", "id"),
    ("item_units", "item_id, unit_id"),
    ("indicators", "id"),
    ("target_parts", "indicator_id, position"),
    ("users", "id"),
    ("user_roles", "user_id, plan_id"),
    ("leader_categories", "user_id, plan_id, category_number"),
    ("sessions", "token_hash"),
    ("login_attempts", "key"),
    ("audit_log", "id"),
    ("reports", "id"),
    ("report_ops", "op_id, content_hash"),
    ("uploads", "id"),
    ("photos", "photo_id, part"),
    ("photo_stages", "photo_id"),
    ("changes", "seq"),
    ("progress_values", "indicator_id, report_id"),
    ("progress_days", "indicator_id, day"),
    ("progress_unit_days", "unit_id, indicator_id, day"),
    ("progress_places", "indicator_id, place"),
    ("indicator_schedules", "indicator_id, due_on"),
    ("indicator_shares", "indicator_id, unit_id"),
    ("weekly_updates", "item_id, week_start, unit_id"),
    ("weekly_statements", "item_id, week_start, unit_id"),
    ("difficulties", "id"),
    ("difficulty_events", "id"),
    ("notices", "id"),
    ("notice_returns", "id"),
    ("visits", "id"),
    ("visit_photos", "photo_id"),
    ("item_scans", "item_id, day"),
    ("feedback", "id"),
    ("evaluations", "id"),
    ("ballots", "id"),
    ("target_decisions", "id"),
    ("item_decisions", "id"),
    ("progress_notes", "id"),
    ("opinions", "id"),
    ("monthly_submissions", "id"),
    ("schedule_proposals", "id"),
];

/// Tables whose id comes from a sequence on PostgreSQL (set past the copied ids).
const SERIAL: [(&str, &str); 22] = [
    ("plans", "id"),
    ("units", "id"),
    ("categories", "id"),
    ("items", "id"),
    ("indicators", "id"),
    ("users", "id"),
    ("audit_log", "id"),
    ("changes", "seq"),
    ("difficulties", "id"),
    ("difficulty_events", "id"),
    ("notices", "id"),
    ("notice_returns", "id"),
    ("visits", "id"),
    ("feedback", "id"),
    ("evaluations", "id"),
    ("ballots", "id"),
    ("target_decisions", "id"),
    ("item_decisions", "id"),
    ("progress_notes", "id"),
    ("opinions", "id"),
    ("monthly_submissions", "id"),
    ("schedule_proposals", "id"),
];

/// One value in a form both databases agree on: the checksum hashes this, and it is what
/// the copy writes.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Value {
    fn canonical(&self, pg_type: &str) -> String {
        match self {
            Value::Null => "\u{0}".to_string(),
            Value::Int(i) if pg_type == "boolean" => u8::from(*i != 0).to_string(),
            Value::Int(i) => i.to_string(),
            Value::Real(f) => format!("{f:?}"),
            Value::Text(t) if pg_type == "timestamp with time zone" => normal_time(t),
            Value::Text(t) => t.clone(),
        }
    }
}

/// A timestamp as UTC in whole microseconds (PostgreSQL's resolution; SQLite keeps the
/// nanoseconds chrono wrote), rounded half to even as PostgreSQL rounds. Both the copy and
/// the checksum use this form, so they agree exactly.
fn normal_time(t: &str) -> String {
    let Ok(d) = chrono::DateTime::parse_from_rfc3339(t)
        .or_else(|_| chrono::DateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f%:z"))
    else {
        return t.to_string();
    };
    let d = d.with_timezone(&chrono::Utc);
    let nanos = i64::from(d.timestamp_subsec_nanos());
    let (micros, rest) = (nanos / 1000, nanos % 1000);
    let micros = if rest > 500 || (rest == 500 && micros % 2 == 1) {
        micros + 1
    } else {
        micros
    };
    let whole = d - chrono::Duration::nanoseconds(nanos) + chrono::Duration::microseconds(micros);
    whole.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The PostgreSQL type of each column of `table`, in the SQLite column order.
async fn pg_types(pg: &PgPool, table: &str) -> Result<Vec<(String, String)>, String> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pg)
    .await
    .map_err(|e| format!("读取 {table} 的列失败：{e}"))?;
    Ok(rows)
}

async fn read_sqlite(
    lite: &SqlitePool,
    table: &str,
    order: &str,
    columns: &[(String, String)],
) -> Result<Vec<Vec<Value>>, String> {
    let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM {table} ORDER BY {order}",
        names.join(", ")
    )))
    .fetch_all(lite)
    .await
    .map_err(|e| format!("读取 SQLite 表 {table} 失败：{e}"))?;
    rows.iter()
        .map(|row| {
            (0..columns.len())
                .map(|i| {
                    let raw = row.try_get_raw(i).map_err(|e| e.to_string())?;
                    if raw.is_null() {
                        return Ok(Value::Null);
                    }
                    let kind = raw.type_info().name().to_string();
                    Ok(match kind.as_str() {
                        "INTEGER" => Value::Int(row.try_get(i).map_err(|e| e.to_string())?),
                        "REAL" => Value::Real(row.try_get(i).map_err(|e| e.to_string())?),
                        _ => Value::Text(row.try_get(i).map_err(|e| e.to_string())?),
                    })
                })
                .collect()
        })
        .collect()
}

/// A PostgreSQL table's rows, read through the pool or an open transaction (whose rows
/// nobody else sees yet).
async fn read_pg<'e, E>(
    exec: E,
    table: &str,
    order: &str,
    columns: &[(String, String)],
) -> Result<Vec<Vec<Value>>, String>
where
    E: sqlx::Executor<'e, Database = Postgres>,
{
    // Read back as text where the type is not an integer or a float, in the forms SQLite
    // stores (ISO dates; timestamps normalised by `canonical`).
    let select: Vec<String> = columns
        .iter()
        .map(|(c, t)| match t.as_str() {
            "bigint" | "integer" | "double precision" => c.clone(),
            "boolean" => format!("{c}::int4::int8"),
            "timestamp with time zone" => {
                format!("to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
            }
            _ => format!("{c}::text"),
        })
        .collect();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM {table} ORDER BY {order}",
        select.join(", ")
    )))
    .fetch_all(exec)
    .await
    .map_err(|e| format!("读取 PostgreSQL 表 {table} 失败：{e}"))?;
    rows.iter()
        .map(|row| {
            columns
                .iter()
                .enumerate()
                .map(|(i, (_, t))| {
                    let raw = row.try_get_raw(i).map_err(|e| e.to_string())?;
                    if raw.is_null() {
                        return Ok(Value::Null);
                    }
                    Ok(match t.as_str() {
                        "integer" => Value::Int(i64::from(
                            row.try_get::<i32, _>(i).map_err(|e| e.to_string())?,
                        )),
                        "bigint" | "boolean" => {
                            Value::Int(row.try_get(i).map_err(|e| e.to_string())?)
                        }
                        "double precision" => {
                            Value::Real(row.try_get(i).map_err(|e| e.to_string())?)
                        }
                        _ => Value::Text(row.try_get(i).map_err(|e| e.to_string())?),
                    })
                })
                .collect()
        })
        .collect()
}

/// Row count and SHA-256 of a table's rows in key order, canonical form.
fn checksum(rows: &[Vec<Value>], columns: &[(String, String)]) -> (usize, String) {
    let mut hash = Sha256::new();
    for row in rows {
        for (value, (_, t)) in row.iter().zip(columns) {
            hash.update(value.canonical(t).as_bytes());
            hash.update([0x1f]);
        }
        hash.update([0x1e]);
    }
    (rows.len(), format!("{:x}", hash.finalize()))
}

async fn insert(
    tx: &mut sqlx::PgConnection,
    table: &str,
    columns: &[(String, String)],
    rows: &[Vec<Value>],
) -> Result<(), String> {
    // PostgreSQL takes at most 65,535 parameters per statement.
    let per_batch = (60_000 / columns.len().max(1)).max(1);
    let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
    for batch in rows.chunks(per_batch) {
        let mut q =
            QueryBuilder::<Postgres>::new(format!("INSERT INTO {table} ({}) ", names.join(", ")));
        q.push_values(batch, |mut b, row| {
            for (value, (_, t)) in row.iter().zip(columns) {
                match (value, t.as_str()) {
                    (Value::Null, _) => {
                        b.push("NULL");
                    }
                    (Value::Int(i), "boolean") => {
                        b.push_bind(*i != 0);
                    }
                    (Value::Int(i), "integer") => {
                        b.push_bind(i32::try_from(*i).unwrap_or(i32::MAX));
                    }
                    (Value::Int(i), _) => {
                        b.push_bind(*i);
                    }
                    (Value::Real(f), _) => {
                        b.push_bind(*f);
                    }
                    (Value::Text(s), "timestamp with time zone") => {
                        b.push_bind(normal_time(s))
                            .push_unseparated("::timestamptz");
                    }
                    (Value::Text(s), ty) => {
                        b.push_bind(s.clone())
                            .push_unseparated(format!("::{}", cast(ty)));
                    }
                }
            }
        });
        q.build()
            .execute(&mut *tx)
            .await
            .map_err(|e| format!("写入 {table} 失败：{e}"))?;
    }
    Ok(())
}

fn cast(pg_type: &str) -> &str {
    match pg_type {
        "date" => "date",
        _ => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::normal_time;

    #[test]
    fn timestamps_round_to_microseconds_as_postgres_does() {
        assert_eq!(
            normal_time("2026-11-28T21:48:24.222526545+00:00"),
            "2026-11-28T21:48:24.222527Z"
        );
        assert_eq!(
            normal_time("2026-11-28T21:48:24.222526499+00:00"),
            "2026-11-28T21:48:24.222526Z"
        );
        // Exactly half: to even.
        assert_eq!(
            normal_time("2026-11-28T21:48:24.000000500+00:00"),
            "2026-11-28T21:48:24.000000Z"
        );
        assert_eq!(
            normal_time("2026-11-28T21:48:24.000001500+00:00"),
            "2026-11-28T21:48:24.000002Z"
        );
        assert_eq!(
            normal_time("2026-11-28T23:59:59.999999900+08:00"),
            "2026-11-28T16:00:00.000000Z"
        );
    }
}

/// What a run did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Copied; every table's count and checksum agree.
    Copied(Vec<(String, usize)>),
    /// The target already held exactly this data; nothing was written.
    AlreadyThere,
}

pub async fn migrate(from: &str, to: &str) -> Result<Outcome, String> {
    if !from.starts_with("sqlite:") || !to.starts_with("postgres") {
        return Err("用法：--from sqlite://文件 --to postgres://…".to_string());
    }
    // Bring the source up to date first, so both sides have the same tables.
    crate::store::open(from).await.map_err(|e| e.to_string())?;
    let lite = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(from)
        .await
        .map_err(|e| format!("无法打开 {}：{e}", redact(from)))?;
    let pg = PgPoolOptions::new()
        .max_connections(2)
        .connect(to)
        .await
        .map_err(|e| format!("无法连接 {}：{e}", redact(to)))?;
    crate::store::PG_MIGRATOR
        .run(&pg)
        .await
        .map_err(|e| format!("PostgreSQL 建表失败：{e}"))?;

    let mut source = Vec::new();
    for (table, order) in TABLES {
        let columns = pg_types(&pg, table).await?;
        let rows = read_sqlite(&lite, table, order, &columns).await?;
        source.push((table, order, columns, rows));
    }
    // A target with data must hold exactly ours: then there is nothing to do.
    let target_rows: i64 =
        sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM plans) + (SELECT COUNT(*) FROM users)")
            .fetch_one(&pg)
            .await
            .map_err(|e| e.to_string())?;
    if target_rows > 0 {
        for (table, order, columns, rows) in &source {
            let there = read_pg(&pg, table, order, columns).await?;
            if checksum(rows, columns) != checksum(&there, columns) {
                return Err(format!(
                    "目标库已有不同的数据（表 {table} 不一致）；为免覆盖，未作任何改动"
                ));
            }
        }
        return Ok(Outcome::AlreadyThere);
    }
    let mut tx = pg.begin().await.map_err(|e| e.to_string())?;
    for (table, _, columns, rows) in &source {
        insert(&mut tx, table, columns, rows).await?;
    }
    for (table, column) in SERIAL {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
             COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
        )))
        .execute(&mut *tx)
        .await
        .map_err(|e| format!("设置 {table} 序列失败：{e}"))?;
    }
    // Verify inside the transaction: commit only what reads back identical.
    let mut counts = Vec::new();
    for (table, order, columns, rows) in &source {
        let there = read_pg(&mut *tx, table, order, columns).await?;
        let (n, want) = checksum(rows, columns);
        let (m, got) = checksum(&there, columns);
        if n != m || want != got {
            return Err(format!(
                "校验失败：表 {table} 源 {n} 行、目标 {m} 行或校验和不同；已回滚"
            ));
        }
        counts.push((table.to_string(), n));
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(Outcome::Copied(counts))
}

/// Copies the photos the source records into the target's photo store, each verified; a
/// second run skips what is there already.
async fn migrate_photos(args: &MigrateDataArgs) -> Result<(), String> {
    use crate::cmd::photo_copy::{copy_photos, recorded_parts};
    let lite = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&args.from)
        .await
        .map_err(|e| format!("无法打开 {}：{e}", redact(&args.from)))?;
    let parts = recorded_parts(&lite).await?;
    lite.close().await;
    if parts.is_empty() {
        return Ok(());
    }
    let to = args
        .to_photos
        .as_deref()
        .ok_or_else(|| "请用 --to-photos 指定目标照片存储".to_string())?;
    let from = args
        .from_photos
        .clone()
        .unwrap_or_else(|| crate::config::cli::default_photo_store(&args.from));
    let from = crate::store::Blobs::open(&from).map_err(|e| e.to_string())?;
    let to = crate::store::Blobs::open(to).map_err(|e| e.to_string())?;
    let copied = copy_photos(&parts, &from, &to).await?;
    println!(
        "照片：复制 {} 个文件（{:.1} MB），{} 个已在目标中，全部校验 SHA-256 一致",
        copied.files,
        copied.bytes as f64 / 1_048_576.0,
        copied.skipped
    );
    Ok(())
}

pub async fn run(args: MigrateDataArgs) -> Result<(), String> {
    // Photos need a place to go before anything moves: refuse early, change nothing.
    if args.to_photos.is_none() && args.from.starts_with("sqlite:") {
        crate::store::open(&args.from)
            .await
            .map_err(|e| e.to_string())?;
        let lite = SqlitePoolOptions::new()
            .max_connections(1)
            .connect(&args.from)
            .await
            .map_err(|e| format!("无法打开 {}：{e}", redact(&args.from)))?;
        let n = crate::cmd::photo_copy::recorded_parts(&lite).await?.len();
        lite.close().await;
        if n > 0 {
            return Err(format!(
                "源库有 {n} 个照片文件：请用 --to-photos 指定目标照片存储（如 s3://存储桶）；未作任何改动"
            ));
        }
    }
    match migrate(&args.from, &args.to).await? {
        Outcome::Copied(counts) => {
            println!("已迁移到 {}，各表行数与校验和一致：", redact(&args.to));
            for (table, n) in counts {
                println!("  {table:<20} {n}");
            }
        }
        Outcome::AlreadyThere => println!("目标库已是同一份数据，无需迁移，未作改动"),
    }
    migrate_photos(&args).await
}
