//! State of the Projects pane beyond the list: project health, the selected project's
//! plan, the open tab (Gantt, risks, issues, documents), the Gantt window and the
//! selected task; plus the effects and messages of the pane.

use crate::domain::gantt::{GanttItem, Zoom};
use crate::ops::{ProjectPlan, ProjectSummary};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The tabs under the project list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlanTab {
    #[default]
    Gantt,
    Risks,
    Issues,
    Docs,
}

impl PlanTab {
    /// The tabs in order.
    pub const ALL: [PlanTab; 4] = [
        PlanTab::Gantt,
        PlanTab::Risks,
        PlanTab::Issues,
        PlanTab::Docs,
    ];

    /// Parses `gantt`, `risks`, `issues` or `docs`.
    pub fn parse(s: &str) -> Option<PlanTab> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gantt" | "g" | "timeline" => Some(PlanTab::Gantt),
            "risks" | "risk" | "r" => Some(PlanTab::Risks),
            "issues" | "issue" | "i" => Some(PlanTab::Issues),
            "docs" | "documents" | "doc" | "d" => Some(PlanTab::Docs),
            _ => None,
        }
    }

    /// The next tab, wrapping.
    pub fn next(self) -> PlanTab {
        let i = PlanTab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        PlanTab::ALL[(i + 1) % 4]
    }
}

/// A loaded plan with the days off around it (the console has no calendar of its own).
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: ProjectPlan,
    /// Days off of the business calendar from `known.0` to `known.1`.
    pub days_off: BTreeSet<NaiveDate>,
    pub known: (NaiveDate, NaiveDate),
}

impl LoadedPlan {
    /// Whether `d` is a working day (outside the known range: Monday to Friday).
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        if d >= self.known.0 && d <= self.known.1 {
            !self.days_off.contains(&d)
        } else {
            !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        }
    }
}

/// Everything the Projects pane keeps besides the plain list.
#[derive(Debug, Clone, Default)]
pub struct ProjectsView {
    /// Health and progress per project (by project id), when loaded.
    pub summaries: Vec<ProjectSummary>,
    pub loaded: Option<LoadedPlan>,
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
}

impl ProjectsView {
    /// The plan, if loaded.
    pub fn plan(&self) -> Option<&ProjectPlan> {
        self.loaded.as_ref().map(|l| &l.plan)
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

    /// Lines of the project list (header included) in a pane `area_h` high: a third
    /// of the height at most, at least a header and two rows.
    pub fn list_h(projects: usize, area_h: u16) -> u16 {
        (projects.min(u16::MAX as usize - 1) as u16 + 1)
            .clamp(3, (area_h / 3).max(3))
            .min(area_h)
    }

    /// The first list row shown so that `selected` is in view in `rows` rows.
    pub fn list_offset(selected: usize, offset: usize, rows: usize) -> usize {
        let rows = rows.max(1);
        if selected >= offset + rows {
            selected + 1 - rows
        } else if selected < offset {
            selected
        } else {
            offset
        }
    }

    /// The summary of project `id`.
    pub fn summary(&self, id: i64) -> Option<&ProjectSummary> {
        self.summaries.iter().find(|s| s.project.id == id)
    }
}

/// Database work of the Projects pane.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanFx {
    /// Health of every project.
    Summaries,
    /// The plan of a project.
    Load { id: i64 },
    /// Shift a task by working days (negative: earlier).
    MoveTask {
        project: i64,
        task: i64,
        by_days: i64,
        expected: Option<i64>,
    },
    /// Move a task's end by working days (negative: shorter).
    StretchTask {
        project: i64,
        task: i64,
        days: i64,
        expected: Option<i64>,
    },
    Progress {
        project: i64,
        task: i64,
        percent: i64,
        expected: Option<i64>,
    },
    Finish {
        project: i64,
        task: i64,
        expected: Option<i64>,
    },
    /// Write the status report as Markdown (or JSON for a `.json` path).
    Report { project: i64, path: String },
}

/// Results for the Projects pane.
#[derive(Debug, Clone)]
pub enum PlanMsg {
    Summaries(Vec<ProjectSummary>),
    Plan(Box<LoadedPlan>),
    /// A task change was saved.
    TaskSaved {
        task: i64,
    },
    /// The report was written to this path.
    ReportWritten {
        path: String,
    },
}

/// Toasts of the Projects pane.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanNote {
    TaskSaved { task: i64 },
    NoTask,
    NoProject,
    ReportWritten { path: String },
    BadZoom(String),
    BadTab(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_parse_and_cycle() {
        assert_eq!(PlanTab::parse(" Risks "), Some(PlanTab::Risks));
        assert_eq!(PlanTab::parse("documents"), Some(PlanTab::Docs));
        assert_eq!(PlanTab::parse("kanban"), None);
        let mut t = PlanTab::Gantt;
        for want in [
            PlanTab::Risks,
            PlanTab::Issues,
            PlanTab::Docs,
            PlanTab::Gantt,
        ] {
            t = t.next();
            assert_eq!(t, want);
        }
    }

    #[test]
    fn the_list_takes_a_third_and_keeps_the_selection_in_view() {
        assert_eq!(ProjectsView::list_h(2, 38), 3);
        assert_eq!(ProjectsView::list_h(50, 38), 12);
        assert_eq!(ProjectsView::list_h(0, 22), 3);
        assert_eq!(ProjectsView::list_offset(9, 0, 4), 6);
        assert_eq!(ProjectsView::list_offset(2, 5, 4), 2);
        assert_eq!(ProjectsView::list_offset(6, 5, 4), 5);
    }
}
