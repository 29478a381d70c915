//! The Projects pane's own state: the project list with health, the selected
//! project's outline and plan, the open tab (Gantt, risks, issues, documents), the
//! Gantt window and the selected task.

use crate::app::chrome::Cursor;
use crate::app::msg::{LoadedPlan, PlanTab};
use crate::domain::gantt::{GanttItem, Zoom};
use crate::domain::progress::ProgressCurve;
use crate::domain::records::Project;
use crate::ops::{ProjectDetail, ProjectPlan, ProjectSummary};
use chrono::NaiveDate;

/// Everything the Projects pane keeps.
#[derive(Debug, Clone, Default)]
pub struct ProjectsState {
    pub rows: Vec<Project>,
    pub cursor: Cursor,
    pub loaded: bool,
    /// The selected project's outline (milestones, tasks, risks), when loaded.
    pub outline: Option<ProjectDetail>,
    /// Health and progress per project, when loaded.
    pub summaries: Vec<ProjectSummary>,
    /// The progress curve of every active project together, when loaded.
    pub all_progress: Option<ProgressCurve>,
    pub plan: Option<LoadedPlan>,
    pub tab: PlanTab,
    pub zoom: Zoom,
    /// First date of the Gantt window; None: fit to the plan.
    pub start: Option<NaiveDate>,
    /// The selected Gantt row (index into the plan's chart items).
    pub row: usize,
    /// Keys go to the plan (tasks) instead of the project list.
    pub focus: bool,
    /// First shown row of the tab's content.
    pub offset: usize,
    /// Task changes to undo, newest last (bounded).
    pub undo: Vec<TaskUndo>,
    /// The entry being undone, until its write comes back.
    pub undoing: Option<TaskUndo>,
}

/// A task change to undo: the task as it was, and the version the change wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskUndo {
    pub before: crate::domain::records::Task,
    pub version: i64,
}

/// How many task changes back `u` can go.
pub const TASK_UNDO_DEPTH: usize = 50;

impl ProjectsState {
    /// The plan, if loaded.
    pub fn plan(&self) -> Option<&ProjectPlan> {
        self.plan.as_ref().map(|l| &l.plan)
    }

    /// The project selected in the list.
    pub fn selected(&self) -> Option<&Project> {
        self.rows.get(self.cursor.selected)
    }

    /// The chart items of the loaded plan.
    pub fn items(&self) -> Vec<GanttItem> {
        self.plan().map(|p| p.gantt_items()).unwrap_or_default()
    }

    /// The selected task: (id, version), if the selected row is a task.
    pub fn selected_task(&self) -> Option<(i64, i64)> {
        let plan = self.plan()?;
        match self.items().get(self.row)? {
            GanttItem::Task(t) => plan.task(t.id).map(|x| (x.id, x.version)),
            GanttItem::Milestone(_) => None,
        }
    }

    /// The Gantt window's first date: the chosen one, or fitted to the plan.
    pub fn window_start(&self) -> Option<NaiveDate> {
        let plan = self.plan()?;
        Some(self.start.unwrap_or_else(|| {
            crate::domain::gantt::fit_start(&plan.gantt_items(), self.zoom, plan.today)
        }))
    }

    /// The summary of project `id`.
    pub fn summary(&self, id: i64) -> Option<&ProjectSummary> {
        self.summaries.iter().find(|s| s.project.id == id)
    }

    /// Whether the pane shows the plan layout (health on top, tabs below).
    pub fn planned(&self) -> bool {
        self.plan.is_some() || !self.summaries.is_empty()
    }
}

/// Lines of the project list (header included) in a pane `area_h` high: a third
/// of the height at most, at least a header and two rows.
pub fn list_h(projects: usize, area_h: u16) -> u16 {
    (projects.min(u16::MAX as usize - 1) as u16 + 1)
        .clamp(3, (area_h / 3).max(3))
        .min(area_h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_takes_a_third_at_most() {
        assert_eq!(list_h(2, 38), 3);
        assert_eq!(list_h(50, 38), 12);
        assert_eq!(list_h(0, 22), 3);
    }
}
