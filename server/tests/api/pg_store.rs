//! The PostgreSQL store, as far as it is built (plans, the audit trail): it imports the
//! 2024 plan and reads it back exactly as the SQLite store does; the same plan again
//! changes nothing; a different plan under the same code is refused untouched.

use app::audit::{Actor, AuditFilter};
use app::plan_file::{TAIBAIHU_2024, parse_plan_file};
use app::store::{AuditStore, ImportOutcome, PlanStore, StoreError};
use server::db::pg::PgStore;

use crate::pg_support::fresh_schema;

#[tokio::test]
async fn plans_read_back_as_on_sqlite_and_imports_are_idempotent() {
    let Some(schema) = fresh_schema("pg_store").await else {
        return;
    };
    let pg = PgStore::open(&schema.url()).await.expect("opens");
    pg.ping().await.expect("answers");
    let plan = parse_plan_file(TAIBAIHU_2024).expect("the built-in plan");
    let actor = Actor::command_line();
    assert_eq!(
        pg.import_plan(&plan, &actor).await.expect("import"),
        ImportOutcome::Created
    );
    assert_eq!(
        pg.import_plan(&plan, &actor).await.expect("again"),
        ImportOutcome::Unchanged
    );

    let dir = tempfile::tempdir().expect("dir");
    let lite = server::db::open(&format!("sqlite://{}", dir.path().join("p.db").display()))
        .await
        .expect("sqlite");
    lite.import_plan(&plan, &actor).await.expect("import");
    let on_pg = pg.plan("taibaihu-2024").await.expect("read").expect("plan");
    let on_lite = lite
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    assert_eq!(on_pg, on_lite);
    assert_eq!(
        pg.list_plans().await.expect("list"),
        lite.list_plans().await.expect("list")
    );
    assert!(pg.plan("no-such-plan").await.expect("read").is_none());

    // Another plan under the same code: refused, nothing changed.
    let mut other = plan.clone();
    other.meta.title = "另一份计划".into();
    assert!(matches!(
        pg.import_plan(&other, &actor).await,
        Err(StoreError::PlanConflict(_))
    ));
    assert_eq!(
        pg.plan("taibaihu-2024").await.expect("read").expect("plan"),
        on_lite
    );

    // One audit row: the import (the unchanged import and the refusal write none).
    let rows = pg.audit(&AuditFilter::default()).await.expect("audit");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "plan.import");
    assert_eq!(
        rows[0].after.as_ref().and_then(|a| a["items"].as_u64()),
        Some(20)
    );
    schema.drop().await;
}
