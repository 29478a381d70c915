//! Building project reports from the data (the rendering is in `domain::project_report`).

use super::project_plan::{task_done, ProjectPlan};
use super::Desk;
use crate::domain::project_report::*;
use crate::domain::schedule::workdays_between;
use crate::domain::status::ProjectStatus;
use crate::error::{Error, Result};

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportKind {
    /// Progress against plan, milestones, top risks, open issues, next steps.
    #[default]
    Status,
    /// Milestones with their deliverables and tasks.
    Milestones,
    /// Risks above a threshold.
    Risks,
}

impl ReportKind {
    /// Parses `status`, `milestones` or `risks`.
    pub fn parse(s: &str) -> Result<ReportKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "status" => Ok(ReportKind::Status),
            "milestone" | "milestones" => Ok(ReportKind::Milestones),
            "risk" | "risks" => Ok(ReportKind::Risks),
            _ => Err(Error::invalid(
                format!("unknown report '{s}'"),
                "use status, milestones or risks",
            )),
        }
    }
}

/// Risks scoring this much (probability × impact) or more go into a risk notice by default.
pub const DEFAULT_RISK_THRESHOLD: i64 = 12;

/// How many next steps a status report lists.
const MAX_STEPS: usize = 8;
/// Tasks starting within this many working days are next steps.
const LOOKAHEAD_DAYS: i64 = 10;

impl Desk {
    /// The report data of a project, computed now.
    pub fn project_report(&self, id: i64) -> Result<ProjectReport> {
        let plan = self.project_plan(id)?;
        Ok(self.report_of(&plan))
    }

    /// The report data of an already loaded plan.
    pub fn report_of(&self, plan: &ProjectPlan) -> ProjectReport {
        let cal = &self.config.sla.calendar;
        let s = &plan.schedule;
        let p = &plan.project;
        let tasks: Vec<ReportTask> = plan
            .tasks
            .iter()
            .filter_map(|t| {
                let ts = s.task(t.id)?;
                Some(ReportTask {
                    id: t.id,
                    name: t.name.clone(),
                    owner: t.owner.clone(),
                    milestone_id: t.milestone_id,
                    planned_start: ts.planned_start,
                    planned_end: ts.planned_end,
                    forecast_end: ts.forecast_end,
                    slippage_days: ts.slippage,
                    percent_done: if task_done(t) { 100 } else { t.percent_done },
                    status: t.status,
                    critical: ts.critical,
                })
            })
            .collect();
        // Where the plan says we should be today, and the curve up to the end.
        let curve = plan.progress_curve(cal);
        let milestones = plan
            .milestones
            .iter()
            .map(|m| {
                let ms = s.milestone(m.id);
                ReportMilestone {
                    id: m.id,
                    name: m.name.clone(),
                    deliverable: m.deliverable.clone(),
                    due_on: m.due_on,
                    forecast: ms.and_then(|x| x.forecast),
                    slippage_days: ms.and_then(|x| x.slippage),
                    done: m.done_at.is_some() || ms.is_some_and(|x| x.done),
                    tasks: plan
                        .tasks
                        .iter()
                        .filter(|t| t.milestone_id == Some(m.id))
                        .map(|t| t.id)
                        .collect(),
                }
            })
            .collect();
        let risks = plan
            .risks
            .iter()
            .filter(|r| r.is_live())
            .map(|r| ReportRisk {
                id: r.risk.id,
                title: r.risk.title.clone(),
                probability: r.risk.probability,
                impact: r.risk.impact,
                score: r.score(),
                level: r.level.as_str().into(),
                owner: r.owner.clone(),
                response: r.risk.response.clone(),
                status: r.risk.status,
            })
            .collect();
        let open_issues = plan
            .issues
            .iter()
            .filter(|i| i.is_open())
            .map(|i| ReportIssue {
                id: i.id,
                title: i.title.clone(),
                severity: i.severity.clone(),
                owner: i.owner.clone(),
                status: i.status,
                due_on: i.due_on,
            })
            .collect();
        ProjectReport {
            project: ReportProject {
                id: p.id,
                name: p.name.clone(),
                customer: p.customer.clone(),
                owner: p.owner.clone(),
                status: p.status,
                goal: p.goal.clone(),
                metric: p.metric.clone(),
                target: p.target.clone(),
                due_on: p.due_on,
            },
            date: plan.today,
            health: s.health.as_str().into(),
            health_reasons: s.reasons.clone(),
            progress: Progress {
                percent_done: plan.percent_done(),
                percent_planned: curve.planned_now.round() as i64,
                tasks_total: plan.tasks.len(),
                tasks_done: plan.tasks.iter().filter(|t| task_done(t)).count(),
                planned_end: s.planned_end,
                forecast_end: s.forecast_end,
                slippage_days: s.slippage,
                buffer_days: s.buffer,
            },
            critical_path: s.critical_path.clone(),
            curve,
            next_steps: next_steps(self, plan),
            tasks,
            milestones,
            risks,
            open_issues,
        }
    }

