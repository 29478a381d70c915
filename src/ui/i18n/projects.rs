//! Strings of the Projects pane's plan (tabs, Gantt, risks, issues, documents) in
//! English and Chinese, and its toasts.

use crate::app::ctx::Lang;
use crate::app::msg::ProjectsNote;
use crate::domain::schedule::Health;

/// The plan's strings in one language.
#[derive(Debug)]
pub struct ProjectsStrings {
    pub tabs: [&'static str; 5],
    pub col_health: &'static str,
    pub col_done: &'static str,
    pub col_forecast: &'static str,
    pub zoom: [&'static str; 3],
    /// Key hints under the chart when the list has the keys / the plan has them.
    pub hint_list: &'static str,
    pub hint_plan: &'static str,
    pub critical: &'static str,
    pub heat_title: &'static str,
    pub probability: &'static str,
    pub impact: &'static str,
    pub col_score: &'static str,
    pub col_risk: &'static str,
    pub col_owner: &'static str,
    pub col_response: &'static str,
    pub col_status: &'static str,
    pub col_severity: &'static str,
    pub col_issue: &'static str,
    pub col_due: &'static str,
    pub col_kind: &'static str,
    pub col_title: &'static str,
    pub col_location: &'static str,
    pub no_risks: &'static str,
    pub no_issues: &'static str,
    pub no_docs: &'static str,
    pub no_tasks: &'static str,
    pub loading: &'static str,
}

const EN: ProjectsStrings = ProjectsStrings {
    tabs: ["Gantt", "Risks", "Issues", "Docs", "Progress"],
    col_health: "Health",
    col_done: "Done",
    col_forecast: "Forecast",
    zoom: ["day", "week", "month"],
    hint_list: "enter: tasks  t: tab  z: zoom  h/l: scroll  w: report",
    hint_plan: "j/k task  </> move  {/} end  +/- 10%  D done  esc list",
    critical: "critical",
    heat_title: "Probability × impact",
    probability: "P",
    impact: "impact →",
    col_score: "P×I",
    col_risk: "Risk",
    col_owner: "Owner",
    col_response: "Response",
    col_status: "Status",
    col_severity: "Severity",
    col_issue: "Issue",
    col_due: "Due",
    col_kind: "Kind",
    col_title: "Title",
    col_location: "Path or URL",
    no_risks: "No risks recorded.",
    no_issues: "No issues logged.",
    no_docs: "No documents kept.",
    no_tasks: "No tasks or milestones planned.",
    loading: "Loading the plan…",
};

const ZH: ProjectsStrings = ProjectsStrings {
    tabs: ["甘特图", "风险", "问题", "文档", "进度"],
    col_health: "健康",
    col_done: "完成",
    col_forecast: "预计完成",
    zoom: ["日", "周", "月"],
    hint_list: "enter 任务  t 标签  z 缩放  h/l 滚动  w 报告",
    hint_plan: "j/k 任务  </> 移动  {/} 结束  +/- 10%  D 完成  esc 列表",
    critical: "关键路径",
    heat_title: "概率 × 影响",
    probability: "P",
    impact: "影响 →",
    col_score: "分值",
    col_risk: "风险",
    col_owner: "负责人",
    col_response: "应对",
    col_status: "状态",
    col_severity: "严重度",
    col_issue: "问题",
    col_due: "期限",
    col_kind: "类型",
    col_title: "标题",
    col_location: "路径或网址",
    no_risks: "暂无风险记录。",
    no_issues: "暂无问题记录。",
    no_docs: "暂无文档。",
    no_tasks: "尚未计划任务或里程碑。",
    loading: "正在载入计划…",
};

/// The plan's strings in `lang`.
pub fn projects_strings(lang: Lang) -> &'static ProjectsStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// A project's health as shown.
pub fn health(h: Health, lang: Lang) -> &'static str {
    match (lang, h) {
        (Lang::En, Health::OnTrack) => "on track",
        (Lang::En, Health::AtRisk) => "at risk",
        (Lang::En, Health::Late) => "late",
        (Lang::Zh, Health::OnTrack) => "正常",
        (Lang::Zh, Health::AtRisk) => "有风险",
        (Lang::Zh, Health::Late) => "延期",
    }
}

/// A document kind as shown.
pub fn doc_kind(kind: &str, lang: Lang) -> String {
    let zh = match kind {
        "plan" => "计划",
        "report" => "报告",
        "minutes" => "会议纪要",
        "feedback" => "客户反馈",
        "other" => "其他",
        other => return other.to_string(),
    };
    match lang {
        Lang::En if kind == "feedback" => "customer feedback".into(),
        Lang::En => kind.to_string(),
        Lang::Zh => zh.to_string(),
    }
}

/// A risk or issue status or an issue severity as shown.
pub fn word(w: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return w.replace('_', " ");
    }
    match w {
        "open" => "未关闭",
        "mitigated" => "已缓解",
        "closed" => "已关闭",
        "occurred" => "已发生",
        "in_progress" => "处理中",
        "resolved" => "已解决",
        "low" => "低",
        "medium" => "中",
        "high" => "高",
        "critical" => "严重",
        other => return other.to_string(),
    }
    .to_string()
}

/// The text of one of the pane's toasts.
pub fn note(n: &ProjectsNote, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, ProjectsNote::TaskSaved { task }) => format!("task #{task} saved"),
        (Lang::En, ProjectsNote::TaskUndone { task }) => format!("task #{task} put back"),
        (Lang::En, ProjectsNote::NothingToUndo) => "nothing to undo".into(),
        (Lang::En, ProjectsNote::NoTask) => "select a task first (enter, then j/k)".into(),
        (Lang::En, ProjectsNote::NoProject) => "no project selected".into(),
        (Lang::En, ProjectsNote::ReportWritten { path }) => format!("report written to {path}"),
        (Lang::En, ProjectsNote::BadZoom(z)) => {
            format!("unknown zoom '{z}': use day, week or month")
        }
        (Lang::En, ProjectsNote::BadTab(t)) => {
            format!("unknown tab '{t}': use gantt, risks, issues or docs")
        }
        (Lang::Zh, ProjectsNote::TaskSaved { task }) => format!("任务 #{task} 已保存"),
        (Lang::Zh, ProjectsNote::TaskUndone { task }) => format!("任务 #{task} 已恢复"),
        (Lang::Zh, ProjectsNote::NothingToUndo) => "没有可撤销的修改".into(),
        (Lang::Zh, ProjectsNote::NoTask) => "请先选中任务（enter，再 j/k）".into(),
        (Lang::Zh, ProjectsNote::NoProject) => "没有选中项目".into(),
        (Lang::Zh, ProjectsNote::ReportWritten { path }) => format!("报告已写入 {path}"),
        (Lang::Zh, ProjectsNote::BadZoom(z)) => format!("未知缩放“{z}”：可用 day、week、month"),
        (Lang::Zh, ProjectsNote::BadTab(t)) => {
            format!("未知标签“{t}”：可用 gantt、risks、issues、docs")
        }
    }
}
