//! Strings of the offline field app.

pub const NAV_FIELD: &str = "现场填报";
pub const FIELD_TITLE: &str = "现场填报";
pub const FIELD_LOADING: &str = "正在读取本机数据……";
pub const FIELD_NEED_SIGN_IN: &str = "请先在联网时登录一次，本机才能离线填报。";
pub const FIELD_SIGN_IN: &str = "登录";
pub const FIELD_USER: &str = "当前用户";
pub const FIELD_NEW: &str = "新建填报";
pub const FIELD_SYNC: &str = "同步";
pub const FIELD_SYNCING: &str = "正在同步";
pub const FIELD_WAITING: &str = "待同步";
pub const FIELD_LAST_SYNC: &str = "上次同步";
pub const FIELD_NEVER: &str = "尚未同步";
pub const FIELD_OFFLINE: &str = "当前离线：填报保存在本机，联网后自动同步。";
pub const FIELD_PHOTOS: &str = "佐证照片";
pub const FIELD_PHOTOS_LOADING: &str = "正在准备拍照和定位……";
pub const FIELD_PHOTOS_NOT_LOADED: &str =
    "拍照和定位部分未能下载（可能没有网络）。不附照片也可以保存；联网后可重试。";
pub const FIELD_PHOTOS_UPLOADING: &str = "正在上传照片";
pub const FIELD_PHOTOS_WAITING: &str = "待上传照片";
pub const FIELD_PHOTOS_NOT_SENT: &str = "照片未传完";
pub const FIELD_TAKE_PHOTO: &str = "拍照";
pub const FIELD_PICK_PHOTOS: &str = "从相册选择";
pub const FIELD_PHOTO_REMOVE: &str = "删除照片";
pub const FIELD_PHOTO_WORKING: &str = "正在处理照片…";
pub const FIELD_PHOTO_LIMIT: &str = "每条填报最多附 9 张照片";
pub const FIELD_LOCATE: &str = "记录当前位置";
pub const FIELD_LOCATING: &str = "正在获取位置…";
pub const FIELD_LOCATION_REMOVE: &str = "删除位置";
pub const FIELD_LOCATION_NONE: &str = "未能获取位置（可能未允许定位）；位置不是必填项。";

/// The location a report keeps, in plain words.
pub fn location_text(fix: &crate::domain::evidence::GeoFix) -> String {
    format!(
        "已记录位置：{}, {}（精度约 {} 米）",
        super::fixed(fix.lat, 5),
        super::fixed(fix.lon, 5),
        super::fixed(fix.accuracy_m, 0)
    )
}

/// The button under the first cards of a long list.
pub fn field_show_more(shown: usize, total: usize) -> String {
    format!("显示更多（已显示 {shown} 条，共 {total} 条）")
}

/// A warning once browser storage is nearly full (above 80 %), in plain words; photos
/// are what fills it.
pub fn storage_left(used: f64, quota: f64) -> Option<String> {
    (quota > 0.0 && used / quota > 0.8).then(|| {
        format!(
            "本机存储空间将满：只剩约 {} MB。请尽快联网同步，上传后照片会自动清理。",
            super::fixed((quota - used).max(0.0) / 1_048_576.0, 0)
        )
    })
}
pub const FIELD_PERSIST_REFUSED: &str = "浏览器未允许长期保存，请尽快联网同步。";
pub const FIELD_EMPTY: &str = "本机还没有填报记录。";
pub const FIELD_SAVED_ONLINE: &str = "已保存，正在同步。";
pub const FIELD_SAVED_OFFLINE: &str = "已保存在本机，联网后自动同步。";
pub const FIELD_SYNCED: &str = "同步完成。";
pub const FIELD_SYNC_NOT_LOADED: &str =
    "同步所需的程序未能下载（网络不稳定），记录仍保存在本机，稍后会自动重试。";
pub const FIELD_SYNC_WHEN_ONLINE: &str = "当前没有网络，记录已保存在本机，联网后会自动发送。";
pub const FIELD_OTHER_TAB_SYNCING: &str = "另一个标签页正在同步，请稍候。";
pub const FIELD_OTHER_TAB_EDITING: &str = "这条记录正在另一个标签页中修改，请先在那里保存或取消。";
pub const FIELD_CHANGED_ELSEWHERE: &str = "这条记录已在另一个标签页中改动，请重新打开后再修改。";
pub const FIELD_PAUSED_SIGN_IN: &str = "登录已过期，同步已暂停，记录仍保存在本机。请重新登录：";
pub const FIELD_PAUSED_UPDATE: &str = "应用版本过旧，请刷新页面更新后再同步（记录仍保存在本机）。";
pub const FIELD_UPDATE_READY: &str = "新版本已下载。";
pub const FIELD_UPDATE_NOW: &str = "立即更新";
/// A shared phone: another user's unsent reports, counted but not shown.
pub fn field_others_waiting(n: usize) -> String {
    format!("本机另有其他用户的 {n} 条记录未发送，需其本人登录后才会同步。")
}
pub const FIELD_EDIT: &str = "修改";
pub const FIELD_DISCARD: &str = "放弃修改";
pub const FIELD_DELETE: &str = "删除";
pub const FIELD_CONFIRM_DISCARD: &str = "确定放弃这条记录未同步的修改吗？此操作不能撤销。";
pub const FIELD_CONFIRM_DELETE: &str = "这条记录从未同步到服务器，删除后无法找回。确定删除吗？";
pub const FIELD_LAST_ERROR: &str = "上次同步失败";

