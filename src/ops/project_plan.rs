//! A project with everything that belongs to it, scheduled: what the projects pane,
//! `project show` and the reports read.

use super::Desk;
use crate::domain::gantt::{GanttItem, GanttMilestone, GanttTask};
use crate::domain::project::{Acceptance, Document, Issue, Retro, RiskLevel};
use crate::domain::records::{Milestone, Project, Risk, Task};
use crate::domain::schedule::{
    self, Health, Link, MilestonePlan, Schedule, ScheduleInput, TaskPlan,
};
use crate::domain::status::TaskStatus;
use crate::error::{Error, Result};
use crate::store::project_log::{self, LinkedTicket};
use crate::store::Conn;
use crate::store::{project_work, projects};
use chrono::{DateTime, NaiveDate, Utc};

/// A risk with its owner's name and rating band.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskView {
    pub risk: Risk,
    pub owner: Option<String>,
    pub level: RiskLevel,
}

impl RiskView {
    /// Probability × impact.
    pub fn score(&self) -> i64 {
        self.risk.probability * self.risk.impact
    }

    /// Whether the risk still needs watching (open or occurred).
    pub fn is_live(&self) -> bool {
        matches!(self.risk.status.as_str(), "open" | "occurred")
    }
}

/// A project, its parts and its schedule.
#[derive(Debug, Clone)]
pub struct ProjectPlan {
    pub project: Project,
    pub milestones: Vec<Milestone>,
    /// By planned start.
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
    /// Highest score first.
    pub risks: Vec<RiskView>,
    /// Open first, most severe first.
    pub issues: Vec<Issue>,
    pub documents: Vec<Document>,
    pub tickets: Vec<LinkedTicket>,
    pub acceptance: Option<Acceptance>,
    pub retro: Option<Retro>,
    pub schedule: Schedule,
    /// Today in the business calendar's time zone.
    pub today: NaiveDate,
    /// Each task's recorded progress, for the progress curve.
    pub task_history: super::task_history::TaskHistory,
}

/// One line of the project list.
#[derive(Debug, Clone)]
pub struct ProjectSummary {
    pub project: Project,
    pub health: Health,
    /// Share of the estimated work done, 0–100.
    pub percent_done: i64,
    pub forecast_end: Option<NaiveDate>,
    pub slippage: i64,
    pub live_risks: usize,
    pub open_issues: usize,
}

/// Whether a task counts as finished.
pub fn task_done(t: &Task) -> bool {
    t.status == TaskStatus::Done || t.percent_done >= 100
}

/// The share of work done, weighting tasks by estimate (or equally without estimates).
pub fn percent_done(tasks: &[Task]) -> i64 {
    let total: f64 = tasks.iter().map(|t| t.estimate_hours.max(0.0)).sum();
    if tasks.is_empty() {
        return 0;
    }
    let done: f64 = if total > 0.0 {
        tasks
            .iter()
            .map(|t| t.estimate_hours.max(0.0) * t.percent_done.clamp(0, 100) as f64 / 100.0)
            .sum::<f64>()
            / total
    } else {
        tasks
            .iter()
            .map(|t| t.percent_done.clamp(0, 100) as f64)
            .sum::<f64>()
            / (100.0 * tasks.len() as f64)
    };
    (done * 100.0).round() as i64
}

impl ProjectPlan {
    /// Chart rows: each milestone's tasks by planned start, then the milestone; tasks
    /// without a milestone last.
    pub fn gantt_items(&self) -> Vec<GanttItem> {
        let mut out = Vec::new();
        let task_item = |t: &Task| {
            let s = self.schedule.task(t.id);
            GanttItem::Task(GanttTask {
                id: t.id,
                name: t.name.clone(),
                start: s.map(|s| s.planned_start).unwrap_or(self.today),
                end: s
                    .map(|s| s.planned_end.max(s.planned_start))
                    .unwrap_or(self.today),
                forecast_end: s.map(|s| s.forecast_end),
                percent_done: if task_done(t) { 100 } else { t.percent_done },
                critical: s.is_some_and(|s| s.critical),
                done: task_done(t),
                after: self
                    .links
                    .iter()
                    .filter(|l| l.task == t.id)
                    .map(|l| l.after)
                    .collect(),
            })
        };
        for m in &self.milestones {
            let mine: Vec<&Task> = self
                .tasks
                .iter()
                .filter(|t| t.milestone_id == Some(m.id))
                .collect();
            out.extend(mine.iter().map(|t| task_item(t)));
            let ms = self.schedule.milestone(m.id);
            let date = m
                .due_on
                .or_else(|| ms.and_then(|s| s.forecast))
                .unwrap_or(self.today);
            out.push(GanttItem::Milestone(GanttMilestone {
                id: m.id,
                name: m.name.clone(),
                date,
                done: m.done_at.is_some() || ms.is_some_and(|s| s.done),
            }));
        }
        let known: Vec<i64> = self.milestones.iter().map(|m| m.id).collect();
        out.extend(
            self.tasks
                .iter()
                .filter(|t| t.milestone_id.is_none_or(|m| !known.contains(&m)))
                .map(task_item),
        );
        out
    }

