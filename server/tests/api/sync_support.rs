//! Building reports and pushing them, for the sync tests.

use app::domain::account::Role;
use app::domain::report::{IndicatorInput, IndicatorValue, Report, SCHEMA};
use app::sync::{PushRequest, ReportOp};
use chrono::{NaiveDate, Utc};
use http::Method;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{PLAN, Reply, Req, TestApp};

/// A field worker of 石桥镇 signed in; item 1 (石桥镇 assists) is theirs to report on.
pub struct Field {
    /// The account's display name, which the server shows as the author.
    pub name: String,
    pub user_id: i64,
    pub unit_id: i64,
    pub cookie: String,
}

pub async fn field_worker(app: &TestApp, username: &str) -> Field {
    let user_id = app
        .add_user(username, "石桥镇政府", Some(Role::Reporter))
        .await;
    let plan = app.store.plan(PLAN).await.expect("read").expect("plan");
    let unit_id = plan
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("unit")
        .id;
    Field {
        name: format!("{username} 姓名"),
        user_id,
        unit_id,
        cookie: app.sign_in(username).await,
    }
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// A valid report of `households` 户 on item 1, captured on `on`.
pub fn report(field: &Field, households: f64, on: &str) -> Report {
    Report {
        id: Uuid::now_v7(),
        schema_version: SCHEMA,
        plan: PLAN.into(),
        item: 1,
        unit_id: field.unit_id,
        author_id: field.user_id,
        author: field.name.clone(),
        captured_on: date(on),
        captured_at: Utc::now(),
        values: vec![IndicatorValue {
            code: "households".into(),
            input: IndicatorInput::Increment { amount: households },
        }],
        narrative: "完成适老化改造".into(),
        difficulties: String::new(),
        next_steps: String::new(),
        photos: Vec::new(),
        location: None,
        place: "石桥村".into(),
    }
}

pub fn new_op(report: Report) -> ReportOp {
    ReportOp {
        op_id: Uuid::now_v7(),
        base_revision: None,
        report,
    }
}

pub async fn push(app: &TestApp, cookie: &str, ops: &[ReportOp]) -> Reply {
    app.send(
        Req::new(Method::POST, "/api/v1/sync/push")
            .cookie(cookie)
            .json(serde_json::to_value(PushRequest { ops: ops.to_vec() }).expect("json")),
    )
    .await
}

/// Outcomes of an acknowledged push, in order.
pub fn outcomes(reply: &Reply) -> Vec<String> {
    let body = reply.json();
    assert_eq!(body["ack"], app::sync::ACK, "{}", reply.body);
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["outcome"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = match table {
        "reports" => "SELECT COUNT(*) FROM reports",
        "report_ops" => "SELECT COUNT(*) FROM report_ops",
        _ => "SELECT COUNT(*) FROM report_ops WHERE outcome <> 'applied'",
    };
    app.raw_count(sql).await
}

pub fn result_field(reply: &Reply, index: usize, field: &str) -> Value {
    reply.json()["results"][index][field].clone()
}
