//! Milestones and tasks: create, move and stretch, progress, done, dependencies.
//! Every change is one transaction with an audit event, guarded by the record's version.

use super::project_plan::links_of;
use super::projects::check_date;
use super::{fields, lookup, Desk};
use crate::domain::records::{Milestone, Project, Task};
use crate::domain::schedule::{self, add_workdays, find_cycle, span_workdays, Cycle};
use crate::domain::status::{ProjectStatus, TaskStatus};
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::store::write::{self, Entity, Event};
use crate::store::Conn;
use crate::store::{project_work, projects};
use chrono::NaiveDate;

/// What a user gives to create a milestone.
#[derive(Debug, Clone, Default)]
pub struct MilestoneInput {
    pub project_id: i64,
    pub name: String,
    pub deliverable: Option<String>,
    /// YYYY-MM-DD
    pub due_on: Option<String>,
}

/// What a user gives to create a task.
#[derive(Debug, Clone, Default)]
pub struct TaskInput {
    pub project_id: i64,
    pub name: String,
    pub milestone_id: Option<i64>,
    pub owner: Option<String>,
    /// YYYY-MM-DD
    pub start: Option<String>,
    /// YYYY-MM-DD; without it the estimate decides the length.
    pub end: Option<String>,
    pub estimate_hours: Option<f64>,
    /// Tasks this one starts after (no lag; add lag with `link_task`).
    pub after: Vec<i64>,
}

/// How to move or stretch a task.
#[derive(Debug, Clone, Default)]
pub struct TaskMove {
    /// New start; without `end` the task keeps its length in working days.
    pub start: Option<String>,
    /// New end (stretch or shrink).
    pub end: Option<String>,
    /// Shift start and end by this many working days (negative: earlier).
    pub by_days: Option<i64>,
}

/// The project of a change, refused when it is closed.
pub(crate) fn open_project(c: &Conn, id: i64) -> Result<Project> {
    let p = projects::get(c, id)?;
    if p.status == ProjectStatus::Closed {
        return Err(Error::invalid(
            format!("project #{id} is closed"),
            "closed projects keep their record as it was; start a new project for new work",
        ));
    }
    Ok(p)
}

fn cycle_error(c: Cycle) -> Error {
    Error::invalid(
        c.to_string(),
        "a task cannot (indirectly) wait for itself; link it to a different task",
    )
}

fn span_text(t: &Task) -> String {
    let day = |d: Option<NaiveDate>| d.map_or("?".to_string(), |d| d.to_string());
    format!("{}..{}", day(t.planned_start), day(t.planned_end))
}

impl Desk {
    /// Creates a milestone.
    pub fn create_milestone(&mut self, input: MilestoneInput) -> Result<Milestone> {
        let name = fields::required(&input.name, "a milestone", "name")?;
        let due_on = input.due_on.as_deref().map(check_date).transpose()?;
        let s = self.stamp();
        self.store.write(|c| {
            open_project(c, input.project_id)?;
            let id = projects::insert_milestone(
                c,
                &Milestone {
                    project_id: input.project_id,
                    name: name.clone(),
                    deliverable: input
                        .deliverable
                        .as_deref()
                        .map(sanitize)
                        .unwrap_or_default(),
                    due_on,
                    ..Default::default()
                },
            )?;
            let ev = Event::set("create", "name", name.clone());
            write::record(c, &s, Entity::Milestone, id, Some(1), &[ev])?;
            project_work::milestone(c, id)
        })
    }

    /// The milestones of a project, by due date.
    pub fn milestones(&self, project_id: i64) -> Result<Vec<Milestone>> {
        projects::get(self.store.conn(), project_id)?;
        projects::milestones(self.store.conn(), project_id)
    }

    /// Marks a milestone reached (now), if still at `expected` version when given.
    pub fn finish_milestone(&mut self, id: i64, expected: Option<i64>) -> Result<Milestone> {
        let s = self.stamp();
        self.store.write(|c| {
            let old = project_work::milestone(c, id)?;
            open_project(c, old.project_id)?;
            let new = Milestone {
                done_at: Some(s.at),
                ..old.clone()
            };
            let ev = Event::set("done", "done_at", crate::domain::time::rfc3339(s.at));
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_work::milestone(c, id)
        })
    }

