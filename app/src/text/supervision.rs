//! The 督办单's words: its form, its phases and timeline, the counters.

use crate::domain::directive::Step;

pub const NOTICES_TITLE: &str = "督办单";
pub const NOTICE_NONE: &str = "暂无督办单。";
pub const NOTICE_ISSUE: &str = "下达督办单";
pub const NOTICE_UNIT: &str = "被督办单位";
pub const NOTICE_COLOUR: &str = "颜色";
pub const NOTICE_REQUIREMENT: &str = "督办要求";
pub const NOTICE_DEADLINE: &str = "办结期限";
pub const NOTICE_ANSWERED_ON: &str = "答复于";
/// An answer after the deadline stays marked so.
pub const NOTICE_ANSWERED_LATE: &str = "逾期答复";
pub const NOTICE_OVERDUE: &str = "已逾期未回复";
pub const NOTICE_RESPONSE: &str = "整改落实情况";
pub const NOTICE_RESPOND: &str = "回复督办单";
pub const NOTICE_WAITING: &str = "待回复";
pub const NOTICE_CLOSE: &str = "办结";
pub const NOTICE_SEND_BACK: &str = "退回重新答复";
pub const NOTICE_SEND_BACK_REASON: &str = "退回理由";
pub const NOTICE_SEND_BACK_DEADLINE: &str = "重新答复期限";
pub const NOTICE_STEPS: &str = "办理经过";
pub const NOTICE_OWED: &str = "本单位待答复的督办单";
pub const NOTICE_COUNTERS: &str = "督办单统计（按单位、下发月份）";
pub const NOTICE_COUNTER_HEADINGS: [&str; 10] = [
    "下发月份",
    "被督办单位",
    "下发",
    "自动升级",
    "按期答复",
    "逾期答复",
    "退回",
    "已办结",
    "未办结",
    "当前逾期",
];

/// The deadline in force, and the one it was issued with when an escalation moved it.
pub fn notice_deadline(now: chrono::NaiveDate, issued: chrono::NaiveDate) -> String {
    if now == issued {
        format!("{NOTICE_DEADLINE} {now}")
    } else {
        format!("{NOTICE_DEADLINE} {now}（原期限 {issued}）")
    }
}

/// One step of a 督办单's timeline, in words.
pub fn notice_step(step: &Step) -> String {
    match step {
        Step::Issued {
            on,
            colour,
            deadline,
        } => format!("{on} 下达{}督办单，期限 {deadline}", colour.short()),
        Step::Escalated(e) => format!(
            "{} 到期未答复，自动升为{}督办单，新期限 {}",
            e.on,
            e.colour.short(),
            e.deadline
        ),
        Step::Answered { on, late, text } => format!(
            "{NOTICE_ANSWERED_ON} {on}{}：{text}",
            if *late { "（逾期答复）" } else { "" }
        ),
        Step::SentBack {
            on,
            reason,
            deadline,
        } => format!("{on} 督查室退回：{reason}；重新答复期限 {deadline}"),
        Step::Closed { on, by } => format!("{on} {by} 办结"),
    }
}

pub const SUBMISSIONS: &str = "月度报送";
pub const SUBMISSION_FIGURES: &str = "完成情况";
pub const SUBMISSION_SAVE: &str = "保存草稿";
pub const SUBMISSION_SUBMIT: &str = "报送督查室";
pub const SUBMITTED_AT: &str = "报送于";
pub const SUBMISSION_DRAFT_SAVED: &str = " · 草稿已保存，尚未报送";
pub const SUBMISSION_PREFILLED: &str =
    "尚未报送；以下为根据本月已采纳填报生成的初稿，请核改后报送。";
pub const SUBMISSION_NOT_YET: &str = "尚未报送。";
pub const SHOW: &str = "查看";
pub const REMINDERS: &str = "我的待办";
pub const LAST_SYNCS: &str = "填报人员最近同步";
pub const REPORTER: &str = "填报人";
pub const LAST_SYNC: &str = "最近同步";
pub const NEVER_SYNCED: &str = "从未同步";

/// "已 12 天未同步"
pub fn days_silent(days: i64) -> String {
    format!("已 {days} 天未同步")
}

/// The overview's reminder of quiet units.
pub fn quiet_units(days: i64, units: &[crate::domain::staleness::QuietUnit]) -> String {
    let list: Vec<String> = units
        .iter()
        .map(|u| match u.days {
            Some(d) => format!("{}（{d} 天）", u.unit.name),
            None => format!("{}（{NEVER_SYNCED}）", u.unit.name),
        })
        .collect();
    format!(
        "以下单位的填报人员已超过 {days} 天未同步：{}",
        list.join("、")
    )
}
pub const REMINDERS_NONE: &str = "没有待办事项。";
pub const OVERDUE: &str = "已逾期";

/// "我的待办：5 项，其中 2 项已逾期 →"
pub fn reminders_summary(all: usize, overdue: usize) -> String {
    if overdue > 0 {
        format!("{REMINDERS}：{all} 项，其中 {overdue} 项已逾期 →")
    } else {
        format!("{REMINDERS}：{all} 项 →")
    }
}
pub const ASSESSMENT: &str = "考核";
pub const ASSESSMENT_XLSX: &str = "下载考核表（.xlsx）";
pub const ASSESSMENT_RULE: &str = "考核规则";
pub const ASSESSMENT_RULE_NOTE: &str = "完成率按牵头项目本月末的平均完成比例计分；序时进度按达到序时进度（或已完成）的项目比例计分；周台账、月度报送、督办答复按按时的比例计分，逾期的计一半，本月无应报事项的得满分；再减去扣分项，最低 0 分。权重和扣分可由管理员在启动参数 --score-rule 中设置。";
pub const RANK: &str = "排名";
pub const SCORE_TOTAL: &str = "得分";
pub const SCORE_FACTS: &str = "计分依据";
pub const SCORE_OPEN: &str = "查看每一项得分和扣分的依据";

/// "2024年6月的情况应于 2024-07-05 前（含）报送。"
pub fn submission_due(month: &str, due: chrono::NaiveDate) -> String {
    format!("{month}的情况应于 {due} 前（含）报送督查室。")
}

/// "按时报送 12 项 · 逾期报送 1 项 · 逾期未报 2 项 · 待报送 5 项"
pub fn submission_counts(all: &[crate::domain::submission::Timeliness]) -> String {
    use crate::domain::submission::Timeliness;
    [
        Timeliness::OnTime,
        Timeliness::Late,
        Timeliness::Missing,
        Timeliness::Open,
    ]
    .iter()
    .map(|t| {
        format!(
            "{} {} 项",
            t.label(),
            all.iter().filter(|x| *x == t).count()
        )
    })
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The reminder on a unit's overview.
pub fn notices_owed(n: usize) -> String {
    format!("本单位有 {n} 份督办单待答复，期限最近的在前：")
}
