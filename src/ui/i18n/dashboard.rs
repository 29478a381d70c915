//! The Dashboard pane's strings (tiles, chart titles, legends, the drill-down line)
//! and its toasts, in both languages.

use crate::app::ctx::Lang;
use crate::app::msg::DashboardNote;

/// Dashboard strings in one language.
#[derive(Debug)]
pub struct DashStrings {
    /// `{days}` days, `{from}`–`{to}`.
    pub period: &'static str,
    pub scope_all: &'static str,
    pub loading: &'static str,
    pub computing: &'static str,
    /// Key hints on the header line.
    pub keys: &'static str,
    pub open_now: &'static str,
    pub new_today: &'static str,
    pub breached_now: &'static str,
    pub response_met: &'static str,
    pub resolution_met: &'static str,
    pub csat_mean: &'static str,
    pub backlog: &'static str,
    /// Chart titles, in `Widget::ALL` order.
    pub titles: [&'static str; 8],
    /// Under the volume chart: `• backlog (max {max})`.
    pub backlog_legend: &'static str,
    pub response: &'static str,
    pub resolution: &'static str,
    /// `target {pct}`.
    pub target: &'static str,
    pub weekdays: [&'static str; 7],
    pub col_stage: &'static str,
    pub col_now: &'static str,
    pub col_category: &'static str,
    pub col_this: &'static str,
    pub col_before: &'static str,
    pub col_agent: &'static str,
    pub col_received: &'static str,
    pub col_handled: &'static str,
    pub col_rate: &'static str,
    pub col_first: &'static str,
    pub col_resolve: &'static str,
    pub col_csat: &'static str,
    pub col_logged: &'static str,
    pub team: &'static str,
    pub weekly_mean: &'static str,
    /// The drill-down line: `enter → {n} tickets: {filter}`.
    pub drill: &'static str,
    pub nothing: &'static str,
    /// What each tile opens, in tile order.
    pub tile_targets: [&'static str; 7],
    /// `sorted by {col}`.
    pub sorted: &'static str,
    pub no_data: &'static str,
}

const EN: DashStrings = DashStrings {
    period: "{days} days {from} – {to}",
    scope_all: "all tickets",
    loading: "computing the dashboard…",
    computing: "⟳ computing",
    keys: "[ ] step · p period · f scope · h/l chart · enter tickets",
    open_now: "Open now",
    new_today: "New today",
    breached_now: "Breached",
    response_met: "1st resp.",
    resolution_met: "Resolved",
    csat_mean: "CSAT",
    backlog: "Backlog",
    titles: [
        "Tiles",
        "Volume per day",
        "SLA met per week",
        "Arrivals by hour",
        "Where tickets wait",
        "Top problems",
        "Satisfaction",
        "Agents",
    ],
    backlog_legend: "• backlog (max {max})",
    response: "first response",
    resolution: "resolution",
    target: "target {pct}",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    col_stage: "Stage",
    col_now: "Now",
    col_category: "Problem",
    col_this: "This",
    col_before: "Before",
    col_agent: "Agent",
    col_received: "Recv",
    col_handled: "Done",
    col_rate: "Rate",
    col_first: "1st h",
    col_resolve: "Res h",
    col_csat: "CSAT",
    col_logged: "Logged",
    team: "team",
    weekly_mean: "weekly mean",
    drill: "enter → {n} tickets: {filter}",
    nothing: "no tickets behind this",
    tile_targets: [
        "open now",
        "created today",
        "open past due",
        "first response missed",
        "resolution missed",
        "rated",
        "backlog at the end",
    ],
    sorted: "sorted by {col} (s)",
    no_data: "no tickets in this period",
};

const ZH: DashStrings = DashStrings {
    period: "{days} 天 {from} – {to}",
    scope_all: "全部工单",
    loading: "正在计算仪表盘…",
    computing: "⟳ 计算中",
    keys: "[ ] 移动 · p 周期 · f 范围 · h/l 图表 · enter 工单",
    open_now: "当前未结",
    new_today: "今日新增",
    breached_now: "已超时",
    response_met: "首响达标",
    resolution_met: "解决达标",
    csat_mean: "满意度",
    backlog: "积压变化",
    titles: [
        "指标",
        "每日工单量",
        "每周 SLA 达标",
        "到达时段",
        "各阶段等待",
        "主要问题",
        "满意度",
        "客服",
    ],
    backlog_legend: "• 积压（最多 {max}）",
    response: "首次响应",
    resolution: "解决",
    target: "目标 {pct}",
    weekdays: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
    col_stage: "阶段",
    col_now: "当前",
    col_category: "问题",
    col_this: "本期",
    col_before: "上期",
    col_agent: "客服",
    col_received: "接单",
    col_handled: "解决",
    col_rate: "解决率",
    col_first: "首响时",
    col_resolve: "解决时",
    col_csat: "满意",
    col_logged: "工时",
    team: "团队",
    weekly_mean: "每周均分",
    drill: "enter → {n} 个工单：{filter}",
    nothing: "这里没有工单",
    tile_targets: [
        "当前未结",
        "今日新建",
        "超时未结",
        "首次响应超时",
        "解决超时",
        "已评价",
        "期末积压",
    ],
    sorted: "按{col}排序（s）",
    no_data: "本期没有工单",
};

/// The Dashboard strings in `lang`.
pub fn dash_strings(lang: Lang) -> &'static DashStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// A Dashboard note in `lang`.
pub fn note(n: &DashboardNote, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match n {
        DashboardNote::BadPeriod(t) if zh => {
            format!("无法识别周期“{t}”：写 7、30、90 或 起..止（如 2026-11-01..2026-11-30）")
        }
        DashboardNote::BadPeriod(t) => format!(
            "'{t}' is not a period: give 7, 30, 90 days or FROM..TO (2026-11-01..2026-11-30)"
        ),
        DashboardNote::BadScope(t) if zh => {
            format!("无法识别范围“{t}”：写 group:组 type:类型 channel:渠道")
        }
        DashboardNote::BadScope(t) => {
            format!("'{t}' is not a scope: give group:X type:Y channel:Z (or nothing for all)")
        }
        DashboardNote::AtToday if zh => "周期已到今天".into(),
        DashboardNote::AtToday => "the period already ends today".into(),
        DashboardNote::NothingBehind if zh => "这里没有工单".into(),
        DashboardNote::NothingBehind => "no tickets behind this".into(),
    }
}