    /// Creates a task, with finish-to-start links to `after`.
    pub fn create_task(&mut self, input: TaskInput) -> Result<Task> {
        let name = fields::required(&input.name, "a task", "name")?;
        let estimate = input.estimate_hours.unwrap_or(0.0);
        if !(0.0..=100_000.0).contains(&estimate) {
            return Err(Error::invalid(
                format!("'{estimate}' is not an estimate"),
                "give the estimate in hours, e.g. --estimate 16",
            ));
        }
        let start = input.start.as_deref().map(check_date).transpose()?;
        let mut end = input.end.as_deref().map(check_date).transpose()?;
        let cal = self.config.sla.calendar.clone();
        if let (Some(s), None) = (start, end) {
            // Without an end the estimate decides the length (at least one working day).
            let days = (estimate / schedule::hours_per_day(&cal)).ceil().max(1.0) as i64;
            end = Some(add_workdays(&cal, s, days - 1));
        }
        check_order(start, end)?;
        let s = self.stamp();
        self.store.write(|c| {
            open_project(c, input.project_id)?;
            if let Some(m) = input.milestone_id {
                let ms = project_work::milestone(c, m)?;
                same_project(input.project_id, ms.project_id, "milestone", m)?;
            }
            let owner_id = lookup::agent_opt(c, input.owner.as_deref())?;
            let id = projects::insert_task(
                c,
                &Task {
                    project_id: input.project_id,
                    milestone_id: input.milestone_id,
                    name: name.clone(),
                    owner_id,
                    planned_start: start,
                    planned_end: end,
                    estimate_hours: estimate,
                    percent_done: 0,
                    status: TaskStatus::Todo,
                    ..Default::default()
                },
            )?;
            for &after in &input.after {
                let other = project_work::task(c, after)?;
                same_project(input.project_id, other.project_id, "task", after)?;
                projects::insert_dependency(c, id, after, 0)?;
            }
            let ev = Event::set("create", "name", name.clone());
            write::record(c, &s, Entity::Task, id, Some(1), &[ev])?;
            project_work::task(c, id)
        })
    }

    /// One task.
    pub fn task(&self, id: i64) -> Result<Task> {
        project_work::task(self.store.conn(), id)
    }

    /// The tasks of one project, or of every project that is not closed.
    pub fn tasks(&self, project_id: Option<i64>) -> Result<Vec<Task>> {
        match project_id {
            Some(p) => {
                projects::get(self.store.conn(), p)?;
                projects::tasks(self.store.conn(), p)
            }
            None => project_work::open_project_tasks(self.store.conn()),
        }
    }

    /// Moves or stretches a task (see `TaskMove`), if still at `expected` version.
    pub fn move_task(&mut self, id: i64, mv: TaskMove, expected: Option<i64>) -> Result<Task> {
        let start = mv.start.as_deref().map(check_date).transpose()?;
        let end = mv.end.as_deref().map(check_date).transpose()?;
        if start.is_none() && end.is_none() && mv.by_days.is_none() {
            return Err(Error::invalid(
                "nothing to move",
                "give --start DATE, --end DATE or --by N (working days)",
            ));
        }
        let cal = self.config.sla.calendar.clone();
        let today = self.project_today();
        let s = self.stamp();
        self.store.write(|c| {
            let old = project_work::task(c, id)?;
            open_project(c, old.project_id)?;
            let os = old.planned_start;
            let oe = old.planned_end.or(os);
            let len = match (os, oe) {
                (Some(s), Some(e)) => span_workdays(&cal, s, e),
                _ => 1,
            };
            let (ns, ne): (NaiveDate, NaiveDate) = match (start, end, mv.by_days) {
                (_, _, Some(n)) => {
                    let s = os.unwrap_or(today);
                    schedule::shift(&cal, s, oe.unwrap_or(s), n)
                }
                (Some(s), Some(e), None) => (s, e),
                (Some(s), None, None) => (s, add_workdays(&cal, s, len - 1)),
                (None, Some(e), None) => (os.unwrap_or(e.min(today)), e),
                (None, None, None) => unreachable!("checked above"),
            };
            check_order(Some(ns), Some(ne))?;
            let new = Task {
                planned_start: Some(ns),
                planned_end: Some(ne),
                ..old.clone()
            };
            let ev = Event::new(
                "move",
                "planned",
                Some(span_text(&old)),
                Some(span_text(&new)),
            );
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_work::task(c, id)
        })
    }

    /// Sets a task's progress (0–100): above 0 it is under way (started today if not
    /// yet), at 100 it is done.
    pub fn set_task_progress(
        &mut self,
        id: i64,
        percent: i64,
        expected: Option<i64>,
    ) -> Result<Task> {
        if !(0..=100).contains(&percent) {
            return Err(Error::invalid(
                format!("progress must be 0–100, not {percent}"),
                "give a percentage, e.g. 40",
            ));
        }
        let today = self.project_today();
        let s = self.stamp();
        self.store.write(|c| {
            let old = project_work::task(c, id)?;
            open_project(c, old.project_id)?;
            let mut new = old.clone();
            new.percent_done = percent;
            if percent > 0 && new.actual_start.is_none() {
                new.actual_start = Some(today);
            }
            if percent == 100 {
                new.status = TaskStatus::Done;
                new.actual_end = new.actual_end.or(Some(today));
            } else {
                new.actual_end = None;
                if percent > 0 && matches!(old.status, TaskStatus::Todo | TaskStatus::Done) {
                    new.status = TaskStatus::Doing;
                } else if percent == 0 && old.status == TaskStatus::Done {
                    new.status = TaskStatus::Todo;
                }
            }
            let ev = Event::new(
                "progress",
                "percent_done",
                Some(old.percent_done.to_string()),
                Some(percent.to_string()),
            );
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_work::task(c, id)
        })
    }