    /// One task by id.
    pub fn task(&self, id: i64) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// Share of the estimated work done, 0–100.
    pub fn percent_done(&self) -> i64 {
        percent_done(&self.tasks)
    }
}

/// Schedules a project's tasks with the desk's calendar.
pub(crate) fn schedule_of(
    desk: &Desk,
    project: &Project,
    milestones: &[Milestone],
    tasks: &[Task],
    links: &[Link],
    today: NaiveDate,
) -> Result<Schedule> {
    let plans: Vec<TaskPlan> = tasks
        .iter()
        .map(|t| TaskPlan {
            id: t.id,
            milestone_id: t.milestone_id,
            planned_start: t.planned_start,
            planned_end: t.planned_end,
            estimate_hours: t.estimate_hours,
            actual_start: t.actual_start,
            actual_end: t.actual_end,
            percent_done: t.percent_done,
            done: task_done(t),
        })
        .collect();
    let ms: Vec<MilestonePlan> = milestones
        .iter()
        .map(|m| MilestonePlan {
            id: m.id,
            due: m.due_on,
            done: m.done_at.is_some(),
        })
        .collect();
    schedule::schedule(
        &desk.config.sla.calendar,
        &ScheduleInput {
            tasks: &plans,
            links,
            milestones: &ms,
            project_due: project.due_on,
            today,
        },
    )
    .map_err(|c| {
        Error::invalid(
            format!("project #{}: {c}", project.id),
            "remove one of the links with: aftercare task unlink ID --after OTHER",
        )
    })
}

/// A project's dependencies as links.
pub(crate) fn links_of(conn: &Conn, project_id: i64) -> Result<Vec<Link>> {
    Ok(projects::dependencies(conn, project_id)?
        .into_iter()
        .map(|(task, after, lag)| Link { task, after, lag })
        .collect())
}

/// Risks with owner names and bands.
pub(crate) fn risk_views(conn: &Conn, project_id: Option<i64>) -> Result<Vec<RiskView>> {
    Ok(project_work::risks(conn, project_id)?
        .into_iter()
        .map(|(risk, owner)| RiskView {
            level: RiskLevel::of(risk.probability, risk.impact),
            risk,
            owner,
        })
        .collect())
}

impl Desk {
    /// Today's date in the business calendar's time zone.
    pub fn project_today(&self) -> NaiveDate {
        DateTime::<Utc>::from_timestamp(self.now(), 0)
            .unwrap_or_default()
            .with_timezone(&self.config.sla.calendar.tz)
            .date_naive()
    }

    /// A project with milestones, tasks, links, risks, issues, documents, tickets,
    /// acceptance, retrospective and its schedule.
    pub fn project_plan(&self, id: i64) -> Result<ProjectPlan> {
        let c = self.store.conn();
        let project = projects::get(c, id)?;
        let milestones = projects::milestones(c, id)?;
        let tasks = projects::tasks(c, id)?;
        let links = links_of(c, id)?;
        let today = self.project_today();
        let schedule = schedule_of(self, &project, &milestones, &tasks, &links, today)?;
        let task_history =
            super::task_history::task_history(c, self.config.sla.calendar.tz, &tasks)?;
        Ok(ProjectPlan {
            task_history,
            risks: risk_views(c, Some(id))?,
            issues: project_log::issues(c, id)?,
            documents: project_log::documents(c, id)?,
            tickets: project_log::tickets(c, id)?,
            acceptance: project_log::acceptance(c, id)?,
            retro: project_log::retro(c, id)?,
            project,
            milestones,
            tasks,
            links,
            schedule,
            today,
        })
    }

    /// Every project with its health and progress, newest first.
    pub fn project_summaries(&self) -> Result<Vec<ProjectSummary>> {
        let c = self.store.conn();
        let today = self.project_today();
        let mut out = Vec::new();
        for project in projects::list(c)? {
            let id = project.id;
            let milestones = projects::milestones(c, id)?;
            let tasks = projects::tasks(c, id)?;
            let links = links_of(c, id)?;
            let s = schedule_of(self, &project, &milestones, &tasks, &links, today)?;
            let live_risks = risk_views(c, Some(id))?
                .iter()
                .filter(|r| r.is_live())
                .count();
            let open_issues = project_log::issues(c, id)?
                .iter()
                .filter(|i| i.is_open())
                .count();
            out.push(ProjectSummary {
                percent_done: percent_done(&tasks),
                health: s.health,
                forecast_end: s.forecast_end,
                slippage: s.slippage,
                live_risks,
                open_issues,
                project,
            });
        }
        Ok(out)
    }
}
