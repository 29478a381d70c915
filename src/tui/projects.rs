//! Runs the Projects pane's effects through ops: the list, health, plans, task edits
//! (version-checked), the status report. A stale version comes back as an error
//! toast and the plan is reloaded, so the user sees the other person's change.

use crate::app::msg::{Failure, LoadedPlan, Msg, ProjectsFx, ProjectsMsg};
use crate::domain::records::Task;
use crate::domain::schedule::add_workdays;
use crate::error::{Error, Result};
use crate::ops::{Desk, ReportKind, TaskMove, DEFAULT_RISK_THRESHOLD};
use chrono::Duration;
use std::collections::BTreeSet;

/// Days around the plan whose calendar is sent with it (enough for any scrolling).
const CALENDAR_MARGIN: i64 = 400;

/// Runs one effect of the pane.
pub fn run(desk: &mut Desk, fx: ProjectsFx) -> Vec<Msg> {
    match fx {
        ProjectsFx::LoadList => vec![
            desk.projects()
                .map(|rows| Msg::Projects(ProjectsMsg::List(rows)))
                .unwrap_or_else(failed),
            summaries(desk),
            all_progress(desk),
        ],
        ProjectsFx::Load { id } => vec![
            desk.project_detail(id)
                .map(|p| Msg::Projects(ProjectsMsg::Project(Box::new(p))))
                .unwrap_or_else(failed),
            load(desk, id),
        ],
        ProjectsFx::Report { project, path } => {
            let json = path.to_ascii_lowercase().ends_with(".json");
            let r = desk.write_project_report(
                project,
                ReportKind::Status,
                DEFAULT_RISK_THRESHOLD,
                json,
                std::path::Path::new(&path),
            );
            vec![match r {
                Ok(()) => Msg::Projects(ProjectsMsg::ReportWritten { path }),
                Err(e) => failed(e),
            }]
        }
        ProjectsFx::MoveTask {
            project,
            task,
            by_days,
            expected,
        } => {
            let mv = TaskMove {
                by_days: Some(by_days),
                ..Default::default()
            };
            let before = desk.task(task).ok();
            let r = desk.move_task(task, mv, expected).map(Some);
            after_write(desk, project, task, before, r)
        }
        ProjectsFx::StretchTask {
            project,
            task,
            days,
            expected,
        } => {
            let before = desk.task(task).ok();
            let r = stretch(desk, task, days, expected);
            after_write(desk, project, task, before, r)
        }
        ProjectsFx::Progress {
            project,
            task,
            percent,
            expected,
        } => {
            let before = desk.task(task).ok();
            let r = desk.set_task_progress(task, percent, expected).map(Some);
            after_write(desk, project, task, before, r)
        }
        ProjectsFx::Finish {
            project,
            task,
            expected,
        } => {
            let before = desk.task(task).ok();
            let r = desk.finish_task(task, None, expected).map(Some);
            after_write(desk, project, task, before, r)
        }
        ProjectsFx::RestoreTask {
            project,
            before,
            expected,
        } => {
            let task = before.id;
            let r = desk.restore_task(&before, expected).map(Some);
            // An undo is not undone by `u` again: no task before it is handed back.
            let mut out = after_write(desk, project, task, None, r);
            if let Some(Msg::Projects(ProjectsMsg::TaskSaved { undone, .. })) = out.first_mut() {
                *undone = true;
            }
            out
        }
    }
}

/// Moves a task's planned end by `days` working days (never before its start).
fn stretch(desk: &mut Desk, task: i64, days: i64, expected: Option<i64>) -> Result<Option<Task>> {
    let t = desk.task(task)?;
    let start = t.planned_start;
    let end = t.planned_end.or(start).ok_or_else(|| {
        Error::invalid(
            format!("task #{task} has no planned dates"),
            "give it dates first: aftercare task move ID --start DATE --end DATE",
        )
    })?;
    let cal = desk.config.sla.calendar.clone();
    let mut new = add_workdays(&cal, end, days);
    if let Some(s) = start {
        new = new.max(s);
    }
    if new == end {
        return Ok(None);
    }
    let mv = TaskMove {
        end: Some(new.to_string()),
        ..Default::default()
    };
    desk.move_task(task, mv, expected).map(Some)
}

/// The result of a task write (the task `before` it, to undo; None from the write:
/// nothing changed), then fresh health and plan (also after a conflict).
fn after_write(
    desk: &mut Desk,
    project: i64,
    task: i64,
    before: Option<Task>,
    r: Result<Option<Task>>,
) -> Vec<Msg> {
    let mut out = vec![match r {
        Ok(after) => Msg::Projects(ProjectsMsg::TaskSaved {
            task,
            version: after.as_ref().map_or(0, |t| t.version),
            before: before.filter(|_| after.is_some()).map(Box::new),
            undone: false,
        }),
        Err(e) => failed(e),
    }];
    out.push(load(desk, project));
    out.push(summaries(desk));
    out.push(all_progress(desk));
    out
}

fn summaries(desk: &Desk) -> Msg {
    desk.project_summaries()
        .map(|s| Msg::Projects(ProjectsMsg::Summaries(s)))
        .unwrap_or_else(failed)
}

/// The curve of every active project together (the Progress tab's second chart).
fn all_progress(desk: &Desk) -> Msg {
    desk.active_progress()
        .map(|(_, all)| Msg::Projects(ProjectsMsg::Progress(Box::new(all))))
        .unwrap_or_else(failed)
}

/// A project's plan with the calendar's days off around it.
fn load(desk: &Desk, id: i64) -> Msg {
    match desk.project_plan(id) {
        Ok(plan) => {
            let cal = &desk.config.sla.calendar;
            let from = plan.today - Duration::days(CALENDAR_MARGIN);
            let to = plan.today + Duration::days(CALENDAR_MARGIN);
            let days_off: BTreeSet<_> = from
                .iter_days()
                .take_while(|d| *d <= to)
                .filter(|d| !cal.is_workday(*d))
                .collect();
            let curve = plan.progress_curve(cal);
            Msg::Projects(ProjectsMsg::Plan(Box::new(LoadedPlan {
                curve,
                plan,
                days_off,
                known: (from, to),
            })))
        }
        Err(e) => failed(e),
    }
}

fn failed(e: Error) -> Msg {
    Msg::Failed(Failure::of(&e))
}
