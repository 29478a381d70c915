//! Commands and results of the Projects pane's plan: tabs, the Gantt window, task
//! selection and task edits (as effects), the status report. No I/O here.

use super::command::Command;
use super::effect::Effect;
use super::note::Note;
use super::overlay::Overlay;
use super::palette;
use super::projects_state::{LoadedPlan, PlanFx, PlanMsg, PlanNote, PlanTab, ProjectsView};
use super::state::{Pane, State};
use crate::domain::gantt::{self, GanttItem, Zoom};

/// Whether `cmd` is one of the plan's commands.
pub fn owns(cmd: &Command) -> bool {
    use Command::*;
    matches!(
        cmd,
        PlanTab(_)
            | GanttZoom(_)
            | GanttEarlier
            | GanttLater
            | PlanFocus
            | PlanList
            | TaskEarlier
            | TaskLater
            | TaskShorter
            | TaskLonger
            | ProgressUp
            | ProgressDown
            | TaskDone
            | ProjectReport(_)
    )
}

/// Applies one plan command.
pub fn update(s: &mut State, cmd: Command) -> Vec<Effect> {
    if s.pane != Pane::Projects {
        return Vec::new();
    }
    let v = &mut s.plan_view;
    match cmd {
        Command::PlanTab(None) => {
            v.tab = v.tab.next();
            v.offset = 0;
        }
        Command::PlanTab(Some(t)) => match PlanTab::parse(&t) {
            Some(tab) => {
                v.tab = tab;
                v.offset = 0;
            }
            None => s.toast(Note::Plan(PlanNote::BadTab(t))),
        },
        Command::GanttZoom(z) => {
            let zoom = match z.as_deref() {
                None => Some(v.zoom.next()),
                Some(z) => Zoom::parse(z),
            };
            match zoom {
                Some(zoom) => {
                    v.zoom = zoom;
                    v.tab = PlanTab::Gantt;
                    // Start where today is, then keep the selected row in view.
                    home(s);
                    follow_selected(s);
                }
                None => s.toast(Note::Plan(PlanNote::BadZoom(z.unwrap_or_default()))),
            }
        }
        Command::GanttEarlier | Command::GanttLater => {
            let steps = if cmd == Command::GanttEarlier { -1 } else { 1 };
            let start = window_start(s);
            if let Some(start) = start {
                let v = &mut s.plan_view;
                v.start = Some(gantt::scroll(start, v.zoom, steps));
            }
        }
        Command::PlanFocus => {
            v.focus = !v.focus;
        }
        Command::PlanList => {
            v.focus = false;
            s.toasts.clear();
        }
        Command::TaskEarlier => return task_fx(s, |p, t, e| shift(p, t, -1, e)),
        Command::TaskLater => return task_fx(s, |p, t, e| shift(p, t, 1, e)),
        Command::TaskShorter => return task_fx(s, |p, t, e| stretch(p, t, -1, e)),
        Command::TaskLonger => return task_fx(s, |p, t, e| stretch(p, t, 1, e)),
        Command::ProgressUp | Command::ProgressDown => {
            let d = if cmd == Command::ProgressUp { 10 } else { -10 };
            let Some(pct) = selected_percent(s) else {
                s.toast(Note::Plan(PlanNote::NoTask));
                return Vec::new();
            };
            // Round to the next multiple of ten so 35% goes to 40% or 30%.
            let next = if d > 0 {
                (pct / 10 + 1) * 10
            } else {
                ((pct + 9) / 10 - 1) * 10
            }
            .clamp(0, 100);
            if next == pct {
                return Vec::new();
            }
            return task_fx(s, |project, task, expected| PlanFx::Progress {
                project,
                task,
                percent: next,
                expected,
            });
        }
        Command::TaskDone => {
            return task_fx(s, |project, task, expected| PlanFx::Finish {
                project,
                task,
                expected,
            })
        }
        Command::ProjectReport(None) => {
            let Some(id) = current_project(s) else {
                s.toast(Note::Plan(PlanNote::NoProject));
                return Vec::new();
            };
            // The palette, filled in, is the path prompt: edit and press enter.
            let mut p = super::overlay::Palette::default();
            p.input
                .set(&format!("project-report ./project-{id}-report.md"));
            s.overlay = Overlay::Palette(p);
            palette::refresh(s);
        }
        Command::ProjectReport(Some(path)) => {
            let Some(project) = current_project(s) else {
                s.toast(Note::Plan(PlanNote::NoProject));
                return Vec::new();
            };
            return vec![Effect::Plan(PlanFx::Report {
                project,
                path: path.trim().to_string(),
            })];
        }
        _ => {}
    }
    Vec::new()
}

