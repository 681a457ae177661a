//! Server-rendered pages: complete HTML (readable with JavaScript off) in Chinese.

use http::StatusCode;

use crate::helpers::{spawn_app, spawn_empty_app};

#[tokio::test]
async fn the_overview_shows_every_category_and_item() {
    let app = spawn_app().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"zh-CN\""));
    assert!(html.contains("济太管发〔2024〕1号"));
    assert_eq!(html.matches("class=\"item-card\"").count(), 20, "{html}");
    assert_eq!(html.matches("class=\"category\"").count(), 13);
    for heading in ["一、老年人服务", "三、教育服务", "十三、食品安全"] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(html.contains("新增公办幼儿园学位 630 个"), "targets shown");
    assert!(
        html.contains("aria-valuenow=\"0.0\""),
        "progress starts at zero"
    );
}

#[tokio::test]
async fn the_overview_is_also_served_under_the_plan_code() {
    let app = spawn_app().await;
    let (status, html) = app.get("/plans/taibaihu-2024").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("class=\"item-card\"").count(), 20);
}

#[tokio::test]
async fn an_item_page_shows_content_indicators_and_units() {
    let app = spawn_app().await;
    let (status, html) = app.get("/plans/taibaihu-2024/items/7").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("新增普通高中招生学位"));
    assert!(html.contains("实施普通高中学位扩增攻坚行动"));
    assert!(html.contains("1173 个"));
    assert!(html.contains("市直提供高中学位 499 个 + 我区提供高中学位 674 个"));
    assert!(html.contains("≥ 75%"));
    assert!(html.contains("区教育局") && html.contains("区财政金融局"));
    assert!(
        html.contains("三、教育服务"),
        "breadcrumb names the category"
    );
}

#[tokio::test]
async fn a_unit_page_lists_the_items_it_leads_and_assists() {
    let app = spawn_app().await;
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let town = plan
        .units
        .iter()
        .find(|u| u.name == "石桥镇政府")
        .expect("town");
    let (status, html) = app
        .get(&format!("/plans/taibaihu-2024/units/{}", town.id))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("石桥镇人民政府"), "alias shown");
    let expected = plan.items.iter().filter(|i| i.involves(town.id)).count();
    assert_eq!(html.matches("class=\"item-card\"").count(), expected);
    assert!(html.contains("牵头的项目 (0)"));
    assert!(html.contains("石桥镇农村供水维修"));
}

#[tokio::test]
async fn the_units_page_counts_items_per_unit() {
    let app = spawn_app().await;
    let (status, html) = app.get("/plans/taibaihu-2024/units").await;
    assert_eq!(status, StatusCode::OK);
    let plan = app
        .store
        .plan("taibaihu-2024")
        .await
        .expect("read")
        .expect("plan");
    let mut busy = 0;
    for unit in &plan.units {
        let leads = plan.items.iter().filter(|i| i.leads(unit.id)).count();
        let assists = plan
            .items
            .iter()
            .filter(|i| i.co_units.iter().any(|u| u.id == unit.id))
            .count();
        busy += usize::from(leads + assists > 1);
        // The unit's own row, from its link to the end of the row, carries both counts.
        let link = format!("/plans/taibaihu-2024/units/{}\"", unit.id);
        let start = html
            .find(&link)
            .unwrap_or_else(|| panic!("{} has no row", unit.name));
        let row = &html[start..start + html[start..].find("</tr>").expect("row end")];
        assert!(row.contains(&unit.name), "{}: {row}", unit.name);
        for (label, count) in [("UNIT_LEADS", leads), ("UNIT_ASSISTS", assists)] {
            let cell = format!(
                "data-label=\"{}\">{count}</td>",
                if label == "UNIT_LEADS" {
                    app::text::UNIT_LEADS
                } else {
                    app::text::UNIT_ASSISTS
                }
            );
            assert!(
                row.contains(&cell),
                "{} {label} should be {count}: {row}",
                unit.name
            );
        }
    }
    assert!(
        busy > 3,
        "the plan has units with several items, so the counts differ"
    );
}

#[tokio::test]
async fn unknown_pages_items_and_plans_are_404_in_chinese() {
    let app = spawn_app().await;
    for path in [
        "/plans/taibaihu-2024/items/99",
        "/plans/taibaihu-2024/items/abc",
        "/plans/no-such-plan",
        "/no/such/page",
    ] {
        let (status, html) = app.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("未找到"), "{path}: {html}");
    }
}

#[tokio::test]
async fn an_empty_database_says_no_plan_has_been_imported() {
    let app = spawn_empty_app().await;
    let (status, html) = app.get("/").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("还没有导入任何年度计划"));
}

/// Only pages with an island load the hydration script and WASM: the others are plain
/// HTML, and a phone downloads nothing that would hydrate nothing.
#[tokio::test]
async fn pages_without_an_island_load_no_script() {
    use app::domain::account::Role;
    use http::Method;

    use crate::helpers::Req;
    let app = spawn_app().await;
    app.add_user("ducha-js", "区党政办公室督查室", Some(Role::Supervisor))
        .await;
    let cookie = app.sign_in("ducha-js").await;
    let page = |path: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let reply = app.send(Req::new(Method::GET, path).cookie(&cookie)).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            reply.body
        }
    };
    for path in ["/", "/plans/taibaihu-2024", "/field"] {
        let html = page(path).await;
        assert!(html.contains("modulepreload"), "{path} hydrates its island");
    }
    for path in [
        "/plans/taibaihu-2024/items/1",
        "/plans/taibaihu-2024/weekly",
        "/plans/taibaihu-2024/monthly",
        "/plans/taibaihu-2024/units",
        "/login",
        "/account",
    ] {
        let html = page(path).await;
        // Leptos's streaming leaves two empty bookkeeping lines of inline script; nothing
        // is fetched, and none of the page's data is repeated as JSON.
        assert!(!html.contains("type=\"module\""), "{path}: {html}");
        assert!(
            !html.contains(".wasm") && !html.contains("modulepreload"),
            "{path}"
        );
        assert!(!html.contains("__RESOLVED_RESOURCES["), "{path}: {html}");
    }
}

/// The styles are in the page: its first paint waits on no second request. The field page
/// (a phone on a weak link) carries only the base.
#[tokio::test]
async fn pages_carry_their_styles() {
    use http::Method;

    use crate::helpers::Req;
    let app = spawn_app().await;
    for path in ["/", "/plans/taibaihu-2024/items/1", "/login", "/field"] {
        let reply = app.send(Req::new(Method::GET, path)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let html = String::from_utf8(reply.bytes).expect("utf-8");
        assert!(!html.contains("rel=\"stylesheet\""), "{path}");
        let head = html.split("</head>").next().unwrap_or_default();
        assert!(head.contains("<style>"), "{path}");
        assert!(head.contains(".site-header"), "{path}: the base styles");
        // The supervision views' styles, not on the field page.
        assert_eq!(head.contains("ul.notices"), path != "/field", "{path}");
    }
}
