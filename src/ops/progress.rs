//! Planned-versus-actual progress curves of projects (`domain::progress`), from
//! the plan and the task progress recorded in the audit log.

use super::project_plan::{task_done, ProjectPlan};
use super::Desk;
use crate::domain::progress::{self, CurveInput, CurveTask, ProgressCurve};
use crate::domain::records::{Project, Task};
use crate::domain::team::local_date;
use crate::error::Result;
use crate::store::progress::{self as sp, ProgressEvent};
use crate::store::Conn;
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::HashMap;

/// Per task, its recorded progress: (day, percentage from then on), oldest first.
pub type TaskHistory = HashMap<i64, Vec<(NaiveDate, i64)>>;

/// The recorded progress of `tasks`: each progress change on the day it was made;
/// marking a task done counts from the day it was finished (which may be given as
/// earlier than the day it was recorded).
pub(crate) fn task_history(c: &Conn, tz: Tz, tasks: &[Task]) -> Result<TaskHistory> {
    let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
    let mut out = TaskHistory::new();
    for ProgressEvent {
        task_id,
        at,
        field,
        new,
    } in sp::task_events(c, &ids)?
    {
        let day = local_date(tz, at);
        let entry = match (field.as_str(), new.as_deref()) {
            ("percent_done", Some(p)) => p.parse::<i64>().ok().map(|p| (day, p.clamp(0, 100))),
            ("status", Some("done")) => {
                let finished = tasks
                    .iter()
                    .find(|t| t.id == task_id)
                    .and_then(|t| t.actual_end)
                    .filter(|d| *d <= day);
                Some((finished.unwrap_or(day), 100))
            }
            _ => None,
        };
        if let Some(e) = entry {
            let h = out.entry(task_id).or_default();
            h.push(e);
            h.sort_by_key(|(d, _)| *d);
        }
    }
    Ok(out)
}

impl ProjectPlan {
    /// The tasks as the progress curve weighs and dates them.
    pub fn curve_tasks(&self) -> Vec<CurveTask> {
        self.tasks
            .iter()
            .map(|t| {
                let s = self.schedule.task(t.id);
                CurveTask {
                    // As the status report weighs the plan, and `percent_done` the work.
                    planned_weight: if t.estimate_hours > 0.0 {
                        t.estimate_hours
                    } else {
                        1.0
                    },
                    done_weight: t.estimate_hours.max(0.0),
                    // A task the scheduler could not place is never planned.
                    planned_start: s.map_or(NaiveDate::MAX, |s| s.planned_start),
                    planned_end: s.map_or(NaiveDate::MAX, |s| s.planned_end),
                    duration: s.map_or(1, |s| s.duration),
                    history: self.task_history.get(&t.id).cloned().unwrap_or_default(),
                    actual_start: t.actual_start,
                    percent_now: if task_done(t) { 100 } else { t.percent_done },
                }
            })
            .collect()
    }

    /// The project's planned-versus-actual curve with the forecast to its end.
    pub fn progress_curve(&self, cal: &crate::domain::sla::Calendar) -> ProgressCurve {
        let tasks = self.curve_tasks();
        progress::curve(
            cal,
            &CurveInput {
                tasks: &tasks,
                today: self.today,
                planned_end: self.schedule.planned_end,
                forecast_end: self.schedule.forecast_end,
                due: self.project.due_on,
                slippage_days: self.schedule.slippage,
            },
        )
    }
}

impl Desk {
    /// The progress curve of one project.
    pub fn progress_curve(&self, id: i64) -> Result<ProgressCurve> {
        Ok(self
            .project_plan(id)?
            .progress_curve(&self.config.sla.calendar))
    }

    /// Every active project (planning, active, on hold) with its curve, and the
    /// curve of them all together.
    pub fn active_progress(&self) -> Result<(Vec<(Project, ProgressCurve)>, ProgressCurve)> {
        let mut each = Vec::new();
        for p in self.projects()? {
            if matches!(p.status.as_str(), "planning" | "active" | "on_hold") {
                let plan = self.project_plan(p.id)?;
                each.push((p, plan.progress_curve(&self.config.sla.calendar)));
            }
        }
        let curves: Vec<ProgressCurve> = each.iter().map(|(_, c)| c.clone()).collect();
        Ok((each, progress::combine(&curves, self.project_today())))
    }
}
