//! Strings of the progress views: pace, as-of dates, breakdowns, review, schedules,
//! the monthly report.

pub const PLANNED_TO_DATE: &str = "序时进度";
pub const PACE_STATUS: &str = "状态";
pub const DEADLINE: &str = "截止";
pub const AS_OF: &str = "查看日期";
pub const AS_OF_SHOW: &str = "查看";
pub const AS_OF_NOTE: &str = "进度只计入审核通过、填报日期不晚于查看日期的记录。";
pub const STATUS_SUMMARY: &str = "项目状态";
pub const BREAKDOWN: &str = "按单位、地点分解";
pub const BREAKDOWN_BY_TOWN: &str = "按单位分解";
pub const BREAKDOWN_PUBLIC: &str = "按填报单位（镇街、部门）汇总，不列村（居）名；涉及老人、残疾儿童、低保等个人情况的指标只公布全区合计。";
pub const BREAKDOWN_EMPTY: &str = "还没有审核通过的填报。";
pub const BREAKDOWN_TOTAL: &str = "合计";
pub const PLACE: &str = "地点";
pub const REPORT_COUNT: &str = "条数";
pub const AMOUNT: &str = "数量";
pub const PENDING_NOTE: &str = "条填报待牵头单位审核，审核通过后计入进度。";
pub const REVIEW_ACCEPT: &str = "审核通过所选";
pub const REVIEW_RETURN: &str = "退回所选";
pub const REVIEW_COMMENT: &str = "审核意见（退回时必填）";
pub const REVIEW_SELECT: &str = "选择";
pub const CONCERN_MARK: &str = "⚠ 请核实：";
pub const CONCERN_HINT: &str = "数值明显偏大，填报人保存时已确认；审核时请核对佐证";
pub const EVIDENCE: &str = "佐证";
pub const EVIDENCE_PHOTOS: &str = "佐证照片";
pub const EVIDENCE_NONE: &str = "无照片";
pub const EVIDENCE_OPEN: &str = "佐证照片，点击查看原图";
pub const EVIDENCE_PENDING: &str = "照片传输中";
pub const PUBLIC_PHOTOS: &str = "现场照片";
pub const PUBLIC_PHOTOS_NOTE: &str =
    "由牵头单位从审核通过的佐证照片中选取公开，已去除拍摄时间、位置等信息。";
pub const PHOTO_PUBLIC_AS: &str = "公开为：";
pub const PHOTO_IS_PUBLIC: &str = "已公开";
pub const PHOTO_UNPUBLISH: &str = "取消公开";
pub const REVIEW_DONE: &str = "审核结果已保存。";
pub const SCHEDULE: &str = "分阶段目标";
pub const SCHEDULE_HELP: &str = "每行一个节点：日期 累计目标，如“2024-06-30 40”。节点性任务只写日期（应完成日期）。清空则按计划期平均推进。提交后须经督查室批准，自批准之日起生效，此前各日的序时进度不变。";
pub const SCHEDULE_SAVE: &str = "提交督查室审批";
pub const SCHEDULE_DONE: &str = "分阶段目标已提交督查室审批；批准前仍按现行目标计算序时进度。";
pub const SCHEDULE_APPROVED: &str =
    "分阶段目标已批准，自今日起按新目标计算序时进度，此前各日不变。";
pub const SCHEDULE_REJECTED: &str = "分阶段目标已退回牵头单位，理由已记录。";
pub const SCHEDULE_IN_FORCE: &str = "现行";
pub const SCHEDULE_PENDING: &str = "待审批";
pub const SCHEDULE_HISTORY: &str = "审批记录";
pub const SCHEDULE_APPROVE: &str = "批准（自今日起生效）";
pub const SCHEDULE_REJECT: &str = "退回";
pub const SCHEDULE_REJECT_REASON: &str = "退回理由";
pub const MONTHLY: &str = "月度报告";
pub const NAV_MONTHLY: &str = "月报";
pub const BULLETIN_ISSUER: &str = "区党政办公室督查室";
pub const BULLETIN: &str = "通报（自动起草，可复制修改）";
pub const MONTH: &str = "月份";
pub const DOWNLOAD_XLSX: &str = "下载 Excel 月报";
pub const DOWNLOAD_CSV: &str = "下载原始填报（CSV）";
pub const PRINT: &str = "打印";
pub const COMPLETION: &str = "总体完成率";
pub const THIS_MONTH: &str = "本月进展";
pub const OPEN_DIFFICULTIES: &str = "困难问题";
pub const NOTICES: &str = "督办情况";
pub const CUMULATIVE: &str = "累计完成";
pub const STATUS_REASON: &str = "状态说明";
pub const INVALID_TITLE: &str = "请求有误";
pub const ITEM: &str = "项目";
pub const WEEKLY: &str = "周盘点";
pub const NAV_WEEKLY: &str = "周盘点";
pub const WEEKLY_RULE: &str = "牵头单位每个项目每周须更新一次台账（填报进展，或说明本周无进展及原因），按填报日期计入所在周；周日后一天内到达为按时，之后为逾期；项目已完成后不再需要更新。";
pub const WEEKLY_OWED: &str = "应更新的项目";
pub const WEEKLY_OVERDUE: &str = "（已逾期）";
pub const WEEKLY_REASON: &str = "无进展原因";
pub const WEEKLY_NO_PROGRESS: &str = "本周无进展";
pub const CHARGE_ALL: &str = "正在显示全部类别。";
pub const CHARGE_MINE: &str = "只看我分管的类别";
pub const CHARGE_SHOW_ALL: &str = "显示全部类别";

