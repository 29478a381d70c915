//! The Knowledge base pane's strings and toasts in both languages.

use crate::app::ctx::Lang;
use crate::app::msg::KbNote;

/// The pane's own strings.
pub struct KbStrings {
    pub categories: &'static str,
    pub stale_only: &'static str,
    pub all: &'static str,
    pub col_solved: &'static str,
    pub solved: &'static str,
    pub linked: &'static str,
    pub stale: &'static str,
    pub unsaved: &'static str,
    pub search_title: &'static str,
    pub searching: &'static str,
    pub no_hits: &'static str,
    pub open_hint: &'static str,
    pub suggest_title: &'static str,
    pub no_suggestions: &'static str,
    pub suggest_hint: &'static str,
    pub already: &'static str,
    pub playbook: &'static str,
    pub incident: &'static str,
    pub drill: &'static str,
    pub steps: &'static str,
    pub within: &'static str,
    pub playbook_hint: &'static str,
    pub incident_hint: &'static str,
    /// The reader's key line ({scroll}, {edit}, {review}, {archive}, {back}).
    pub reader_keys: &'static str,
    pub no_playbooks: &'static str,
    pub overdue: &'static str,
    pub due: &'static str,
    pub started: &'static str,
    pub completed: &'static str,
    pub active: &'static str,
    pub kinds: [&'static str; 4],
}

const EN: KbStrings = KbStrings {
    categories: "Categories",
    stale_only: "Review overdue",
    all: "All",
    col_solved: "Sol",
    solved: "Solved",
    linked: "linked",
    stale: "REVIEW OVERDUE",
    unsaved: "unsaved edit (e)",
    search_title: "Search",
    searching: "Searching…",
    no_hits: "No results. Ctrl-F to search again.",
    open_hint: "Enter open · i insert into reply · l link · Ctrl-F search again",
    suggest_title: "Suggested for",
    no_suggestions: "No matching articles.",
    suggest_hint: "Enter/i insert into reply · l link · e edit · Esc back",
    already: "linked",
    playbook: "Plan",
    incident: "Live",
    drill: "Drill",
    steps: "steps",
    within: "within",
    playbook_hint: "s start incident · D start drill · Esc back",
    incident_hint: "x next step done · X undo · :step-done N",
    reader_keys:
        "{scroll} scroll · {edit} edit · {review} review date · {archive} archive · {back} back",
    no_playbooks: "No playbooks: add [[playbooks]] to the config.",
    overdue: "OVERDUE",
    due: "due",
    started: "Started",
    completed: "completed",
    active: "active",
    kinds: ["Ticket", "Article", "Customer", "Project"],
};

const ZH: KbStrings = KbStrings {
    categories: "分类",
    stale_only: "待复审",
    all: "全部",
    col_solved: "解决",
    solved: "帮助解决",
    linked: "个关联工单",
    stale: "已过复审日期",
    unsaved: "有未保存的修改 (e)",
    search_title: "搜索",
    searching: "搜索中…",
    no_hits: "没有结果。按 Ctrl-F 重新搜索。",
    open_hint: "Enter 打开 · i 插入回复 · l 关联 · Ctrl-F 重新搜索",
    suggest_title: "推荐给",
    no_suggestions: "没有匹配的文章。",
    suggest_hint: "Enter/i 插入回复 · l 关联 · e 编辑 · Esc 返回",
    already: "已关联",
    playbook: "预案",
    incident: "事件",
    drill: "演练",
    steps: "步",
    within: "时限",
    playbook_hint: "s 启动事件 · D 启动演练 · Esc 返回",
    incident_hint: "x 完成下一步 · X 撤销 · :step-done N",
    reader_keys: "{scroll} 滚动 · {edit} 编辑 · {review} 复审日期 · {archive} 归档 · {back} 返回",
    no_playbooks: "没有预案：请在配置中添加 [[playbooks]]。",
    overdue: "逾期",
    due: "截止",
    started: "启动",
    completed: "已完成",
    active: "进行中",
    kinds: ["工单", "文章", "客户", "项目"],
};

/// The pane's strings in `lang`.
pub fn kb_strings(lang: Lang) -> &'static KbStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The text of one of the pane's toasts.
pub fn note(n: &KbNote, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match (n, zh) {
        (KbNote::Linked { ticket, article }, false) => {
            format!("Article #{article} linked to ticket #{ticket}")
        }
        (KbNote::Linked { ticket, article }, true) => {
            format!("文章 #{article} 已关联到工单 #{ticket}")
        }
        (KbNote::AlreadyLinked, false) => "Already linked".into(),
        (KbNote::AlreadyLinked, true) => "已经关联过了".into(),
        (KbNote::Inserted { ticket }, false) => {
            format!("Article put into the reply draft of #{ticket}: r or R to review and send")
        }
        (KbNote::Inserted { ticket }, true) => {
            format!("文章已放入 #{ticket} 的回复草稿：按 r 或 R 检查后发送")
        }
        (KbNote::Saved(id), false) => format!("Article #{id} saved"),
        (KbNote::Saved(id), true) => format!("文章 #{id} 已保存"),
        (KbNote::Conflict(id), false) => {
            format!("Article #{id} was changed by someone else; reloaded. e edits your text again")
        }
        (KbNote::Conflict(id), true) => {
            format!("文章 #{id} 已被他人修改并已重新载入；按 e 继续编辑你的文本")
        }
        (KbNote::Started { id, drill: false }, false) => format!("Incident #{id} started"),
        (KbNote::Started { id, drill: true }, false) => format!("Drill #{id} started"),
        (KbNote::Started { id, drill: false }, true) => format!("事件 #{id} 已启动"),
        (KbNote::Started { id, drill: true }, true) => format!("演练 #{id} 已启动"),
        (KbNote::StepDone { no, done: true }, false) => format!("Step {no} done"),
        (KbNote::StepDone { no, done: false }, false) => format!("Step {no} open again"),
        (KbNote::StepDone { no, done: true }, true) => format!("第 {no} 步已完成"),
        (KbNote::StepDone { no, done: false }, true) => format!("第 {no} 步已撤销"),
        (KbNote::Created(id), false) => format!("Article #{id} created (a draft)"),
        (KbNote::Created(id), true) => format!("文章 #{id} 已创建（草稿）"),
        (KbNote::Archived(id), false) => format!("Article #{id} archived"),
        (KbNote::Archived(id), true) => format!("文章 #{id} 已归档"),
        (KbNote::ReviewSet { id, day }, false) => format!("Article #{id}: review by {day}"),
        (KbNote::ReviewSet { id, day }, true) => format!("文章 #{id} 复审日期：{day}"),
        (KbNote::NothingSelected, false) => "Select an article first".into(),
        (KbNote::NothingSelected, true) => "请先选择一篇文章".into(),
        (KbNote::NoStep, false) => "Select an incident with a step to change".into(),
        (KbNote::NoStep, true) => "请选择一个有可改步骤的事件".into(),
        (KbNote::NoResults, false) => "No results".into(),
        (KbNote::NoResults, true) => "没有结果".into(),
        (KbNote::NoPlaybooks, false) => "Choose a playbook".into(),
        (KbNote::NoPlaybooks, true) => "请选择一个预案".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_note_has_text_in_both_languages() {
        for n in [KbNote::NoResults, KbNote::Saved(3), KbNote::Conflict(3)] {
            assert!(!note(&n, Lang::En).is_empty());
            assert_ne!(note(&n, Lang::En), note(&n, Lang::Zh));
        }
    }
}
