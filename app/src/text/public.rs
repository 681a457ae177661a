//! The public side's words: 民生码 posters and residents' ratings.

use crate::domain::feedback::RatingCounts;

/// 民生码 poster.
pub const POSTER: &str = "民生码海报";
pub const POSTER_LINK: &str = "打印民生码海报";
pub const POSTER_BACK: &str = "返回项目页";
pub const POSTER_PRINT_HINT: &str = "用浏览器的“打印”功能以 A4 纸打印，或另存为 PDF。";
pub const POSTER_QR_LABEL: &str = "二维码：扫码查看项目进展并评价";
pub const POSTER_SCAN: &str = "扫码查看进展、提出意见建议";
pub const POSTER_HOTLINE: &str = "监督电话";
/// Said above a public item page opened from its poster.
pub const FROM_QR: &str = "感谢扫码关注。以下是本项目的最新进展，欢迎监督。";

/// How often an item's poster was scanned.
pub fn scans(n: u64) -> String {
    format!("民生码已被扫描 {n} 次（只计次数，不记录扫码人）")
}

/// 群众评价 on the item page.
pub const FEEDBACK: &str = "群众评价";
pub const FEEDBACK_ASK: &str = "您对这个项目的进展满意吗？";
pub const FEEDBACK_SUGGESTION: &str = "意见建议（选填，300 字以内）";
pub const FEEDBACK_PRIVACY: &str = "无需登录。意见建议经督查室审核、由承办单位答复后公开；请勿填写姓名、电话等个人信息，也不能包含网址。";
pub const FEEDBACK_SUBMIT: &str = "提交评价";
pub const FEEDBACK_PUBLISHED: &str = "已答复的意见建议";
pub const FEEDBACK_NONE_PUBLISHED: &str = "暂无公开的意见建议。";
pub const FEEDBACK_ANSWER: &str = "答复";
/// The 督查室's and lead units' page of suggestions.
pub const FEEDBACK_QUEUE: &str = "群众意见";
pub const FEEDBACK_QUEUE_EMPTY: &str = "暂无群众意见建议。";
pub const FEEDBACK_ANSWER_SUBMIT: &str = "保存答复";
pub const FEEDBACK_PUBLISH: &str = "连同答复公开";
pub const FEEDBACK_HIDE: &str = "不公开";
pub const FEEDBACK_EXPORT: &str = "导出全部评价（CSV）";
pub const FEEDBACK_NEEDS_ANSWER: &str = "待答复";

/// "满意 12 · 基本满意 3 · 不满意 1（共 16 人次）", or that nobody has rated yet.
pub fn rating_summary(c: &RatingCounts) -> String {
    if c.total() == 0 {
        return "暂无评价，欢迎您第一个评价。".to_string();
    }
    format!(
        "满意 {} · 基本满意 {} · 不满意 {}（共 {} 人次）",
        c.satisfied,
        c.basic,
        c.unsatisfied,
        c.total()
    )
}

/// The lead unit's reminder on its overview.
pub fn feedback_owed(n: usize) -> String {
    format!("有 {n} 条群众意见建议待本单位答复。")
}

/// 满意度测评.
pub const EVALUATION: &str = "满意度测评";
pub const EVALUATION_NONE: &str = "本年度尚未开展满意度测评。";
pub const EVALUATION_OPEN: &str = "测评进行中";
pub const EVALUATION_CLOSED: &str = "测评已结束，结果如下";
pub const EVALUATION_START: &str = "开启满意度测评";
pub const EVALUATION_CLOSE: &str = "结束测评并公布结果";
pub const EVALUATION_BALLOT: &str = "请对每个项目作出评价";
pub const EVALUATION_SUBMIT: &str = "提交测评";
pub const EVALUATION_VOTED: &str = "您已提交测评，感谢参与。测评结束后公布结果。";
pub const EVALUATION_PAPER: &str = "录入纸质选票";
pub const EVALUATION_BALLOT_NUMBER: &str = "选票编号";
pub const EVALUATION_PAPER_SUBMIT: &str = "录入这张选票";
pub const EVALUATION_RESULTS: &str = "测评结果";
pub const EVALUATION_RESULT: &str = "结果";
pub const EVALUATION_NOT_RATED: &str = "未测评";
pub const EVALUATION_PUBLIC: &str = "群众评价（参考）";
pub const EVALUATION_PUBLIC_NOTE: &str = "群众评价为公众在项目页的评价，单列参考，不计入测评结果。";
pub const EVALUATION_XLSX: &str = "下载测评结果（Excel）";

/// How many paper ballots were entered.
pub fn evaluation_paper_count(n: usize) -> String {
    format!("已录入纸质选票 {n} 张：")
}

/// 目标调整 (plan change control).
pub const DECISIONS: &str = "目标调整";
pub const DECISIONS_NOTE: &str =
    "已公布的目标只能依决定调整；自决定日期起按新目标计算进度，此前的进度仍按原目标。";
pub const DECISION_INDICATOR: &str = "指标";
pub const DECISION_NEW_TARGET: &str = "新目标";
pub const DECISION_BODY: &str = "决定机关";
pub const DECISION_DOC: &str = "文号";
pub const DECISION_DATE: &str = "决定日期";
pub const DECISION_REASON: &str = "调整理由";
pub const DECISION_SUBMIT: &str = "依决定调整目标";

/// 进展公开 (monthly public notes).
pub const NOTES: &str = "进展公开";
pub const NOTES_NONE: &str = "暂无公开的月度进展。";
pub const NOTES_DRAFT: &str = "撰写，待公开";
pub const NOTES_PUBLISH: &str = "审核后公开";
pub const NOTES_WRITE: &str = "进展（向社会公开，督查室审核后显示）";
pub const NOTES_WRITE_HELP: &str = "已按本月审核通过的填报拟好初稿，可修改；请勿写入个人信息。";
pub const NOTES_SAVE: &str = "保存本月进展";

/// 代表意见.
pub const OPINIONS: &str = "代表意见";
pub const OPINION_NEW: &str = "提出意见（牵头单位须答复）";
pub const OPINION_SUBMIT: &str = "提交意见";
pub const OPINIONS_NONE: &str = "暂无代表意见。";

/// "待答复 · 已 3 天" for an open opinion, "3 天内答复" for an answered one.
pub fn opinion_age(open: bool, days: i64) -> String {
    if open {
        format!("待答复 · 已 {days} 天")
    } else {
        format!("{days} 天内答复")
    }
}

/// The lead unit's reminder on its overview.
pub fn opinions_owed(n: usize) -> String {
    format!("有 {n} 条代表意见待本单位答复。")
}
pub const OPINIONS_WHERE: &str = "请在相应项目页的“代表意见”中答复。";
pub const OPINION_AGE: &str = "时长";

/// How many opinions still wait for an answer.
pub fn opinions_open(n: usize) -> String {
    format!("待答复 {n} 条。")
}
pub const DECISION_ITEM: &str = "对整个项目";
pub const DECISION_ITEM_SUBMIT: &str = "依决定暂停、恢复或终止";