fn shift(project: i64, task: i64, by_days: i64, expected: Option<i64>) -> PlanFx {
    PlanFx::MoveTask {
        project,
        task,
        by_days,
        expected,
    }
}

fn stretch(project: i64, task: i64, days: i64, expected: Option<i64>) -> PlanFx {
    PlanFx::StretchTask {
        project,
        task,
        days,
        expected,
    }
}

/// The effect for the selected task, built by `make(project, task, version)`.
fn task_fx(s: &mut State, make: impl Fn(i64, i64, Option<i64>) -> PlanFx) -> Vec<Effect> {
    let project = s.plan_view.plan().map(|p| p.project.id);
    let task = s.plan_view.selected_task().filter(|_| s.plan_view.focus);
    match (project, task) {
        (Some(p), Some((task, version))) => {
            s.plan_view.tab = PlanTab::Gantt;
            vec![Effect::Plan(make(p, task, Some(version)))]
        }
        _ => {
            s.toast(Note::Plan(PlanNote::NoTask));
            Vec::new()
        }
    }
}

fn selected_percent(s: &State) -> Option<i64> {
    let (id, _) = s.plan_view.selected_task()?;
    s.plan_view.plan()?.task(id).map(|t| t.percent_done)
}

/// The project shown (its plan if loaded, else the list's selection).
fn current_project(s: &State) -> Option<i64> {
    let sel = s.projects.rows.get(s.projects.selected).map(|p| p.id);
    sel.or_else(|| s.plan_view.plan().map(|p| p.project.id))
}

fn window_start(s: &State) -> Option<chrono::NaiveDate> {
    s.plan_view.window_start()
}

/// Timeline columns at the current screen width (as the pane draws it).
fn timeline_width(s: &State, items: &[GanttItem]) -> usize {
    let w = s.size.0 as usize;
    w.saturating_sub(gantt::label_width_for(items, w) + 1)
}

/// Moves the window so the selected row's bar or marker is in view.
fn follow_selected(s: &mut State) {
    let items = s.plan_view.items();
    let Some(start) = window_start(s) else {
        return;
    };
    let (a, b) = match items.get(s.plan_view.row) {
        Some(GanttItem::Task(t)) => (t.start, t.end),
        Some(GanttItem::Milestone(m)) => (m.date, m.date),
        None => return,
    };
    let tw = timeline_width(s, &items);
    let zoom = s.plan_view.zoom;
    let st = gantt::keep_visible(start, zoom, tw, b);
    let st = gantt::keep_visible(st, zoom, tw, a);
    if st != start {
        s.plan_view.start = Some(st);
    }
}

/// j/k while the plan has the keys: the selected Gantt row, or the tab's scroll.
pub fn step(s: &mut State, delta: i64) -> Vec<Effect> {
    let v = &mut s.plan_view;
    if v.tab == PlanTab::Gantt {
        let n = v.items().len() as i64;
        if n > 0 {
            v.row = (v.row as i64 + delta).clamp(0, n - 1) as usize;
        }
        follow_selected(s);
    } else {
        v.offset = (v.offset as i64 + delta).max(0) as usize;
    }
    Vec::new()
}

