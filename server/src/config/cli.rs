//! Command-line interface. Every setting is a flag or an environment variable, so several
//! instances can run side by side.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/taizhang.db";
/// Photos when the database is not a SQLite file: the default data directory.
pub const DEFAULT_PHOTO_STORE: &str = "data/photos";

impl ServeArgs {
    /// Where photos go: as configured, else a `photos` directory beside the SQLite file, so
    /// that one data directory holds everything an embedded install keeps.
    pub fn photo_store(&self) -> String {
        self.photo_store
            .clone()
            .unwrap_or_else(|| default_photo_store(&self.database.database_url))
    }
}

/// `photos` beside a SQLite database file; `DEFAULT_PHOTO_STORE` for any other database.
pub fn default_photo_store(database_url: &str) -> String {
    let Some(file) = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
    else {
        return DEFAULT_PHOTO_STORE.to_string();
    };
    let file = file.split('?').next().unwrap_or(file);
    match std::path::Path::new(file).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join("photos").display().to_string(),
        _ => "photos".to_string(),
    }
}

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

    /// 配置文件（TOML，键名同下列设置项，如 database_url = "…"）；命令行与环境变量优先
    #[arg(long, global = true, env = "TAIZHANG_CONFIG")]
    pub config: Option<PathBuf>,

    /// 日志格式：text 或 json
    #[arg(
        long,
        global = true,
        env = "TAIZHANG_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 启动网站与 API 服务（首次启动时建库并载入 2024 年太白湖新区计划）
    Serve(ServeArgs),
    /// 导入一份年度计划文件（TOML）；先校验全部内容，有错则不作任何改动
    Import(ImportArgs),
    /// 账号管理（例如创建第一个督查室账号）
    #[command(subcommand)]
    User(UserCommand),
    /// 在线备份 SQLite 数据库到一个新文件，并校验备份可以打开、记录齐全
    Backup(BackupArgs),
    /// 把 SQLite 中的全部数据迁移到 PostgreSQL，核对各表行数和校验和后才算成功；重复执行不改动
    MigrateData(MigrateDataArgs),
    /// 佐证照片占用的空间：已存照片、缩略图、未完成的上传，以及照片存储中的实际文件
    Photos(PhotosArgs),
}

