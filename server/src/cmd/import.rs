//! `taizhang import FILE`: validate a plan file completely, then store it in one
//! transaction. A bad file is reported entry by entry and changes nothing.

use app::domain::audit::Actor;
use app::domain::plan_file::{NewPlan, parse_plan_file};
use app::store::{ImportOutcome, PlanStore};

use crate::config::cli::ImportArgs;

pub async fn run(args: ImportArgs) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| format!("无法读取文件 {}：{e}", args.file.display()))?;
    let plan = parse_plan_file(&text).map_err(|errors| {
        for error in &errors {
            eprintln!("{}: {error}", args.file.display());
        }
        format!("计划文件有 {} 处错误，未导入任何内容。", errors.len())
    })?;
    if args.check {
        println!("校验通过：{}", describe(&plan));
        return Ok(());
    }
    let store = crate::store::open(&args.database.database_url)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{}",
        import_into(store.as_ref(), &plan, &Actor::command_line()).await?
    );
    Ok(())
}

/// Imports a validated plan and says what happened, in Chinese.
pub async fn import_into(
    store: &dyn PlanStore,
    plan: &NewPlan,
    actor: &Actor,
) -> Result<String, String> {
    match store.import_plan(plan, actor).await {
        Ok(ImportOutcome::Created) => Ok(format!("已导入：{}", describe(plan))),
        Ok(ImportOutcome::Unchanged) => Ok(format!(
            "计划 {} 已存在且内容相同，未作改动。",
            plan.meta.code
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn describe(plan: &NewPlan) -> String {
    let indicators: usize = plan.items.iter().map(|i| i.indicators.len()).sum();
    format!(
        "{}（{}，代码 {}）：{} 个类别、{} 个项目、{} 个指标、{} 个单位",
        plan.meta.title,
        plan.meta.doc_number,
        plan.meta.code,
        plan.categories.len(),
        plan.items.len(),
        indicators,
        plan.units.len()
    )
}
