use http::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

fn item(plan: &Value, number: u64) -> &Value {
    plan["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["number"] == number)
        .expect("item present")
}

fn indicator<'a>(plan: &'a Value, number: u64, code: &str) -> &'a Value {
    item(plan, number)["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == code)
        .expect("indicator present")
}

#[tokio::test]
async fn healthz_answers_ok_when_the_database_is_reachable() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn plans_lists_the_2024_plan_after_first_start() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/plans").await;
    assert_eq!(status, StatusCode::OK);
    let plans = body.as_array().expect("array");
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0]["id"], "taibaihu-2024");
    assert_eq!(plans[0]["doc_number"], "济太管发〔2024〕1号");
    assert_eq!(plans[0]["issued_on"], "2024-04-02");
    assert_eq!(plans[0]["category_count"], 13);
    assert_eq!(plans[0]["item_count"], 20);
}

#[tokio::test]
async fn the_plan_comes_back_with_all_categories_items_and_units() {
    let app = spawn_app().await;
    let (status, plan) = app.get_json("/api/v1/plans/taibaihu-2024").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(plan["categories"].as_array().map(Vec::len), Some(13));
    assert_eq!(plan["categories"][12]["name"], "食品安全");
    assert_eq!(plan["items"].as_array().map(Vec::len), Some(20));
    assert_eq!(plan["units"].as_array().map(Vec::len), Some(21));
    assert_eq!(item(&plan, 12)["category"], 6);
    assert_eq!(item(&plan, 15)["category"], 8);
    assert_eq!(item(&plan, 4)["lead_units"][0]["name"], "北湖消防救援大队");
    let co: Vec<&str> = item(&plan, 1)["co_units"]
        .as_array()
        .expect("co units")
        .iter()
        .map(|u| u["name"].as_str().expect("name"))
        .collect();
    assert_eq!(co, ["区财政金融局", "石桥镇政府", "许庄街道办事处"]);
    // Unit ids in items point into the plan's unit list.
    let unit_ids: Vec<&Value> = plan["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| &u["id"])
        .collect();
    assert!(unit_ids.contains(&&item(&plan, 20)["lead_units"][0]["id"]));
}

#[tokio::test]
async fn the_notice_targets_and_their_parts_come_back() {
    let app = spawn_app().await;
    let (_, plan) = app.get_json("/api/v1/plans/taibaihu-2024").await;
    let seats = indicator(&plan, 6, "kindergarten-seats");
    assert_eq!(seats["kind"], "count");
    assert_eq!(seats["target"], 630.0);
    assert_eq!(seats["unit"], "个");
    assert_eq!(seats["actual"], 0.0);
    let share = indicator(&plan, 6, "public-share");
    assert_eq!(
        (share["kind"].as_str(), share["target"].as_f64()),
        (Some("rate"), Some(70.0))
    );
    assert_eq!(share["comparison"], "at_least");
    let places = indicator(&plan, 7, "high-school-places");
    assert_eq!(places["target"], 1173.0);
    let parts: Vec<f64> = places["parts"]
        .as_array()
        .expect("parts")
        .iter()
        .map(|p| p["target"].as_f64().expect("number"))
        .collect();
    assert_eq!(parts, [499.0, 674.0]);
    assert_eq!(
        indicator(&plan, 5, "reimbursement-per-case")["target"],
        381.5
    );
    assert_eq!(indicator(&plan, 10, "venues-covered")["kind"], "coverage");
    assert_eq!(indicator(&plan, 20, "food-samples")["target"], 1600.0);
    let milestone = indicator(&plan, 18, "water-repairs");
    assert_eq!(milestone["kind"], "milestone");
    assert!(milestone["target"].is_null());
}

#[tokio::test]
async fn an_unknown_plan_is_a_404_with_a_chinese_message() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/plans/no-such-plan").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(
        body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("no-such-plan"),
        "{body}"
    );
}