    /// Puts a task's schedule and progress back as they were in `before` (an undo in
    /// the console), if the task is still at `expected` version.
    pub fn restore_task(&mut self, before: &Task, expected: Option<i64>) -> Result<Task> {
        let id = before.id;
        let s = self.stamp();
        self.store.write(|c| {
            let old = project_work::task(c, id)?;
            open_project(c, old.project_id)?;
            let new = Task {
                planned_start: before.planned_start,
                planned_end: before.planned_end,
                percent_done: before.percent_done,
                status: before.status,
                actual_start: before.actual_start,
                actual_end: before.actual_end,
                ..old.clone()
            };
            let ev = Event::new(
                "undo",
                "task",
                Some(format!("{} {}%", span_text(&old), old.percent_done)),
                Some(format!("{} {}%", span_text(&new), new.percent_done)),
            );
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_work::task(c, id)
        })
    }

    /// Marks a task done on `on` (default today).
    pub fn finish_task(
        &mut self,
        id: i64,
        on: Option<String>,
        expected: Option<i64>,
    ) -> Result<Task> {
        let day = on
            .as_deref()
            .map(check_date)
            .transpose()?
            .unwrap_or_else(|| self.project_today());
        let s = self.stamp();
        self.store.write(|c| {
            let old = project_work::task(c, id)?;
            open_project(c, old.project_id)?;
            if let Some(s) = old.actual_start.filter(|s| *s > day) {
                return Err(Error::invalid(
                    format!("task #{id} started {s}, after {day}"),
                    "give the day it was finished with --on YYYY-MM-DD",
                ));
            }
            let start = old
                .actual_start
                .or_else(|| old.planned_start.filter(|s| *s <= day))
                .unwrap_or(day);
            let new = Task {
                status: TaskStatus::Done,
                percent_done: 100,
                actual_start: Some(start),
                actual_end: Some(day),
                ..old.clone()
            };
            let ev = Event::new(
                "done",
                "status",
                Some(old.status.to_string()),
                Some("done".into()),
            );
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_work::task(c, id)
        })
    }

    /// Makes task `id` start after `after` ends plus `lag` working days; refuses a link
    /// that would close a cycle, naming it.
    pub fn link_task(
        &mut self,
        id: i64,
        after: i64,
        lag: i64,
        expected: Option<i64>,
    ) -> Result<Task> {
        if !(-365..=365).contains(&lag) {
            return Err(Error::invalid(
                format!("a lag of {lag} days is out of range"),
                "give a lag between -365 and 365 working days",
            ));
        }
        let s = self.stamp();
        self.store.write(|c| {
            let task = project_work::task(c, id)?;
            let other = project_work::task(c, after)?;
            same_project(task.project_id, other.project_id, "task", after)?;
            open_project(c, task.project_id)?;
            let mut links = links_of(c, task.project_id)?;
            links.retain(|l| !(l.task == id && l.after == after));
            links.push(schedule::Link {
                task: id,
                after,
                lag,
            });
            let ids: Vec<i64> = projects::tasks(c, task.project_id)?
                .iter()
                .map(|t| t.id)
                .collect();
            if let Some(cycle) = find_cycle(&ids, &links) {
                return Err(cycle_error(Cycle(cycle)));
            }
            projects::insert_dependency(c, id, after, lag)?;
            let ev = Event::new("link", "after", None, Some(format!("#{after} lag {lag}")));
            write::update(c, &s, id, expected.unwrap_or(task.version), &task, vec![ev])?;
            project_work::task(c, id)
        })
    }

    /// Removes the dependency of task `id` on `after`.
    pub fn unlink_task(&mut self, id: i64, after: i64, expected: Option<i64>) -> Result<Task> {
        let s = self.stamp();
        self.store.write(|c| {
            let task = project_work::task(c, id)?;
            open_project(c, task.project_id)?;
            if !project_work::delete_dependency(c, id, after)? {
                return Err(Error::invalid(
                    format!("task #{id} does not depend on #{after}"),
                    format!("see its links with: aftercare task show {id}"),
                ));
            }
            let ev = Event::new("unlink", "after", Some(format!("#{after}")), None);
            write::update(c, &s, id, expected.unwrap_or(task.version), &task, vec![ev])?;
            project_work::task(c, id)
        })
    }
}

fn same_project(project: i64, other: i64, what: &str, id: i64) -> Result<()> {
    if project == other {
        Ok(())
    } else {
        Err(Error::invalid(
            format!("{what} #{id} belongs to project #{other}, not #{project}"),
            "tasks can only depend on tasks of the same project",
        ))
    }
}

fn check_order(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<()> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Err(Error::invalid(
            format!("a task cannot end ({e}) before it starts ({s})"),
            "give an end on or after the start",
        )),
        _ => Ok(()),
    }
}
