//! The Projects pane's commands and results: the list, tabs, the Gantt window, task
//! selection and task edits (as effects), the status report. No I/O.

use super::state::{list_h, ProjectsState};
use super::window::{follow_selected, home, set_plan};
use crate::app::chrome::cursor::{follow, stepped};
use crate::app::chrome::{Overlay, Palette};
use crate::app::command::Command;
use crate::app::ctx::{Ctx, Pane};
use crate::app::msg::{Effect, PlanTab, ProjectsFx, ProjectsMsg, ProjectsNote};
use crate::app::outcome::{Outcome, Request};
use crate::domain::gantt::{self, Zoom};

/// Applies one of the pane's commands.
pub fn update(s: &mut ProjectsState, ctx: &Ctx, cmd: Command) -> Outcome {
    if !ctx.on(Pane::Projects) {
        return Outcome::none();
    }
    let h = ctx.list_height() as i64;
    let w = ctx.size.0;
    match cmd {
        Command::Down => step(s, ctx, 1),
        Command::Up => step(s, ctx, -1),
        Command::PageDown => step(s, ctx, h),
        Command::PageUp => step(s, ctx, -h),
        Command::Top => step(s, ctx, -i64::from(u32::MAX)),
        Command::Bottom => step(s, ctx, i64::from(u32::MAX)),
        Command::Open => load_selected(s),
        Command::ProjectTab(None) => {
            s.tab = s.tab.next();
            s.offset = 0;
            Outcome::none()
        }
        Command::ProjectTab(Some(t)) => match PlanTab::parse(&t) {
            Some(tab) => {
                s.tab = tab;
                s.offset = 0;
                Outcome::none()
            }
            None => Outcome::note(ProjectsNote::BadTab(t)),
        },
        Command::GanttZoom(z) => {
            let zoom = match z.as_deref() {
                None => Some(s.zoom.next()),
                Some(z) => Zoom::parse(z),
            };
            match zoom {
                Some(zoom) => {
                    s.zoom = zoom;
                    s.tab = PlanTab::Gantt;
                    // Start where today is, then keep the selected row in view.
                    home(s, w);
                    follow_selected(s, w);
                    Outcome::none()
                }
                None => Outcome::note(ProjectsNote::BadZoom(z.unwrap_or_default())),
            }
        }
        Command::GanttEarlier | Command::GanttLater => {
            let steps = if cmd == Command::GanttEarlier { -1 } else { 1 };
            if let Some(start) = s.window_start() {
                s.start = Some(gantt::scroll(start, s.zoom, steps));
            }
            Outcome::none()
        }
        Command::PlanFocus => {
            s.focus = !s.focus;
            Outcome::none()
        }
        Command::PlanList => {
            s.focus = false;
            Outcome::request(Request::ClearToasts)
        }
        Command::TaskEarlier => task_fx(s, |project, task, expected| ProjectsFx::MoveTask {
            project,
            task,
            by_days: -1,
            expected,
        }),
        Command::TaskLater => task_fx(s, |project, task, expected| ProjectsFx::MoveTask {
            project,
            task,
            by_days: 1,
            expected,
        }),
        Command::TaskShorter => task_fx(s, |project, task, expected| ProjectsFx::StretchTask {
            project,
            task,
            days: -1,
            expected,
        }),
        Command::TaskLonger => task_fx(s, |project, task, expected| ProjectsFx::StretchTask {
            project,
            task,
            days: 1,
            expected,
        }),
        Command::ProgressUp | Command::ProgressDown => {
            let up = cmd == Command::ProgressUp;
            let Some(pct) = selected_percent(s) else {
                return Outcome::note(ProjectsNote::NoTask);
            };
            // Round to the next multiple of ten so 35% goes to 40% or 30%.
            let next = if up {
                (pct / 10 + 1) * 10
            } else {
                ((pct + 9) / 10 - 1) * 10
            }
            .clamp(0, 100);
            if next == pct {
                return Outcome::none();
            }
            task_fx(s, |project, task, expected| ProjectsFx::Progress {
                project,
                task,
                percent: next,
                expected,
            })
        }
        Command::TaskDone => task_fx(s, |project, task, expected| ProjectsFx::Finish {
            project,
            task,
            expected,
        }),
        Command::Undo => match s.undo.pop() {
            Some(u) => {
                let fx = ProjectsFx::RestoreTask {
                    project: u.before.project_id,
                    before: Box::new(u.before.clone()),
                    expected: Some(u.version),
                };
                s.undoing = Some(u);
                Outcome::effect(fx)
            }
            None => Outcome::note(ProjectsNote::NothingToUndo),
        },
        Command::ProjectReport(None) => match current_project(s) {
            // The palette, filled in, is the path prompt: edit and press enter.
            Some(id) => Outcome::dialog(Overlay::Palette(Palette::with(&format!(
                "project-report ./project-{id}-report.md"
            )))),
            None => Outcome::note(ProjectsNote::NoProject),
        },
        Command::ProjectReport(Some(path)) => match current_project(s) {
            Some(project) => Outcome::effect(ProjectsFx::Report {
                project,
                path: path.trim().to_string(),
            }),
            None => Outcome::note(ProjectsNote::NoProject),
        },
        _ => Outcome::none(),
    }
}

