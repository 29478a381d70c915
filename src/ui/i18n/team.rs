//! The Team pane's strings (workload table, heatmap, legend) in both languages.

use crate::app::ctx::Lang;
use crate::app::msg::TeamNote;
use crate::domain::timelog::WorkRef;

/// Team pane strings in one language.
#[derive(Debug)]
pub struct TeamStrings {
    pub col_agent: &'static str,
    pub col_open: &'static str,
    /// Near / past SLA.
    pub col_sla: &'static str,
    pub col_tasks: &'static str,
    pub col_load: &'static str,
    pub col_today: &'static str,
    pub working: &'static str,
    pub day_off: &'static str,
    pub holiday: &'static str,
    /// Out of office; `{date}` is when they are back, if known.
    pub ooo: &'static str,
    pub ooo_back: &'static str,
    pub inactive: &'static str,
    /// Week labels over the heatmap: this week, next week, then by date.
    pub this_week: &'static str,
    pub next_week: &'static str,
    /// `{names}` over capacity this week / next week.
    pub over_this: &'static str,
    pub over_next: &'static str,
    pub nobody_over: &'static str,
    /// The legend; `{n}` is the streak length that flags an agent.
    pub legend: &'static str,
    pub loading: &'static str,
    /// The running timer in the status bar: `{work}`, `{time}`.
    pub timer: &'static str,
}

const EN: TeamStrings = TeamStrings {
    col_agent: "Agent",
    col_open: "Open",
    col_sla: "Near/Late",
    col_tasks: "Task",
    col_load: "Load",
    col_today: "Today",
    working: "working",
    day_off: "day off",
    holiday: "holiday",
    ooo: "away",
    ooo_back: "away→{date}",
    inactive: "inactive",
    this_week: "this week",
    next_week: "next week",
    over_this: "Over capacity this week: {names}",
    over_next: "next week: {names}",
    nobody_over: "Nobody is over capacity in the next two weeks",
    legend: "░ <50%  ▒ <80%  ▓ ≤100%  █ over  · off   ! over capacity {n}+ days in a row",
    loading: "loading workload…",
    timer: "▶ {work} {time}",
};

const ZH: TeamStrings = TeamStrings {
    col_agent: "客服",
    col_open: "未结",
    col_sla: "将超/已超",
    col_tasks: "任务",
    col_load: "负荷",
    col_today: "今天",
    working: "在岗",
    day_off: "休息",
    holiday: "节假日",
    ooo: "休假",
    ooo_back: "休假→{date}",
    inactive: "已停用",
    this_week: "本周",
    next_week: "下周",
    over_this: "本周超负荷：{names}",
    over_next: "下周：{names}",
    nobody_over: "未来两周没有人超负荷",
    legend: "░ <50%  ▒ <80%  ▓ ≤100%  █ 超负荷  · 不上班   ! 连续 {n} 天以上超负荷",
    loading: "正在加载负荷…",
    timer: "▶ {work} {time}",
};

/// The Team pane's strings for `lang`.
pub fn team_strings(lang: Lang) -> &'static TeamStrings {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// What a timer runs on: `#12` for a ticket, `task #3` (`任务 #3`) for a task.
pub fn work(w: WorkRef, lang: Lang) -> String {
    match (w, lang) {
        (WorkRef::Ticket(id), _) => format!("#{id}"),
        (WorkRef::Task(id), Lang::En) => format!("task #{id}"),
        (WorkRef::Task(id), Lang::Zh) => format!("任务 #{id}"),
    }
}

/// The text of one of the pane's toasts.
pub fn note(n: &TeamNote, lang: Lang) -> String {
    match (n, lang) {
        (TeamNote::TimerStarted { work: w }, Lang::En) => {
            format!("timer started on {}", work(*w, lang))
        }
        (TeamNote::TimerStarted { work: w }, Lang::Zh) => {
            format!("已开始计时：{}", work(*w, lang))
        }
        (TeamNote::TimerStopped { minutes, work: w }, Lang::En) => {
            format!("timer stopped: {minutes} min logged on {}", work(*w, lang))
        }
        (TeamNote::TimerStopped { minutes, work: w }, Lang::Zh) => {
            format!("计时已停止：{} 记录 {minutes} 分钟", work(*w, lang))
        }
    }
}
