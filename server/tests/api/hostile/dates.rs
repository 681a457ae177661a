//! Dates from requests: chrono's extremes and impossible days answer a refusal (or the page
//! with its message), never a panic or a dropped connection; out-of-range deadlines and
//! days are refused in forms and nothing is stored.

use http::StatusCode;

use super::{assert_alive, get_as, post_form, scene};
use crate::helpers::PLAN;

const EXTREMES: [&str; 6] = [
    "%2B262142-12-31",
    "-262143-01-01",
    "1900-01-01",
    "9999-12-31",
    "0000-01-01",
    "2024-02-30",
];

#[tokio::test]
async fn pages_survive_extreme_days() {
    let s = scene().await;
    let mut cases = 0;
    for day in EXTREMES {
        for (who, path) in [
            (&s.manager, format!("/plans/{PLAN}/weekly?as_of={day}")),
            (&s.manager, format!("/plans/{PLAN}?as_of={day}")),
            (&s.manager, format!("/plans/{PLAN}/items/1?as_of={day}")),
            (&s.supervisor, format!("/admin/audit?from={day}&to={day}")),
            (&s.supervisor, format!("/api/v1/audit?from={day}")),
            (&s.supervisor, format!("/api/v1/audit?to={day}")),
            (
                &s.manager,
                format!("/plans/{PLAN}/monthly?month={}", &day[..day.len() - 3]),
            ),
            (&s.manager, format!("/api/v1/plans/{PLAN}?as_of={day}")),
        ] {
            let reply = get_as(&s.app, who, &path).await;
            let case = format!("GET {path}");
            assert!(
                !reply.status.is_server_error(),
                "{case}: {} {}",
                reply.status,
                reply.body
            );
            if reply.status.is_success() && path.contains("as_of") && !day.starts_with("2024") {
                // Pages show the refusal in place of the data.
                assert!(
                    reply.body.contains("日期超出可接受范围") || reply.body.contains("日期"),
                    "{case}: no message"
                );
            }
            assert_alive(&case, &s.app).await;
            cases += 1;
        }
    }
    println!("date cases (pages): {cases}");
}

#[tokio::test]
async fn out_of_range_days_in_forms_are_refused_and_nothing_is_stored() {
    let s = scene().await;
    let lead = s.app.unit_id("区社会事业发展局").await.to_string();
    let item = format!("/plans/{PLAN}/items/1");
    let mut cases = 0;
    for deadline in [
        "99999-01-01",
        "2099-01-01",
        "1900-01-01",
        "2023-01-01",
        "+262142-12-31",
        "明天",
    ] {
        let reply = post_form(
            &s.app,
            &s.supervisor,
            &format!("{item}/notices"),
            &[
                ("unit_id", lead.as_str()),
                ("colour", "red"),
                ("requirement", "限期整改"),
                ("deadline", deadline),
            ],
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "deadline {deadline}: {}",
            reply.body
        );
        cases += 1;
    }
    assert!(
        s.app
            .store
            .directives(PLAN, None)
            .await
            .expect("notices")
            .is_empty()
    );
    for day in ["1900-01-01", "2099-01-01", "+262142-12-31", "-262143-01-01"] {
        let reply = post_form(
            &s.app,
            &s.supervisor,
            &format!("{item}/visits"),
            &[("visited_on", day), ("place", "村"), ("findings", "看过")],
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "visit {day}: {}",
            reply.body
        );
        cases += 1;
    }
    assert!(
        s.app
            .store
            .visits(PLAN, None)
            .await
            .expect("visits")
            .is_empty()
    );
    for week in [
        "+262142-12-31",
        "-262143-01-01",
        "1900-01-01",
        "2099-12-28",
        "第三周",
    ] {
        let reply = post_form(
            &s.app,
            &s.manager,
            &format!("/plans/{PLAN}/weekly/statement"),
            &[("item", "1"), ("week", week), ("reason", "本周无进展")],
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "statement {week}: {}",
            reply.body
        );
        assert_alive(&format!("statement {week}"), &s.app).await;
        cases += 1;
    }
    println!("date cases (forms): {cases}");
}
