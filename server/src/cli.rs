//! Command-line interface. Every setting is a flag or an environment variable, so several
//! instances can run side by side.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/taizhang.db";

#[derive(Debug, Parser)]
#[command(
    name = "taizhang",
    version,
    about = "民生实事台账 — 重点民生实事项目进展台账系统",
    long_about = None
)]
pub struct Cli {
    /// Without a command the server starts (`serve` with settings from the environment), as
    /// `cargo leptos watch` runs it.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 启动网站与 API 服务（首次启动时建库并载入 2024 年太白湖新区计划）
    Serve(ServeArgs),
    /// 导入一份年度计划文件（TOML）；先校验全部内容，有错则不作任何改动
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// 数据库地址；默认在 ./data 下创建 SQLite 文件
    #[arg(long, env = "TAIZHANG_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 监听地址
    #[arg(long, env = "TAIZHANG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// 前端构建产物目录（含 pkg/）
    #[arg(long, env = "TAIZHANG_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// 不自动载入内置的 2024 年太白湖新区计划（用于其他地区的部署）
    #[arg(long, env = "TAIZHANG_NO_DEFAULT_PLAN")]
    pub no_default_plan: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 计划文件路径
    pub file: PathBuf,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// 只校验，不写入数据库
    #[arg(long)]
    pub check: bool,
}