/// Applies a result.
pub fn handle(s: &mut ProjectsState, ctx: &Ctx, msg: ProjectsMsg) -> Outcome {
    match msg {
        ProjectsMsg::List(rows) => {
            s.rows = rows;
            s.loaded = true;
            s.cursor.clamp(s.rows.len());
            match s.selected() {
                Some(p) if s.outline.is_none() => Outcome::effect(ProjectsFx::Load { id: p.id }),
                _ => Outcome::none(),
            }
        }
        ProjectsMsg::Project(p) => {
            let current = s.selected().map(|r| r.id);
            if current == Some(p.project.id) || current.is_none() {
                s.outline = Some(*p);
            }
            Outcome::none()
        }
        ProjectsMsg::Summaries(rows) => {
            s.summaries = rows;
            Outcome::none()
        }
        ProjectsMsg::Progress(all) => {
            s.all_progress = Some(*all);
            Outcome::none()
        }
        ProjectsMsg::Plan(p) => {
            let current = s.selected().map(|r| r.id);
            if current.is_none() || current == Some(p.plan.project.id) {
                set_plan(s, *p, ctx.size.0);
            }
            Outcome::none()
        }
        ProjectsMsg::TaskSaved {
            task,
            before,
            version,
            undone,
        } => saved(s, task, before, version, undone),
        ProjectsMsg::ReportWritten { path } => Outcome::note(ProjectsNote::ReportWritten { path }),
    }
}

/// A task write came back: remember how to undo it, or re-base older entries of the
/// task on the version an undo wrote (the task is as it was before the undone change).
fn saved(
    s: &mut ProjectsState,
    task: i64,
    before: Option<Box<crate::domain::records::Task>>,
    version: i64,
    undone: bool,
) -> Outcome {
    if undone {
        if let Some(u) = s.undoing.take().filter(|u| u.before.id == task) {
            for e in s.undo.iter_mut().filter(|e| e.before.id == task) {
                if e.version == u.before.version {
                    e.version = version;
                }
            }
        }
        return Outcome::note(ProjectsNote::TaskUndone { task });
    }
    if let Some(before) = before {
        s.undo.push(super::state::TaskUndo {
            before: *before,
            version,
        });
        if s.undo.len() > super::state::TASK_UNDO_DEPTH {
            s.undo.remove(0);
        }
    }
    Outcome::note(ProjectsNote::TaskSaved { task })
}

/// Effects for showing the pane: the list the first time.
pub fn on_show(s: &ProjectsState) -> Vec<Effect> {
    if s.loaded {
        Vec::new()
    } else {
        vec![Effect::Projects(ProjectsFx::LoadList)]
    }
}