    /// Writes a report to `path` as Markdown (`json = false`) or JSON.
    pub fn write_project_report(
        &self,
        id: i64,
        kind: ReportKind,
        threshold: i64,
        json: bool,
        path: &std::path::Path,
    ) -> Result<()> {
        let r = self.project_report(id)?;
        let text = if json {
            report_json(&r, kind, threshold)
        } else {
            report_markdown(&r, kind, threshold)
        };
        crate::files::write_private_bytes(path, text.as_bytes())
    }
}

/// The Markdown text of a report.
pub fn report_markdown(r: &ProjectReport, kind: ReportKind, threshold: i64) -> String {
    match kind {
        ReportKind::Status => r.status_markdown(),
        ReportKind::Milestones => r.milestone_markdown(),
        ReportKind::Risks => r.risk_notice_markdown(threshold),
    }
}

/// The JSON text of a report: the whole status report, or the part a kind is about.
pub fn report_json(r: &ProjectReport, kind: ReportKind, threshold: i64) -> String {
    let v = match kind {
        ReportKind::Status => serde_json::to_value(r),
        ReportKind::Milestones => serde_json::to_value(serde_json::json!({
            "project": r.project, "date": r.date, "health": r.health,
            "milestones": r.milestones, "tasks": r.tasks,
        })),
        ReportKind::Risks => serde_json::to_value(serde_json::json!({
            "project": r.project, "date": r.date, "threshold": threshold,
            "risks": r.risks_above(threshold),
        })),
    }
    .unwrap_or_default();
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// What to do next: catch up late work, finish what is under way, start what is due to
/// start soon, reach the next milestone, resolve serious issues, ask for acceptance.
fn next_steps(desk: &Desk, plan: &ProjectPlan) -> Vec<String> {
    let cal = &desk.config.sla.calendar;
    let s = &plan.schedule;
    let mut out = Vec::new();
    let who = |o: &Option<String>| o.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
    let mut open: Vec<_> = plan
        .tasks
        .iter()
        .filter(|t| !task_done(t))
        .filter_map(|t| s.task(t.id).map(|ts| (t, ts)))
        .collect();
    open.sort_by_key(|(t, ts)| (!ts.critical, ts.forecast_start, t.id));
    for (t, ts) in &open {
        if ts.slippage > 0 {
            out.push(format!(
                "Catch up #{} {}{}: forecast {}, {} behind plan",
                t.id,
                t.name,
                who(&t.owner),
                ts.forecast_end,
                crate::domain::schedule::working_days(ts.slippage)
            ));
        }
    }
    for (t, ts) in &open {
        let started = t.actual_start.is_some() || t.percent_done > 0;
        if started && ts.slippage <= 0 {
            out.push(format!(
                "Finish #{} {}{}: {}% done, forecast {}",
                t.id,
                t.name,
                who(&t.owner),
                t.percent_done,
                ts.forecast_end
            ));
        } else if !started
            && ts.slippage <= 0
            && workdays_between(cal, plan.today, ts.forecast_start) <= LOOKAHEAD_DAYS
        {
            out.push(format!(
                "Start #{} {}{} on {}",
                t.id,
                t.name,
                who(&t.owner),
                ts.forecast_start
            ));
        }
    }
    if let Some(m) = plan
        .milestones
        .iter()
        .filter(|m| m.done_at.is_none() && !s.milestone(m.id).is_some_and(|x| x.done))
        .min_by_key(|m| (m.due_on, m.id))
    {
        let due = m.due_on.map(|d| format!(" by {d}")).unwrap_or_default();
        out.push(format!("Reach milestone {}{due}", m.name));
    }
    for i in plan
        .issues
        .iter()
        .filter(|i| i.is_open() && matches!(i.severity.as_str(), "high" | "critical"))
    {
        out.push(format!(
            "Resolve {} issue #{} {}{}",
            i.severity,
            i.id,
            i.title,
            who(&i.owner)
        ));
    }
    if !plan.tasks.is_empty()
        && open.is_empty()
        && matches!(
            plan.project.status,
            ProjectStatus::Planning | ProjectStatus::Active | ProjectStatus::OnHold
        )
    {
        out.push("Ask the customer for acceptance (aftercare project accept)".into());
    }
    out.truncate(MAX_STEPS);
    out
}
