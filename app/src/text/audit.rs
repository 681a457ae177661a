//! The audit trail in words: an action's before/after, stored as JSON, read as "标签：值"
//! with Chinese labels and known codes translated; record ids shortened. The raw JSON stays
//! one click away on the page.

use serde_json::Value;

/// Chinese labels of the keys the server writes into audit rows.
const KEYS: [(&str, &str); 59] = [
    ("answer", "答复"),
    ("applied", "已入账"),
    ("ballot_number", "票号"),
    ("body", "决定机关"),
    ("client", "客户端"),
    ("closed", "办结"),
    ("code", "代码"),
    ("colour", "颜色"),
    ("comment", "意见"),
    ("conflict", "有冲突"),
    ("content_hash", "内容校验"),
    ("deadline", "期限"),
    ("decided_on", "决定日期"),
    ("decision", "审核结论"),
    ("disabled", "停用"),
    ("display_name", "姓名"),
    ("doc_number", "文号"),
    ("due_on", "节点日期"),
    ("expires_at", "有效期至"),
    ("findings", "督导意见"),
    ("id", "编号"),
    ("item", "项目序号"),
    ("items", "项目数"),
    ("kind", "类别"),
    ("note", "说明"),
    ("owner", "责任单位"),
    ("photos", "照片"),
    ("place", "地点"),
    ("plan", "计划"),
    ("planned", "计划值"),
    ("ratings", "评价"),
    ("reason", "理由"),
    ("rejected", "被拒收"),
    ("report", "填报记录"),
    ("requirement", "督办要求"),
    ("response", "整改落实情况"),
    ("revision", "版本"),
    ("role", "角色"),
    ("rule", "规则"),
    ("sessions_ended", "结束的登录"),
    ("stage", "公开范围"),
    ("status", "状态"),
    ("target", "目标"),
    ("text", "内容"),
    ("title", "标题"),
    ("unit", "单位"),
    ("unit_id", "单位编号"),
    ("username", "用户名"),
    ("visited_on", "督导日期"),
    ("week", "周"),
    ("categories", "分管类别"),
    ("reviewed", "审核"),
    ("from", "原值"),
    ("to", "新值"),
    ("value", "数值"),
    ("version", "版本"),
    ("narrative", "本月进展"),
    ("next_steps", "下步计划"),
    ("figures", "完成情况"),
];

/// Codes stored as values, in words.
const CODES: [(&str, &str); 27] = [
    ("accepted", "已采纳"),
    ("returned", "已退回"),
    ("submitted", "已提交"),
    ("accept", "采纳"),
    ("return", "退回"),
    ("open", "待协调"),
    ("coordinating", "协调中"),
    ("resolved", "已解决"),
    ("blue", "蓝色"),
    ("yellow", "黄色"),
    ("red", "红色"),
    ("draft", "草稿"),
    ("published", "已公开"),
    ("hidden", "已隐藏"),
    ("pending", "待处理"),
    ("answered", "已答复"),
    ("supervisor", "督查室"),
    ("leader", "分管领导"),
    ("unit_manager", "单位管理员"),
    ("reporter", "填报人"),
    ("evaluator", "测评代表"),
    ("suspend", "暂停"),
    ("resume", "恢复"),
    ("end", "终止"),
    ("internal", "仅内部"),
    ("public", "公开"),
    ("satisfied", "满意"),
];

fn key_label(key: &str) -> &str {
    KEYS.iter()
        .find_map(|(k, label)| (*k == key).then_some(*label))
        .unwrap_or(key)
}

/// A record id (a UUID) shortened to its first eight characters: enough to tell two
/// apart on the page, the whole one is in the raw data.
fn short_id(s: &str) -> Option<String> {
    uuid::Uuid::parse_str(s)
        .ok()
        .map(|_| format!("#{}", &s[..8]))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "无".to_string(),
        Value::Bool(true) => "是".to_string(),
        Value::Bool(false) => "否".to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => short_id(s).unwrap_or_else(|| {
            CODES
                .iter()
                .find_map(|(code, words)| (*code == s.as_str()).then(|| (*words).to_string()))
                .unwrap_or_else(|| s.clone())
        }),
        other => audit_value(other),
    }
}

/// An audit row's before or after, in words: "颜色：红色；期限：2024-07-15".
pub fn audit_value(v: &Value) -> String {
    match v {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}：{}", key_label(k), scalar(v)))
            .collect::<Vec<_>>()
            .join("；"),
        Value::Array(list) if list.iter().all(|v| v.as_str().and_then(short_id).is_some()) => {
            format!("{} 条", list.len())
        }
        Value::Array(list) => list.iter().map(scalar).collect::<Vec<_>>().join("，"),
        other => scalar(other),
    }
}

/// The object of an audit row: ids that are UUIDs shortened.
pub fn audit_object(label: String) -> String {
    label
        .split(' ')
        .map(|w| short_id(w).unwrap_or_else(|| w.to_string()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn audit_values_read_as_labelled_words() {
        let id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        for (value, expected) in [
            (
                json!({ "colour": "red", "deadline": "2024-07-15", "requirement": "加快" }),
                "颜色：红色；期限：2024-07-15；督办要求：加快",
            ),
            (
                json!({ "applied": [id, id], "conflict": [], "rejected": [id] }),
                "已入账：2 条；有冲突：0 条；被拒收：1 条",
            ),
            (
                json!({ "decision": "accept", "report": id }),
                "审核结论：采纳；填报记录：#0190a1b2",
            ),
            (json!({ "disabled": true }), "停用：是"),
            (
                json!([{ "due_on": "2024-06-30", "planned": 50 }]),
                "节点日期：2024-06-30；计划值：50",
            ),
            (json!({ "unknown_key": "x" }), "unknown_key：x"),
        ] {
            let got = audit_value(&value);
            assert_eq!(got, expected);
            assert!(
                !got.contains(id) && !got.contains('{') && !got.contains('"'),
                "{got}"
            );
        }
        assert_eq!(audit_object(format!("填报记录 {id}")), "填报记录 #0190a1b2");
        assert_eq!(audit_object("督办单 12".to_string()), "督办单 12");
    }
}