#[derive(Debug, Args)]
pub struct PhotosArgs {
    /// 照片存储；默认为 SQLite 文件旁的 photos 目录
    #[arg(long, env = "TAIZHANG_PHOTO_STORE")]
    pub photo_store: Option<String>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct MigrateDataArgs {
    /// 源数据库（sqlite://文件）
    #[arg(long)]
    pub from: String,
    /// 目标数据库（postgres://…，须为空库或已有同一份数据）
    #[arg(long)]
    pub to: String,
    /// 源照片存储；默认为 SQLite 文件旁的 photos 目录
    #[arg(long)]
    pub from_photos: Option<String>,
    /// 目标照片存储（多台服务器时用 s3://存储桶）；源库有照片时必填
    #[arg(long)]
    pub to_photos: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// 备份文件路径（不能已存在）；照片逐个校验后复制到旁边的“文件名.photos”目录
    #[arg(long)]
    pub to: PathBuf,
    /// 照片存储；默认为 SQLite 文件旁的 photos 目录
    #[arg(long, env = "TAIZHANG_PHOTO_STORE")]
    pub photo_store: Option<String>,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// 新建账号；不给 --password-stdin 时生成随机密码并打印
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// 用户名（英文字母、数字、. _ -）
    #[arg(long)]
    pub username: String,
    /// 姓名
    #[arg(long)]
    pub name: String,
    /// 所属单位名称，如 区党政办公室督查室
    #[arg(long)]
    pub unit: String,
    /// 角色：supervisor | leader | unit_manager | reporter
    #[arg(long)]
    pub role: Option<String>,
    /// 角色所属计划的代码，默认最新的计划
    #[arg(long)]
    pub plan: Option<String>,
    /// 分管领导分管的类别序号，逗号分隔，如 1,2,3
    #[arg(long, value_delimiter = ',')]
    pub categories: Vec<u32>,
    /// 从标准输入读取密码（一行）
    #[arg(long)]
    pub password_stdin: bool,

    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// 数据库地址；默认在 ./data 下创建 SQLite 文件
    #[arg(long, env = "TAIZHANG_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    /// PostgreSQL：本服务最多同时占用的数据库连接数（多台服务合计须小于数据库的 max_connections）
    #[arg(long, env = "TAIZHANG_DATABASE_MAX_CONNECTIONS", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(2..=1000))]
    pub database_max_connections: u32,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 监听地址
    #[arg(long, env = "TAIZHANG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// 佐证照片的存放位置：本机目录，或 s3://存储桶[/前缀]（由 AWS_ENDPOINT、AWS_ACCESS_KEY_ID 等环境变量配置）；
    /// 默认放在 SQLite 数据库文件旁的 photos 目录
    #[arg(long, env = "TAIZHANG_PHOTO_STORE")]
    pub photo_store: Option<String>,

    /// 前端构建产物目录（含 pkg/）
    #[arg(long, env = "TAIZHANG_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// 不自动载入内置的 2024 年太白湖新区计划（用于其他地区的部署）
    #[arg(long, env = "TAIZHANG_NO_DEFAULT_PLAN")]
    pub no_default_plan: bool,

    /// 演示模式：创建各角色的演示账号并打印用户名和密码（生产环境切勿使用）
    #[arg(long, env = "TAIZHANG_DEMO")]
    pub demo: bool,

    /// 同时载入 2024 年计划的演示进展数据（标有“【演示数据】”，需与 --demo 同用）
    #[arg(long, env = "TAIZHANG_DEMO_DATA", requires = "demo")]
    pub demo_data: bool,

    #[command(flatten)]
    pub auth: AuthArgs,

    #[command(flatten)]
    pub pace: PaceArgs,

    #[command(flatten)]
    pub public: PublicArgs,
}

/// The public side: what a 民生码 poster prints.
#[derive(Debug, Args)]
pub struct PublicArgs {
    /// 公众访问本系统的网址（如 https://msss.example.gov.cn），印在民生码海报的二维码里；
    /// 默认用打开海报页时的地址
    #[arg(long, env = "TAIZHANG_PUBLIC_URL", value_parser = public_url)]
    pub public_url: Option<String>,
    /// 民生码海报上印的监督电话
    #[arg(long, env = "TAIZHANG_PUBLIC_HOTLINE", default_value = app::domain::poster::DEFAULT_HOTLINE)]
    pub public_hotline: String,
    /// 满意度测评：选“满意”的票数超过此比例为满意（0.5 即过半数；开启测评时固定下来）
    #[arg(
        long,
        env = "TAIZHANG_EVALUATION_SATISFIED_ABOVE",
        default_value_t = 0.5
    )]
    pub evaluation_satisfied_above: f64,
    /// 满意度测评：选“满意”和“基本满意”的合计超过此比例为基本满意
    #[arg(long, env = "TAIZHANG_EVALUATION_BASIC_ABOVE", default_value_t = 0.5)]
    pub evaluation_basic_above: f64,
}

impl PublicArgs {
    /// The tally rule of the 满意度测评, or why the two shares make no sense.
    pub fn evaluation_rule(&self) -> Result<app::domain::evaluation::TallyRule, String> {
        app::domain::evaluation::TallyRule::checked(
            self.evaluation_satisfied_above,
            self.evaluation_basic_above,
        )
    }

    pub fn poster(&self) -> app::domain::poster::PosterSettings {
        app::domain::poster::PosterSettings {
            public_url: self.public_url.clone(),
            hotline: self.public_hotline.clone(),
        }
    }
}

