//! The Projects pane's effects, results and notes: the list with health, a project's
//! outline and plan (with the calendar's days off), task edits, the status report.

use super::level::Level;
use crate::domain::progress::ProgressCurve;
use crate::domain::records::{Project, Task};
use crate::ops::{ProjectDetail, ProjectPlan, ProjectSummary};
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
    /// Planned-versus-actual progress with the forecast end against the due date.
    Progress,
}

impl PlanTab {
    /// The tabs in order.
    pub const ALL: [PlanTab; 5] = [
        PlanTab::Gantt,
        PlanTab::Risks,
        PlanTab::Issues,
        PlanTab::Docs,
        PlanTab::Progress,
    ];

    /// Parses `gantt`, `risks`, `issues`, `docs` or `progress`.
    pub fn parse(s: &str) -> Option<PlanTab> {
        match s.trim().to_ascii_lowercase().as_str() {
            "gantt" | "g" | "timeline" => Some(PlanTab::Gantt),
            "risks" | "risk" | "r" => Some(PlanTab::Risks),
            "issues" | "issue" | "i" => Some(PlanTab::Issues),
            "docs" | "documents" | "doc" | "d" => Some(PlanTab::Docs),
            "progress" | "curve" | "p" => Some(PlanTab::Progress),
            _ => None,
        }
    }

    /// The next tab, wrapping.
    pub fn next(self) -> PlanTab {
        let i = PlanTab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        PlanTab::ALL[(i + 1) % PlanTab::ALL.len()]
    }
}

/// A loaded plan with the days off around it (the console has no calendar of its own).
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: ProjectPlan,
    /// The plan's planned-versus-actual curve with its forecast.
    pub curve: ProgressCurve,
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

/// Database work of the Projects pane.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectsFx {
    /// Every project, then the health of each.
    LoadList,
    /// A project's outline and plan.
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
    /// Undo: put a task's dates and progress back as in `before`.
    RestoreTask {
        project: i64,
        before: Box<Task>,
        expected: Option<i64>,
    },
}

/// Results for the Projects pane.
#[derive(Debug, Clone)]
pub enum ProjectsMsg {
    List(Vec<Project>),
    /// The outline of a project (milestones, tasks, risks).
    Project(Box<ProjectDetail>),
    Summaries(Vec<ProjectSummary>),
    /// The curve of all active projects together.
    Progress(Box<ProgressCurve>),
    Plan(Box<LoadedPlan>),
    /// A task change was saved: the task before it (to undo) and the version it
    /// wrote; `undone` when the change was an undo.
    TaskSaved {
        task: i64,
        before: Option<Box<Task>>,
        version: i64,
        undone: bool,
    },
    /// The report was written to this path.
    ReportWritten {
        path: String,
    },
}

/// What the Projects pane tells the user.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectsNote {
    TaskSaved { task: i64 },
    TaskUndone { task: i64 },
    NothingToUndo,
    NoTask,
    NoProject,
    ReportWritten { path: String },
    BadZoom(String),
    BadTab(String),
}

impl ProjectsNote {
    /// How loud the note is: all of them pass quietly.
    pub fn level(&self) -> Level {
        Level::Info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_parse_and_cycle() {
        assert_eq!(PlanTab::parse(" Risks "), Some(PlanTab::Risks));
        assert_eq!(PlanTab::parse("documents"), Some(PlanTab::Docs));
        assert_eq!(PlanTab::parse("kanban"), None);
        assert_eq!(PlanTab::parse("progress"), Some(PlanTab::Progress));
        let mut t = PlanTab::Gantt;
        for want in [
            PlanTab::Risks,
            PlanTab::Issues,
            PlanTab::Docs,
            PlanTab::Progress,
            PlanTab::Gantt,
        ] {
            t = t.next();
            assert_eq!(t, want);
        }
    }
}
