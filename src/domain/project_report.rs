//! Project reports as data (serialised to JSON as they are) and as Markdown: the status
//! report, the milestone report and the risk notice.

use super::status::{IssueStatus, ProjectStatus, RiskStatus, TaskStatus};
use chrono::NaiveDate;
use serde::Serialize;

/// The project a report is about.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReportProject {
    pub id: i64,
    pub name: String,
    pub customer: Option<String>,
    pub owner: Option<String>,
    pub status: ProjectStatus,
    pub goal: String,
    pub metric: Option<String>,
    pub target: Option<String>,
    pub due_on: Option<NaiveDate>,
}

/// Progress against plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Progress {
    /// Share of the estimated work done, 0–100.
    pub percent_done: i64,
    /// Share the plan says should be done by today, 0–100.
    pub percent_planned: i64,
    pub tasks_total: usize,
    pub tasks_done: usize,
    pub planned_end: Option<NaiveDate>,
    pub forecast_end: Option<NaiveDate>,
    /// Working days the forecast end is after the planned end.
    pub slippage_days: i64,
    /// Working days left between the forecast and the nearest due date.
    pub buffer_days: Option<i64>,
}

/// One task line.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReportTask {
    pub id: i64,
    pub name: String,
    pub owner: Option<String>,
    pub milestone_id: Option<i64>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub forecast_end: NaiveDate,
    pub slippage_days: i64,
    pub percent_done: i64,
    pub status: TaskStatus,
    pub critical: bool,
}

/// One milestone line.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReportMilestone {
    pub id: i64,
    pub name: String,
    pub deliverable: String,
    pub due_on: Option<NaiveDate>,
    pub forecast: Option<NaiveDate>,
    pub slippage_days: Option<i64>,
    pub done: bool,
    /// Ids of its tasks.
    pub tasks: Vec<i64>,
}

/// One risk line.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReportRisk {
    pub id: i64,
    pub title: String,
    pub probability: i64,
    pub impact: i64,
    pub score: i64,
    pub level: String,
    pub owner: Option<String>,
    pub response: String,
    pub status: RiskStatus,
}

/// One issue line.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ReportIssue {
    pub id: i64,
    pub title: String,
    pub severity: String,
    pub owner: Option<String>,
    pub status: IssueStatus,
    pub due_on: Option<NaiveDate>,
}

/// Everything the reports show, computed from the data.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProjectReport {
    pub project: ReportProject,
    /// The report's date (business calendar).
    pub date: NaiveDate,
    /// on_track | at_risk | late
    pub health: String,
    pub health_reasons: Vec<String>,
    pub progress: Progress,
    pub critical_path: Vec<i64>,
    /// Planned versus actual progress by day, with the forecast.
    pub curve: super::progress::ProgressCurve,
    pub tasks: Vec<ReportTask>,
    pub milestones: Vec<ReportMilestone>,
    /// Open or occurred risks, highest score first.
    pub risks: Vec<ReportRisk>,
    pub open_issues: Vec<ReportIssue>,
    pub next_steps: Vec<String>,
}

/// How many risks and issues the status report lists.
pub const TOP_N: usize = 5;

fn cell(s: &str) -> String {
    super::text::one_line(s).replace('|', "\\|")
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(cell).unwrap_or_else(|| "—".into())
}

fn opt_day(d: &Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        "---|".repeat(headers.len())
    );
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}

fn days(n: i64) -> String {
    use super::schedule::working_days;
    match n {
        0 => "on plan".into(),
        n if n > 0 => format!("+{}", working_days(n)),
        n => format!("{} ahead", working_days(-n)),
    }
}

fn health_word(h: &str) -> &'static str {
    match h {
        "late" => "late",
        "at_risk" => "at risk",
        _ => "on track",
    }
}

impl ProjectReport {
    fn head(&self, kind: &str) -> String {
        let p = &self.project;
        let mut out = format!("# {kind}: {}\n\n", cell(&p.name));
        out.push_str(&format!(
            "Project #{} · {} · customer {} · owner {} · status {} · health **{}**\n\n",
            p.id,
            self.date,
            opt(&p.customer),
            opt(&p.owner),
            p.status,
            health_word(&self.health)
        ));
        out
    }