/// An absolute http(s) address with nothing a QR code or a link should not carry.
fn public_url(text: &str) -> Result<String, String> {
    let ok = (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() <= 200
        && text.chars().all(|c| c.is_ascii_graphic());
    if ok {
        Ok(text.trim_end_matches('/').to_string())
    } else {
        Err("应为以 https:// 或 http:// 开头的网址".to_string())
    }
}

/// The thresholds of the three colours (序时进度三色), of the weekly ledger, of the
/// supervision loop (督办单 escalation, the monthly submission's due day), and of what the
/// public is not shown.
#[derive(Debug, Args)]
pub struct PaceArgs {
    /// 落后序时进度超过多少个百分点标黄
    #[arg(long, env = "TAIZHANG_PACE_YELLOW", default_value_t = 5.0)]
    pub pace_yellow: f64,
    /// 落后序时进度达到多少个百分点标红
    #[arg(long, env = "TAIZHANG_PACE_RED", default_value_t = 20.0)]
    pub pace_red: f64,
    /// 距截止日期多少天以内标蓝（临近期限）
    #[arg(long, env = "TAIZHANG_PACE_NEAR_DAYS", default_value_t = 30)]
    pub pace_near_days: i64,
    /// 周台账在周日后几天内到达仍算按时
    #[arg(long, env = "TAIZHANG_WEEKLY_GRACE_DAYS", default_value_t = app::domain::weekly::DEFAULT_GRACE_DAYS)]
    pub weekly_grace_days: i64,
    /// 督办单到期未答复，次日自动由蓝升黄，升黄后再给几天
    #[arg(long, env = "TAIZHANG_DIRECTIVE_YELLOW_DAYS", default_value_t = app::domain::directive::DEFAULT_YELLOW_DAYS)]
    pub directive_yellow_days: i64,
    /// 黄色督办单到期未答复，次日自动升红，升红后再给几天
    #[arg(long, env = "TAIZHANG_DIRECTIVE_RED_DAYS", default_value_t = app::domain::directive::DEFAULT_RED_DAYS)]
    pub directive_red_days: i64,
    /// 每月报送截止日：次月几号之前（含）报送上月情况
    #[arg(long, env = "TAIZHANG_MONTHLY_DUE_DAY", default_value_t = app::domain::submission::DEFAULT_DUE_DAY)]
    pub monthly_due_day: u32,
    /// 考核权重和扣分，如 "completion=30,pace=30,weekly=10,monthly=10,directives=20,
    /// missing_weekly=1,missing_monthly=2,overdue_directive=2,empty_submission=1"；
    /// 未写的项用上述默认值（考核页面列出正在使用的规则）
    #[arg(long, env = "TAIZHANG_SCORE_RULE", default_value = "")]
    pub score_rule: String,
    /// 某单位的填报人员超过几天未同步时，在总览上提醒督查室和牵头单位
    #[arg(long, env = "TAIZHANG_STALE_DAYS", default_value_t = app::domain::staleness::DEFAULT_STALE_DAYS)]
    pub stale_days: i64,
    /// 涉及个人的指标（困难家庭、残疾儿童、低保等）全区合计低于此数时，对公众不公开具体数字
    #[arg(long, env = "TAIZHANG_PRIVACY_SMALL_CELL", default_value_t = app::domain::privacy::DEFAULT_SMALL_CELL, value_parser = small_cell)]
    pub privacy_small_cell: f64,
}

/// A threshold of 1 or more (below 1 nothing would be withheld: say so rather than
/// silently publish every figure).
fn small_cell(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 1.0 => Ok(v),
        _ => Err("应为不小于 1 的数".to_string()),
    }
}

impl PaceArgs {
    pub fn settings(&self) -> app::domain::pace::PaceSettings {
        app::domain::pace::PaceSettings {
            yellow_lag: self.pace_yellow,
            red_lag: self.pace_red,
            near_days: self.pace_near_days,
        }
    }

    pub fn privacy(&self) -> app::domain::privacy::PrivacySettings {
        app::domain::privacy::PrivacySettings {
            small_cell: self.privacy_small_cell,
        }
    }

    /// How unanswered 督办单 escalate, or why the days make no sense.
    pub fn escalation(&self) -> Result<app::domain::directive::EscalationRule, String> {
        app::domain::directive::EscalationRule::checked(
            self.directive_yellow_days,
            self.directive_red_days,
        )
    }

    /// When monthly submissions are due, or why the day makes no sense.
    pub fn submission(&self) -> Result<app::domain::submission::SubmissionSettings, String> {
        app::domain::submission::SubmissionSettings::checked(self.monthly_due_day)
    }

