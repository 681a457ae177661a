//! Strings of the sign-in, account, administration, audit and reporting pages.

pub const AUDIT_RAW: &str = "原始数据";
pub const NAV_REPORT: &str = "进展填报";
pub const NAV_USERS: &str = "账号管理";
pub const NAV_AUDIT: &str = "操作记录";
pub const NAV_ACCOUNT: &str = "我的账号";
pub const SIGN_IN: &str = "登录";
pub const SIGN_OUT: &str = "退出";
pub const SIGN_OUT_TITLE: &str = "退出登录";
pub const SIGN_OUT_CONFIRM: &str = "退出登录";
pub const SIGN_OUT_ANYWAY: &str = "仍然退出";
pub const SIGN_OUT_SYNC_FIRST: &str = "先去现场填报页同步";
pub const SIGNED_OUT: &str = "您已退出登录。";
/// Signing out with reports the server does not have yet.
pub fn sign_out_unsent(n: usize) -> String {
    format!(
        "本机还有您的 {n} 条记录没有发送到服务器。退出后它们仍保存在本机，不会以下一位登录者的名义发送；您再次登录后会自动同步。建议先联网同步再退出。"
    )
}

pub const LOGIN_TITLE: &str = "登录";
pub const LOGIN_INTRO: &str =
    "请使用督查室分配的账号登录。现场填报人员登录一次后可离线工作 30 天。";
pub const USERNAME: &str = "用户名";
pub const PASSWORD: &str = "密码";
pub const ALREADY_SIGNED_IN: &str = "您已登录：";
pub const SIGN_IN_REQUIRED: &str = "此页面需要登录后查看。";
pub const FORBIDDEN_TITLE: &str = "无权访问";

pub const ACCOUNT_TITLE: &str = "我的账号";
pub const UNIT: &str = "所属单位";
pub const ROLES: &str = "角色";
pub const NO_ROLES: &str = "尚未分配角色，请联系督查室。";
pub const CHANGE_PASSWORD: &str = "修改密码";
pub const CURRENT_PASSWORD: &str = "当前密码";
pub const NEW_PASSWORD: &str = "新密码";
pub const CONFIRM_PASSWORD: &str = "再次输入新密码";
pub const PASSWORDS_DIFFER: &str = "两次输入的新密码不一致";
pub const SAVE: &str = "保存";

pub const USERS_TITLE: &str = "账号管理";
pub const CREATE_USER: &str = "新建账号";
pub const DISPLAY_NAME: &str = "姓名";
pub const INITIAL_PASSWORD: &str = "初始密码";
pub const PLAN: &str = "年度计划";
pub const ROLE: &str = "角色";
pub const NO_ROLE: &str = "（暂不分配）";
pub const LEADER_CATEGORIES: &str = "分管类别（仅分管领导）";
pub const STATUS: &str = "状态";
pub const ACTIVE: &str = "正常";
pub const DISABLED: &str = "已停用";
pub const ACTIONS: &str = "操作";
pub const DISABLE: &str = "停用";
pub const ENABLE: &str = "启用";
pub const RESET_PASSWORD: &str = "重置密码";
pub const SET_ROLE: &str = "设置角色";
pub const CREATE: &str = "创建";

pub const AUDIT_TITLE: &str = "操作记录";
pub const AUDIT_INTRO: &str =
    "每一次写入都留有记录（谁、何时、做了什么、前后内容），记录不可修改或删除。";
pub const FILTER: &str = "筛选";
pub const ACTOR: &str = "操作人";
pub const ACTION: &str = "操作";
pub const FROM_DATE: &str = "起始日期";
pub const TO_DATE: &str = "截止日期";
pub const TIME: &str = "时间";
pub const OBJECT: &str = "对象";
pub const BEFORE: &str = "修改前";
pub const AFTER: &str = "修改后";
pub const AUDIT_EMPTY: &str = "没有符合条件的记录。";
pub const EARLIER: &str = "更早的记录";

pub const REPORT_TITLE: &str = "进展填报";
pub const REPORT_INTRO: &str = "以下是本单位作为牵头或协办单位、可以填报进展的项目。";
pub const REPORT_NONE: &str = "您的账号没有填报权限，或本单位没有承办项目。";
pub const REPORT_OPEN_FIELD: &str = "打开现场填报（可离线使用）";
pub const AS_LEAD: &str = "牵头";
pub const AS_CO: &str = "协办";

/// Messages shown after a successful form submission (`?done=…`).
pub fn done_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "created" => "账号已创建。",
        "disabled" => "账号已停用，其所有登录已立即失效。",
        "enabled" => "账号已启用。",
        "password" => "密码已重置，该用户需用新密码重新登录。",
        "role" => "角色已更新。",
        "changed" => "密码已修改。其他设备上的登录已失效。",
        "reviewed" => super::REVIEW_DONE,
        "schedule" => super::SCHEDULE_DONE,
        "schedule-approved" => super::SCHEDULE_APPROVED,
        "schedule-rejected" => super::SCHEDULE_REJECTED,
        "difficulty" => "困难问题已登记，可在此跟踪协调进展。",
        "difficulty-comment" => "留言已添加。",
        "difficulty-status" => "状态已更新。",
        "difficulty-owner" => "责任人已更新。",
        "notice" => "督办单已下达。",
        "responded" => "督办单已回复。",
        "visit" => "一线督导记录已保存。",
        "statement" => "已记录本周无进展说明，计入本周台账。",
        "photo-stage" => "照片公开设置已保存。",
        "feedback" => "感谢您的评价！意见建议经审核、答复后会在本页公开。",
        "answered" => "答复已保存。督查室公开后，群众可在项目页看到。",
        "published" => "已连同答复公开。",
        "hidden" => "已设为不公开。",
        "evaluation-open" => "满意度测评已开启。测评代表登录后即可评价。",
        "evaluation-close" => "满意度测评已结束，结果已向社会公布。",
        "evaluation-ballot" => "您的测评已提交，感谢参与。",
        "evaluation-paper" => "纸质选票已录入。",
        "decision" => "调整决定已记录并公开；自决定日期起按新目标计算进度。",
        "note-write" => "本月进展已保存，督查室审核后向社会公开。",
        "note-publish" => "月度进展已公开。",
        "opinion" => "意见已提交，牵头单位将作出答复。",
        "opinion-answered" => "答复已保存。",
        "notice-closed" => "督办单已办结。",
        "notice-sent-back" => "答复已退回，被督办单位须在新期限前重新答复。",
        "submission-saved" => "草稿已保存，尚未报送。",
        "submission-submitted" => "已报送督查室。",
        _ => return None,
    })
}
