//! `taizhang user add`: accounts from the command line, for the first supervisor (the web
//! administration needs a supervisor to sign in first).

use std::io::BufRead;

use app::domain::account::{PlanRole, Role, check_password, parse_display_name, parse_username};
use app::domain::audit::Actor;
use app::store::{NewUserRecord, Store};

use crate::auth::hash_password;
use crate::config::cli::{UserAddArgs, UserCommand};

pub async fn run(command: UserCommand) -> Result<(), String> {
    match command {
        UserCommand::Add(args) => add(args).await,
    }
}

async fn add(args: UserAddArgs) -> Result<(), String> {
    let store = crate::store::open(&args.database.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let username = parse_username(&args.username)?;
    let display_name = parse_display_name(&args.name)?;
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("无法读取密码：{e}"))?;
        (line.trim_end_matches(['\r', '\n']).to_string(), false)
    } else {
        (random_password(), true)
    };
    check_password(&password, &username)?;
    let unit_id = find_unit(store.as_ref(), &args.unit).await?;
    let role = match &args.role {
        None => None,
        Some(r) => {
            let role = Role::parse(r).ok_or_else(|| {
                format!("未知的角色“{r}”：可选 supervisor、leader、unit_manager、reporter")
            })?;
            let plan = match &args.plan {
                Some(p) => p.clone(),
                None => store
                    .list_plans()
                    .await
                    .map_err(|e| e.to_string())?
                    .first()
                    .map(|p| p.id.clone())
                    .ok_or("还没有任何年度计划，无法分配角色")?,
            };
            if role == Role::Leader && args.categories.is_empty() {
                return Err("分管领导需要用 --categories 指定分管的类别".to_string());
            }
            Some(PlanRole {
                plan,
                role,
                categories: args.categories.clone(),
            })
        }
    };
    let record = NewUserRecord {
        password_hash: hash_password(&password).await?,
        username: username.clone(),
        display_name,
        unit_id,
        role,
    };
    let id = store
        .create_user(&record, &Actor::command_line())
        .await
        .map_err(|e| e.to_string())?;
    println!("已创建账号 {username}（编号 {id}）。");
    if generated {
        println!("初始密码：{password}");
        println!("请妥善转交，并提醒本人登录后在“我的账号”中修改密码。");
    }
    Ok(())
}

/// Looks a unit up by name (or alias) among the units of all plans.
pub async fn find_unit(store: &dyn Store, name: &str) -> Result<i64, String> {
    for summary in store.list_plans().await.map_err(|e| e.to_string())? {
        if let Some(plan) = store.plan(&summary.id).await.map_err(|e| e.to_string())?
            && let Some(unit) = plan
                .units
                .iter()
                .find(|u| u.name == name || u.aliases.iter().any(|a| a == name))
        {
            return Ok(unit.id);
        }
    }
    Err(format!("没有名为“{name}”的单位"))
}

/// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}