    fn task_name(&self, id: i64) -> String {
        self.tasks
            .iter()
            .find(|t| t.id == id)
            .map(|t| format!("#{id} {}", cell(&t.name)))
            .unwrap_or_else(|| format!("#{id}"))
    }

    fn milestone_rows(&self) -> Vec<Vec<String>> {
        self.milestones
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    cell(&m.name),
                    opt_day(&m.due_on),
                    opt_day(&m.forecast),
                    if m.done {
                        "done".into()
                    } else {
                        m.slippage_days.map(days).unwrap_or_else(|| "—".into())
                    },
                ]
            })
            .collect()
    }

    fn risk_rows(risks: &[ReportRisk]) -> Vec<Vec<String>> {
        risks
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    cell(&r.title),
                    format!("{}×{}={} {}", r.probability, r.impact, r.score, r.level),
                    opt(&r.owner),
                    if r.response.is_empty() {
                        "—".into()
                    } else {
                        cell(&r.response)
                    },
                    r.status.to_string(),
                ]
            })
            .collect()
    }

    /// The status report: goal, progress against plan, milestones, top risks, open
    /// issues, next steps.
    pub fn status_markdown(&self) -> String {
        let p = &self.project;
        let g = &self.progress;
        let mut out = self.head("Status report");
        out.push_str("## Goal\n\n");
        out.push_str(&format!(
            "{}\n\n- Metric: {} · target: {} · due: {}\n\n",
            if p.goal.is_empty() {
                "—".into()
            } else {
                cell(&p.goal)
            },
            opt(&p.metric),
            opt(&p.target),
            opt_day(&p.due_on)
        ));
        out.push_str("## Progress against plan\n\n");
        out.push_str(&format!(
            "- Done: {}% of the estimated work (plan for today: {}%); {} of {} tasks finished\n",
            g.percent_done, g.percent_planned, g.tasks_done, g.tasks_total
        ));
        out.push_str(&format!(
            "- Planned end {}, forecast end {} ({})\n",
            opt_day(&g.planned_end),
            opt_day(&g.forecast_end),
            days(g.slippage_days)
        ));
        if let Some(b) = g.buffer_days {
            out.push_str(&format!(
                "- Buffer before the nearest due date: {}\n",
                super::schedule::working_days(b)
            ));
        }
        if !self.critical_path.is_empty() {
            let path: Vec<String> = self
                .critical_path
                .iter()
                .map(|&id| self.task_name(id))
                .collect();
            out.push_str(&format!("- Critical path: {}\n", path.join(" → ")));
        }
        for r in &self.health_reasons {
            out.push_str(&format!("- ⚠ {}\n", cell(r)));
        }
        out.push('\n');
        let rows: Vec<Vec<String>> = self
            .tasks
            .iter()
            .map(|t| {
                vec![
                    format!("{}{}", t.id, if t.critical { " ★" } else { "" }),
                    cell(&t.name),
                    opt(&t.owner),
                    format!("{} – {}", t.planned_start, t.planned_end),
                    t.forecast_end.to_string(),
                    if t.slippage_days > 0 {
                        format!("+{}", t.slippage_days)
                    } else {
                        t.slippage_days.to_string()
                    },
                    format!("{}%", t.percent_done),
                    t.status.to_string(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            out.push_str(&table(
                &[
                    "#", "Task", "Owner", "Planned", "Forecast", "Slip", "Done", "Status",
                ],
                &rows,
            ));
            out.push_str("\n★ on the critical path; slip in working days.\n\n");
        }
        out.push_str(&self.curve_markdown());
        out.push_str("## Milestones\n\n");
        if self.milestones.is_empty() {
            out.push_str("None.\n\n");
        } else {
            out.push_str(&table(
                &["#", "Milestone", "Due", "Forecast", "Against due"],
                &self.milestone_rows(),
            ));
            out.push('\n');
        }
        out.push_str("## Top risks\n\n");
        let top: Vec<ReportRisk> = self.risks.iter().take(TOP_N).cloned().collect();
        if top.is_empty() {
            out.push_str("None open.\n\n");
        } else {
            out.push_str(&table(
                &["#", "Risk", "P×I", "Owner", "Response", "Status"],
                &Self::risk_rows(&top),
            ));
            out.push('\n');
        }
        out.push_str("## Open issues\n\n");
        if self.open_issues.is_empty() {
            out.push_str("None.\n\n");
        } else {
            let rows: Vec<Vec<String>> = self
                .open_issues
                .iter()
                .take(TOP_N)
                .map(|i| {
                    vec![
                        i.id.to_string(),
                        cell(&i.title),
                        i.severity.clone(),
                        opt(&i.owner),
                        opt_day(&i.due_on),
                    ]
                })
                .collect();
            out.push_str(&table(&["#", "Issue", "Severity", "Owner", "Due"], &rows));
            out.push('\n');
        }
        out.push_str("## Next steps\n\n");
        if self.next_steps.is_empty() {
            out.push_str("None.\n");
        }
        for s in &self.next_steps {
            out.push_str(&format!("- {}\n", cell(s)));
        }
        out
    }

    /// Planned versus actual progress, a row a week, and the forecast against the due date.
    fn curve_markdown(&self) -> String {
        let c = &self.curve;
        let rows: Vec<Vec<String>> = c
            .summary()
            .iter()
            .map(|p| {
                let pc = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |x| format!("{x:.0}%"));
                vec![
                    format!(
                        "{}{}",
                        p.day,
                        if p.day == c.today { " (today)" } else { "" }
                    ),
                    pc(Some(p.planned)),
                    pc(p.actual),
                    pc(p.forecast),
                ]
            })
            .collect();
        if rows.is_empty() {
            return String::new();
        }
        let mut out = String::from("## Planned versus actual\n\n");
        out.push_str(&table(&["Day", "Planned", "Actual", "Forecast"], &rows));
        out.push_str(&format!("\n{}.\n\n", cell(&c.verdict())));
        out
    }

    /// The milestone report: each milestone with its deliverable, forecast and tasks.
    pub fn milestone_markdown(&self) -> String {
        let mut out = self.head("Milestone report");
        if self.milestones.is_empty() {
            out.push_str("The project has no milestones.\n");
            return out;
        }
        out.push_str(&table(
            &["#", "Milestone", "Due", "Forecast", "Against due"],
            &self.milestone_rows(),
        ));
        for m in &self.milestones {
            out.push_str(&format!(
                "\n## {} {}\n\n",
                if m.done { "◇" } else { "◆" },
                cell(&m.name)
            ));
            if !m.deliverable.is_empty() {
                out.push_str(&format!("Deliverable: {}\n\n", cell(&m.deliverable)));
            }
            for id in &m.tasks {
                if let Some(t) = self.tasks.iter().find(|t| t.id == *id) {
                    out.push_str(&format!(
                        "- #{} {} — {}%, {} (forecast {})\n",
                        t.id,
                        cell(&t.name),
                        t.percent_done,
                        t.status,
                        t.forecast_end
                    ));
                }
            }
        }
        out
    }

    /// Risks scoring `threshold` or more (probability × impact).
    pub fn risks_above(&self, threshold: i64) -> Vec<ReportRisk> {
        self.risks
            .iter()
            .filter(|r| r.score >= threshold)
            .cloned()
            .collect()
    }

    /// The risk notice: live risks scoring `threshold` or more, with owners and responses.
    pub fn risk_notice_markdown(&self, threshold: i64) -> String {
        let mut out = self.head("Risk notice");
        let hot = self.risks_above(threshold);
        if hot.is_empty() {
            out.push_str(&format!("No open risk scores {threshold} or more.\n"));
            return out;
        }
        out.push_str(&format!(
            "{} open risk(s) score {threshold} or more (probability × impact, each 1–5):\n\n",
            hot.len()
        ));
        out.push_str(&table(
            &["#", "Risk", "P×I", "Owner", "Response", "Status"],
            &Self::risk_rows(&hot),
        ));
        out
    }
}
