//! Reports, sync and progress on the PostgreSQL store, told the same story as the SQLite
//! store: pushes (new, repeated, edited, conflicting, rejected), pulls, reviews with the
//! progress credit, and every progress view; both must observe the same.

use app::domain::audit::Actor;
use app::domain::plan_file::{TAIBAIHU_2024, parse_plan_file};
use app::store::{AccountStore, NewUserRecord, PlanStore, ProgressStore, ReportStore};
use app::sync::CheckedOp;
use app::sync::{ReportOp, ReviewStatus};
use chrono::{NaiveDate, TimeZone, Utc};
use server::store::PgStore;
use uuid::Uuid;

use crate::pg_support::fresh_schema;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

async fn story(
    store: &(impl PlanStore + AccountStore + ReportStore + ProgressStore),
) -> Vec<String> {
    let plan = parse_plan_file(TAIBAIHU_2024).expect("plan");
    let cli = Actor::command_line();
    store.import_plan(&plan, &cli).await.expect("import");
    let detail = store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let unit = detail
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("unit")
        .id;
    let author = store
        .create_user(
            &NewUserRecord {
                username: "shiqiao".into(),
                display_name: "石桥镇".into(),
                unit_id: unit,
                password_hash: "x".into(),
                role: None,
            },
            &cli,
        )
        .await
        .expect("user");
    let me = Actor::user(author, "shiqiao");
    let now = Utc
        .with_ymd_and_hms(2024, 6, 1, 2, 0, 0)
        .single()
        .expect("time");
    // The same ids on both stores, so their observations compare.
    let mut reports = server::cmd::demo_data::demo_reports(&detail, author, d("2024-12-31"), 1, 9);
    for (i, r) in reports.iter_mut().enumerate() {
        r.id = Uuid::from_u128(0x1000 + i as u128);
        r.captured_at = now;
    }
    let op = |r: &app::domain::report::Report, n: u128, base: Option<u32>| CheckedOp {
        op: ReportOp {
            op_id: Uuid::from_u128(0x9000_0000 + n),
            base_revision: base,
            report: r.clone(),
        },
        verdict: Ok(()),
    };
    let mut seen = Vec::new();
    let batch: Vec<CheckedOp> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| op(r, i as u128, None))
        .collect();
    let results = store.apply_ops(&batch, &me, now).await.expect("push");
    seen.push(format!(
        "{:?}",
        results.iter().map(|r| r.outcome).collect::<Vec<_>>().len()
    ));
    // Again: already had. An edit of revision 1; a stale edit; a rejected op.
    let again = store.apply_ops(&batch[..3], &me, now).await.expect("again");
    seen.push(format!(
        "{:?}",
        again
            .iter()
            .map(|r| (r.outcome, r.revision))
            .collect::<Vec<_>>()
    ));
    let mut edited = reports[0].clone();
    edited.narrative = "改过".into();
    let stale = CheckedOp {
        op: ReportOp {
            op_id: Uuid::from_u128(0xA2),
            base_revision: Some(1),
            report: edited.clone(),
        },
        verdict: Ok(()),
    };
    let edit = op(&edited, 0xA1, Some(1));
    let mut rejected = op(&reports[1], 0xA3, None);
    rejected.op.op_id = Uuid::from_u128(0xA3);
    rejected.verdict = Err("不属于本单位".into());
    let mixed = store
        .apply_ops(&[edit, stale, rejected], &me, now)
        .await
        .expect("mixed");
    seen.push(format!(
        "{:?}",
        mixed
            .iter()
            .map(|r| (r.outcome, r.revision, r.message.clone()))
            .collect::<Vec<_>>()
    ));
    let ids: Vec<Uuid> = reports.iter().take(400).map(|r| r.id).collect();
    store
        .review_many(&ids, ReviewStatus::Accepted, None, &me)
        .await
        .expect("accept");
    store
        .review(reports[500].id, ReviewStatus::Returned, Some("补照片"), &me)
        .await
        .expect("return");
    seen.push(format!(
        "{:?}",
        store
            .review(reports[0].id, ReviewStatus::Returned, Some("x"), &me)
            .await
            .map_err(|e| e.to_string())
    ));
    let page = store.changes_since(unit, 0, 1000).await.expect("pull");
    seen.push(format!("{} {}", page.changes.len(), page.more));
    let stored = store
        .report(reports[0].id)
        .await
        .expect("read")
        .expect("report");
    seen.push(format!(
        "{} {:?} {}",
        stored.revision, stored.status, stored.report.narrative
    ));
    seen.push(format!(
        "{}",
        store
            .item_reports("taibaihu-2024", 1)
            .await
            .expect("item")
            .len()
    ));
    let first = store
        .plan_reports_page("taibaihu-2024", None, 100)
        .await
        .expect("page");
    seen.push(format!(
        "{} {:?}",
        first.len(),
        first.last().map(|r| r.report.id)
    ));
    seen.push(format!(
        "{:?}",
        store
            .quarantine(10)
            .await
            .expect("q")
            .iter()
            .map(|q| (q.outcome.clone(), q.reason.clone()))
            .collect::<Vec<_>>()
    ));
    for day in ["2024-05-31", "2024-09-30", "2024-12-31"] {
        let mut p = store
            .plan_progress("taibaihu-2024", d(day))
            .await
            .expect("progress");
        p.sort_by(|a, b| (a.item, &a.code).cmp(&(b.item, &b.code)));
        seen.push(format!("{p:?}"));
    }
    seen.push(format!(
        "{:?}",
        store
            .item_breakdown("taibaihu-2024", 10, d("2024-12-31"))
            .await
            .expect("breakdown")
    ));
    seen.push(format!(
        "{:?}",
        store
            .item_series("taibaihu-2024", 10, d("2024-12-31"))
            .await
            .expect("series")
    ));
    let mut pending = store
        .pending_counts("taibaihu-2024")
        .await
        .expect("pending");
    pending.sort();
    seen.push(format!("{pending:?}"));
    seen.push(format!(
        "{:?}",
        store
            .narratives("taibaihu-2024", None, d("2024-06-01"), d("2024-06-30"), 2)
            .await
            .expect("narratives")
    ));
    seen.push(format!("{}", store.catalogue_seq().await.expect("seq") > 0));
    seen
}

#[tokio::test]
async fn reports_sync_and_progress_behave_as_on_sqlite() {
    let Some(schema) = fresh_schema("pg_reports").await else {
        return;
    };
    let pg = PgStore::open(&schema.url(), 4).await.expect("opens");
    let dir = tempfile::tempdir().expect("dir");
    let lite = server::store::SqliteStore::open(&format!(
        "sqlite://{}",
        dir.path().join("r.db").display()
    ))
    .await
    .expect("sqlite");
    let on_lite = story(&lite).await;
    let on_pg = story(&pg).await;
    for (i, (a, b)) in on_lite.iter().zip(&on_pg).enumerate() {
        assert_eq!(b, a, "observation {i} differs");
    }
    assert_eq!(on_pg.len(), on_lite.len());
    schema.drop().await;
}