    /// Days without a sync that make a unit quiet, or why the number makes no sense.
    pub fn staleness(&self) -> Result<app::domain::staleness::StalenessSettings, String> {
        if (1..=90).contains(&self.stale_days) {
            Ok(app::domain::staleness::StalenessSettings {
                days: self.stale_days,
            })
        } else {
            Err("未同步提醒天数应在 1 到 90 之间".to_string())
        }
    }

    pub fn weekly(&self) -> app::domain::weekly::WeeklySettings {
        app::domain::weekly::WeeklySettings {
            grace_days: self.weekly_grace_days,
        }
    }
}

/// Sign-in settings.
#[derive(Debug, Args)]
pub struct AuthArgs {
    /// 现场填报人员（只有填报人角色）的登录有效期，天
    #[arg(long, env = "TAIZHANG_FIELD_SESSION_DAYS", default_value_t = 30)]
    pub field_session_days: u64,
    /// 其他（办公室）用户的登录有效期，小时
    #[arg(long, env = "TAIZHANG_OFFICE_SESSION_HOURS", default_value_t = 12)]
    pub office_session_hours: u64,
    /// 登录 Cookie 加 Secure 标记（经 HTTPS 提供服务时开启）
    #[arg(long, env = "TAIZHANG_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// 信任反向代理的 X-Forwarded-For（仅在反向代理之后开启）
    #[arg(long, env = "TAIZHANG_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// 同一账号或地址连续失败几次后开始延时
    #[arg(long, env = "TAIZHANG_LOGIN_SLOW_AFTER", default_value_t = 3)]
    pub login_slow_after: u32,
    /// 同一账号连续失败几次后锁定
    #[arg(long, env = "TAIZHANG_LOGIN_LOCK_AFTER", default_value_t = 10)]
    pub login_lock_after: u32,
    /// 同一地址连续失败几次后锁定
    #[arg(long, env = "TAIZHANG_LOGIN_LOCK_AFTER_ADDRESS", default_value_t = 50)]
    pub login_lock_after_address: u32,
    /// 锁定时长，分钟
    #[arg(long, env = "TAIZHANG_LOGIN_LOCKOUT_MINUTES", default_value_t = 15)]
    pub login_lockout_minutes: u64,
    /// 每个账号每分钟最多同步提交几次（超出答 429 并告知等待秒数）
    #[arg(long, env = "TAIZHANG_PUSH_LIMIT_PER_MINUTE", default_value_t = 120)]
    pub push_limit_per_minute: u32,
}

impl AuthArgs {
    pub fn settings(&self) -> crate::auth::AuthSettings {
        use std::time::Duration;
        let lockout = Duration::from_secs(self.login_lockout_minutes * 60);
        crate::auth::AuthSettings {
            field_session: Duration::from_secs(self.field_session_days * 24 * 3600),
            office_session: Duration::from_secs(self.office_session_hours * 3600),
            secure_cookies: self.secure_cookies,
            trust_proxy: self.trust_proxy,
            push_per_minute: self.push_limit_per_minute,
            throttle: crate::auth::ThrottleSettings {
                slow_after: self.login_slow_after,
                lock_after_account: self.login_lock_after,
                lock_after_address: self.login_lock_after_address,
                lockout,
                window: lockout,
            },
        }
    }
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

#[cfg(test)]
mod tests {
    use super::default_photo_store;

    #[test]
    fn photos_live_beside_the_sqlite_file_unless_told_otherwise() {
        let cases = [
            (
                "the default database",
                "sqlite://data/taizhang.db",
                "data/photos",
            ),
            (
                "an absolute file with options",
                "sqlite:///srv/tz/main.db?mode=rwc",
                "/srv/tz/photos",
            ),
            (
                "a file in the working directory",
                "sqlite:taizhang.db",
                "photos",
            ),
            ("PostgreSQL", "postgres://u@h/db", "data/photos"),
        ];
        for (name, url, expected) in cases {
            assert_eq!(default_photo_store(url), expected, "{name}");
        }
    }
}
