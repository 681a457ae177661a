//! Demo accounts for `taizhang serve --demo` (what `.ci/start` runs): one user per role so
//! every page can be tried at once. Never used by a production start, which creates no
//! account and no default password.

use app::domain::account::{PlanRole, Role};
use app::domain::audit::Actor;
use app::domain::plan_file::TAIBAIHU_2024;
use app::store::{NewUserRecord, Store};

use crate::auth::hash_password;
use crate::cmd::account::find_unit;

/// The demo password of every demo account; printed at start.
pub const DEMO_PASSWORD: &str = "demo-2024-taizhang";

/// (username, name, unit, role, leader's categories)
pub const DEMO_USERS: [(&str, &str, &str, Role, &[u32]); 6] = [
    (
        "ducha",
        "督查室 王督查",
        "区党政办公室督查室",
        Role::Supervisor,
        &[],
    ),
    (
        "lingdao",
        "分管领导 李领导",
        "济宁太白湖新区管委会",
        Role::Leader,
        &[1, 2, 3],
    ),
    (
        "shehui",
        "社会事业发展局 张科长",
        "区社会事业发展局",
        Role::UnitManager,
        &[],
    ),
    (
        "shiqiao",
        "石桥镇 赵干事",
        "石桥镇政府",
        Role::Reporter,
        &[],
    ),
    (
        "xuzhuang",
        "许庄街道 钱干事",
        "许庄街道办事处",
        Role::Reporter,
        &[],
    ),
    (
        "daibiao",
        "人大代表 孙代表",
        "区党工委",
        Role::Evaluator,
        &[],
    ),
];

/// Creates the demo accounts that do not exist yet and prints how to sign in; with
/// `with_progress`, also loads demo progress (once).
pub async fn seed_demo_users(store: &dyn Store, with_progress: bool) -> Result<(), String> {
    let plan = app::domain::plan_file::parse_plan_file(TAIBAIHU_2024)
        .map_err(|_| "内置计划文件无效".to_string())?
        .meta
        .code;
    let hash = hash_password(DEMO_PASSWORD).await?;
    for (username, name, unit, role, categories) in DEMO_USERS {
        if store
            .credentials(username)
            .await
            .map_err(|e| e.to_string())?
            .is_some()
        {
            continue;
        }
        let record = NewUserRecord {
            username: username.to_string(),
            display_name: name.to_string(),
            unit_id: find_unit(store, unit).await?,
            password_hash: hash.clone(),
            role: Some(PlanRole {
                plan: plan.clone(),
                role,
                categories: categories.to_vec(),
            }),
        };
        match store.create_user(&record, &Actor::system()).await {
            Ok(_) => {}
            // Another server starting on the same database made it a moment ago.
            Err(app::store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    eprintln!("演示账号（密码均为 {DEMO_PASSWORD}）：");
    for (username, name, _, role, _) in DEMO_USERS {
        eprintln!("  {username:<10} {}  {name}", role.label());
    }
    if !with_progress {
        return Ok(());
    }
    let author = demo_data_author(store, &hash).await?;
    let added = crate::cmd::demo_data::seed_demo_progress(store, &plan, author).await?;
    if added > 0 {
        eprintln!(
            "已载入 {added} 条演示填报（标有“{}”）",
            crate::cmd::demo_data::DEMO_MARK
        );
    }
    Ok(())
}

/// The account every demo report is authored by: it has no role, so it cannot do anything
/// when signed in, and its name marks the rows as demo data.
async fn demo_data_author(store: &dyn Store, hash: &str) -> Result<i64, String> {
    if let Some(existing) = store
        .credentials(DEMO_DATA_USER)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(existing.id);
    }
    let record = NewUserRecord {
        username: DEMO_DATA_USER.to_string(),
        display_name: "演示数据".to_string(),
        unit_id: find_unit(store, "区党政办公室督查室").await?,
        password_hash: hash.to_string(),
        role: None,
    };
    match store.create_user(&record, &Actor::system()).await {
        Ok(id) => Ok(id),
        // Another server starting on the same database made it a moment ago.
        Err(app::store::StoreError::Conflict(_)) => store
            .credentials(DEMO_DATA_USER)
            .await
            .map_err(|e| e.to_string())?
            .map(|c| c.id)
            .ok_or_else(|| "演示数据账号无法创建".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Username of the author of demo reports.
pub const DEMO_DATA_USER: &str = "yanshi";