/// "仅显示您分管的第1、2、3类。"
pub fn charge_only(categories: &[u32]) -> String {
    let list: Vec<String> = categories.iter().map(u32::to_string).collect();
    format!("仅显示您分管的第{}类。", list.join("、"))
}

pub const WEEKLY_REMINDER: &str = "本单位还有项目未更新周台账：";
pub const WEEKLY_GO: &str = "去周盘点";
pub const DIFFICULTIES: &str = "困难问题";
pub const DIFFICULTY_TITLE: &str = "问题概述";
pub const DIFFICULTY_DETAIL: &str = "问题详情";
pub const DIFFICULTY_RAISE: &str = "登记困难问题";
pub const DIFFICULTY_FROM_REPORT: &str = "登记为困难问题";
pub const DIFFICULTY_NONE: &str = "暂无困难问题。";
pub const DIFFICULTY_OWNER: &str = "协调责任人";
pub const DIFFICULTY_AGE: &str = "已持续";
pub const DIFFICULTY_TIMELINE: &str = "处理经过";
pub const DIFFICULTY_COMMENT: &str = "留言";
pub const DIFFICULTY_STATUS_NOTE: &str = "说明（标记已解决时必填）";
pub const DIFFICULTY_SET_STATUS: &str = "更新状态";
pub const DIFFICULTY_SET_OWNER: &str = "指定责任人";
pub const VISITS: &str = "一线督导";
pub const VISIT_NONE: &str = "暂无一线督导记录。";
pub const VISIT_RECORD: &str = "记录一线督导";
pub const VISIT_DATE: &str = "督导日期";
pub const VISIT_PLACE: &str = "督导地点";
pub const VISIT_FINDINGS: &str = "发现的问题和督导意见";
pub const VISIT_PHOTOS: &str = "现场照片（可选）";
pub const VISIT_PHOTOS_HINT: &str = "JPEG，最多 6 张，每张不超过 8 MB。";
pub const NAV_SUPERVISION: &str = "督办";
pub const SUPERVISION_TITLE: &str = "督查督办";
pub const OPEN_BY_AGE: &str = "未解决的困难问题（按持续时间）";
pub const DAYS: &str = "天";
pub const TRENDS: &str = "进度趋势";
pub const TREND_ALT: &str = "实际进度与序时进度对比图";
pub const TREND_LEGEND: &str = "实线：实际完成；虚线：序时进度；竖线：查看日期";
pub const QUARTERLY: &str = "季度汇总";
pub const NAV_QUARTERLY: &str = "季度汇总";
pub const QUARTERLY_MINE: &str = "您分管的类别";
pub const QUARTERLY_ALL: &str = "全部类别";
pub const PACK_TITLE: &str = "汇报材料";
pub const PACK_HELP: &str =
    "由各牵头单位当季每月向督查室报送的内容汇编而成，无需另行填写；草稿不计入。";
pub const PACK_FIGURES: &str = "完成情况：";
pub const PACK_PROGRESS: &str = "工作进展：";
pub const PACK_NEXT: &str = "下步计划：";
pub const PACK_NONE: &str = "未报送。";
pub const TO_REVIEW: &str = "条填报待您审核";

pub const TOWN_BOARD: &str = "进度看板";
pub const NAV_TOWN_BOARD: &str = "镇街进度";
pub const TOWN_BOARD_HELP: &str = "列出本镇（街道）填报的各项指标；方案分解到本镇（街道）的，按分解任务计算序时进度和状态，否则按全区目标和全区状态。";
pub const TOWN_BOARD_NONE: &str = "本镇（街道）没有需要填报的指标。";
pub const TOWN_BOARD_TARGET: &str = "目标";
pub const TOWN_BOARD_DONE: &str = "已完成";
pub const TOWN_BOARD_EXPECTED: &str = "序时应完成";
pub const TOWN_BOARD_STATUS: &str = "状态";
pub const MILESTONE_TARGET: &str = "按期完成";