/// A click `line` rows below the top of the list: a project, or a Gantt row (which
/// gives the keys to the plan).
pub fn click(s: &mut State, line: usize) -> Vec<Effect> {
    let area_h = s.size.1.saturating_sub(2);
    let list_h = ProjectsView::list_h(s.projects.rows.len(), area_h) as usize;
    let rows = list_h - 1;
    if line < rows {
        let offset = ProjectsView::list_offset(s.projects.selected, s.projects.offset, rows);
        let i = offset + line;
        if i >= s.projects.rows.len() || i == s.projects.selected {
            return Vec::new();
        }
        s.projects.selected = i;
        s.projects.offset = offset;
        return vec![Effect::LoadProject {
            id: s.projects.rows[i].id,
        }];
    }
    // Below the list: the tab bar, the chart's three top lines, then its rows.
    let chart_top = list_h + 3;
    if s.plan_view.tab != PlanTab::Gantt || line < chart_top {
        return Vec::new();
    }
    let chart_rows = (area_h as usize).saturating_sub(list_h + 4);
    let offset = (s.plan_view.row + 1).saturating_sub(chart_rows.max(1));
    let i = offset + line - chart_top;
    if i < s.plan_view.items().len() {
        s.plan_view.row = i;
        s.plan_view.focus = true;
    }
    Vec::new()
}

/// Applies a result of the plan's effects.
pub fn handle(s: &mut State, msg: PlanMsg) -> Vec<Effect> {
    match msg {
        PlanMsg::Summaries(rows) => s.plan_view.summaries = rows,
        PlanMsg::Plan(p) => {
            let current = s.projects.rows.get(s.projects.selected).map(|r| r.id);
            if current.is_some() && current != Some(p.plan.project.id) {
                return Vec::new();
            }
            set_plan(s, *p);
        }
        PlanMsg::TaskSaved { task } => s.toast(Note::Plan(PlanNote::TaskSaved { task })),
        PlanMsg::ReportWritten { path } => s.toast(Note::Plan(PlanNote::ReportWritten { path })),
    }
    Vec::new()
}

/// What a chart row shows, to find it again after a reload.
fn item_key(i: &GanttItem) -> (bool, i64) {
    match i {
        GanttItem::Task(t) => (true, t.id),
        GanttItem::Milestone(m) => (false, m.id),
    }
}

fn set_plan(s: &mut State, p: LoadedPlan) {
    let same = s.plan_view.plan().map(|x| x.project.id) == Some(p.plan.project.id);
    let v = &mut s.plan_view;
    let was = v.items().get(v.row).map(item_key);
    if !same {
        v.row = 0;
        v.start = None;
        v.offset = 0;
    }
    v.loaded = Some(p);
    let items = v.items();
    // A moved task may change places: keep the same task selected.
    if let Some(i) = was
        .filter(|_| same)
        .and_then(|k| items.iter().position(|x| item_key(x) == k))
    {
        v.row = i;
    }
    v.row = v.row.min(items.len().saturating_sub(1));
    if same {
        follow_selected(s);
    } else {
        home(s);
    }
}

/// The window for a fresh look: from the plan's start, or with today a quarter in
/// when the plan runs past today (so the today line shows).
fn home(s: &mut State) {
    s.plan_view.start = None;
    let (Some(plan), Some(fit)) = (s.plan_view.plan(), s.plan_view.window_start()) else {
        return;
    };
    let items = plan.gantt_items();
    let today = plan.today;
    let last = items
        .iter()
        .map(|i| match i {
            GanttItem::Task(t) => t.forecast_end.unwrap_or(t.end).max(t.end),
            GanttItem::Milestone(m) => m.date,
        })
        .max();
    if last.is_none_or(|l| l < today) || today <= fit {
        return;
    }
    let zoom = s.plan_view.zoom;
    let cols = timeline_width(s, &items) as i64 / 4;
    let days = match zoom {
        Zoom::Day => cols / 3,
        Zoom::Week => cols,
        Zoom::Month => cols * 7,
    };
    let start = zoom.align(today - chrono::Duration::days(days));
    s.plan_view.start = Some(start.max(fit));
}