pub const FORM_NEW: &str = "新建填报";
pub const FORM_LOADING: &str = "正在打开填报表单……";
pub const FORM_NOT_LOADED: &str =
    "填报表单未能下载（可能没有网络）。已保存的记录不受影响，请联网后重试。";
pub const FORM_RETRY: &str = "重试";
pub const FORM_BACK: &str = "返回列表";
pub const FORM_DRAFT_RESTORED: &str = "已恢复上次未保存的填写内容，核对后请保存。";
pub const FORM_EDIT: &str = "修改填报";
pub const FORM_ITEM: &str = "实事项目";
pub const FORM_CHOOSE_ITEM: &str = "请选择项目";
pub const FORM_DATE: &str = "填报日期";
pub const FORM_DATE_HINT: &str = "默认今天；离线补录时请选实际工作日期，周报和月报按此日期计入。";
pub const FORM_INDICATORS: &str = "本次进展（没有变化的指标留空）";
pub const FORM_INCREMENT: &str = "本次新增";
pub const FORM_CURRENT: &str = "当前数值";
pub const FORM_PLACES: &str = "本次覆盖的地点（每行一个）";
pub const FORM_DONE: &str = "已完成";
pub const FORM_DONE_ON: &str = "完成日期";
pub const FORM_NARRATIVE: &str = "工作进展";
pub const FORM_DIFFICULTIES: &str = "困难问题";
pub const FORM_NEXT_STEPS: &str = "下步计划";
pub const FORM_PLACE: &str = "地点（村/社区）";
pub const FORM_SAVE: &str = "保存";
pub const FORM_CANCEL: &str = "取消";
pub const FORM_FIX: &str = "请修改以下问题后再保存：";

pub const ITEM_REPORTS: &str = "填报记录";
pub const ITEM_NO_REPORTS: &str = "还没有填报记录。";
pub const REPORT_DATE: &str = "填报日期";
pub const REPORT_WEEK: &str = "计入周";
pub const REPORT_VALUES: &str = "本次进展";

pub const NAV_QUARANTINE: &str = "同步异常";
pub const QUARANTINE_TITLE: &str = "同步异常";
pub const QUARANTINE_INTRO: &str = "服务器未采用的填报操作：被拒收（无权限或内容无效）或有冲突（两份均已保留）。填报人已在手机上看到原因，可修改后重新提交。";
pub const QUARANTINE_EMPTY: &str = "没有异常记录。";
pub const QUARANTINE_OUTCOME: &str = "结果";
pub const QUARANTINE_REASON: &str = "原因";
pub const QUARANTINE_CONFLICT: &str = "冲突";
pub const QUARANTINE_REJECTED: &str = "拒收";

pub fn quarantine_fixed(n: usize) -> String {
    format!("另有 {n} 条已由填报人修改后重新提交并入账，不再列出。")
}

/// The phone's second look at an unlikely figure (`plausibility`).
pub const FIELD_CONFIRM_UNLIKELY: &str = "以下数值明显偏大，请核对。确认无误请再次点击“保存”：";

/// Beside an indicator on the phone: what the unit's accepted reports add up to, against
/// its share when the notice gives one, and the district's target.
pub fn own_progress(ind: &crate::domain::plan::Indicator) -> Option<String> {
    let mine = ind.mine.as_ref()?;
    let unit = ind.unit.as_deref();
    let done = super::quantity(mine.done, unit);
    let district = ind
        .target
        .map(|t| super::quantity(t, unit))
        .unwrap_or_default();
    Some(match mine.share {
        Some(share) => format!(
            "本单位已完成 {done} / 本单位任务 {}（全区目标 {district}）",
            super::quantity(share, unit)
        ),
        None => format!("本单位已完成 {done}（全区目标 {district}）"),
    })
}

#[cfg(test)]
mod tests {
    use super::storage_left;

    const MB: f64 = 1_048_576.0;

    #[test]
    fn storage_is_mentioned_only_when_nearly_full_and_in_whole_megabytes() {
        assert_eq!(storage_left(50.0 * MB, 100.0 * MB), None);
        assert_eq!(storage_left(0.0, 0.0), None, "no quota known: nothing said");
        let said = |used: f64| storage_left(used * MB, 100.0 * MB).expect("nearly full");
        assert!(said(90.0).contains("只剩约 10 MB"), "{}", said(90.0));
        assert!(
            said(90.4).contains("只剩约 10 MB"),
            "9.6 MB rounds to 10: {}",
            said(90.4)
        );
        assert!(said(99.7).contains("只剩约 0 MB"), "{}", said(99.7));
        assert!(
            said(120.0).contains("只剩约 0 MB"),
            "over the quota: {}",
            said(120.0)
        );
    }
}