/// Effects that reload what the pane shows.
pub fn refresh(s: &ProjectsState) -> Vec<Effect> {
    let mut out = Vec::new();
    if s.loaded {
        out.push(Effect::Projects(ProjectsFx::LoadList));
    }
    if let Some(p) = &s.outline {
        out.push(Effect::Projects(ProjectsFx::Load { id: p.project.id }));
    }
    out
}

/// Shows project `id` (found by search): selects it and loads it.
pub fn show_project(s: &mut ProjectsState, id: i64) -> Outcome {
    if let Some(i) = s.rows.iter().position(|p| p.id == id) {
        s.cursor.selected = i;
    }
    Outcome::effect(ProjectsFx::Load { id })
}

fn load_selected(s: &ProjectsState) -> Outcome {
    match s.selected() {
        Some(p) => Outcome::effect(ProjectsFx::Load { id: p.id }),
        None => Outcome::none(),
    }
}

/// j/k: the plan's row (or the tab's scroll) while the plan has the keys, else the list.
fn step(s: &mut ProjectsState, ctx: &Ctx, delta: i64) -> Outcome {
    if !s.focus {
        s.cursor.step(delta, s.rows.len(), ctx.list_height());
        return load_selected(s);
    }
    if s.tab == PlanTab::Gantt {
        s.row = stepped(s.row, delta, s.items().len());
        follow_selected(s, ctx.size.0);
    } else {
        s.offset = (s.offset as i64 + delta).max(0) as usize;
    }
    Outcome::none()
}

/// The mouse wheel: moves through the list.
pub fn scroll(s: &mut ProjectsState, ctx: &Ctx, delta: i64) -> Outcome {
    s.cursor.step(delta, s.rows.len(), ctx.list_height());
    Outcome::none()
}

/// A click `line` rows below the top of the list: a project, or a Gantt row (which
/// gives the keys to the plan).
pub fn click(s: &mut ProjectsState, ctx: &Ctx, line: usize) -> Outcome {
    if s.plan.is_none() {
        let i = s.cursor.offset + line;
        let delta = i as i64 - s.cursor.selected as i64;
        s.cursor.step(delta, s.rows.len(), ctx.list_height());
        return load_selected(s);
    }
    let area_h = ctx.size.1.saturating_sub(2);
    let lh = list_h(s.rows.len(), area_h) as usize;
    let rows = lh - 1;
    if line < rows {
        let offset = follow(s.cursor.selected, s.cursor.offset, rows);
        let i = offset + line;
        if i >= s.rows.len() || i == s.cursor.selected {
            return Outcome::none();
        }
        s.cursor.selected = i;
        s.cursor.offset = offset;
        return Outcome::effect(ProjectsFx::Load { id: s.rows[i].id });
    }
    // Below the list: the tab bar, the chart's three top lines, then its rows.
    let chart_top = lh + 3;
    if s.tab != PlanTab::Gantt || line < chart_top {
        return Outcome::none();
    }
    let chart_rows = (area_h as usize).saturating_sub(lh + 4);
    let offset = (s.row + 1).saturating_sub(chart_rows.max(1));
    let i = offset + line - chart_top;
    if i < s.items().len() {
        s.row = i;
        s.focus = true;
    }
    Outcome::none()
}

/// The effect for the selected task, built by `make(project, task, version)`.
fn task_fx(s: &mut ProjectsState, make: impl Fn(i64, i64, Option<i64>) -> ProjectsFx) -> Outcome {
    let project = s.plan().map(|p| p.project.id);
    let task = s.selected_task().filter(|_| s.focus);
    match (project, task) {
        (Some(p), Some((task, version))) => {
            s.tab = PlanTab::Gantt;
            Outcome::effect(make(p, task, Some(version)))
        }
        _ => Outcome::note(ProjectsNote::NoTask),
    }
}

fn selected_percent(s: &ProjectsState) -> Option<i64> {
    let (id, _) = s.selected_task()?;
    s.plan()?.task(id).map(|t| t.percent_done)
}

/// The project shown (the list's selection, else the loaded plan's).
fn current_project(s: &ProjectsState) -> Option<i64> {
    s.selected()
        .map(|p| p.id)
        .or_else(|| s.plan().map(|p| p.project.id))
}
