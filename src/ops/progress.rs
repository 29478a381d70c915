//! Planned-versus-actual progress curves of projects (`domain::progress`), from
//! the plan and the task progress recorded in the audit log.

use super::project_plan::{task_done, ProjectPlan};
use super::Desk;
use crate::domain::progress::{self, CurveInput, CurveTask, ProgressCurve};
use crate::domain::records::Project;
use crate::error::Result;
use chrono::NaiveDate;

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
