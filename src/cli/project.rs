//! `aftercare project …`: projects, their reports, acceptance, closing, issue log,
//! documents and linked tickets.

use super::output::{self, ts, Record};
use super::{DocCmd, Format, IssueCmd, ProjectCmd};
use crate::domain::gantt::{self, GanttView, Zoom};
use crate::domain::project::{Document, Issue};
use crate::domain::records::Project;
use crate::error::{Error, Result};
use crate::ops::{
    report_json, report_markdown, Desk, IssueInput, ProjectEdit, ProjectInput, ProjectPlan,
    ProjectSummary, ReportKind, RetroInput,
};
use serde_json::{json, Value};

impl Record for Project {
    fn headers() -> Vec<&'static str> {
        vec!["id", "status", "due", "customer", "owner", "name"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.status.to_string(),
            output::day(self.due_on),
            self.customer.clone().unwrap_or_default(),
            self.owner.clone().unwrap_or_default(),
            self.name.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "customer": self.customer,
            "customer_id": self.customer_id,
            "owner": self.owner,
            "owner_id": self.owner_id,
            "goal": self.goal,
            "metric": self.metric,
            "target": self.target,
            "due_on": self.due_on,
            "status": self.status,
            "created_at": ts(Some(self.created_at)),
            "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
        })
    }
}

impl Record for ProjectSummary {
    fn headers() -> Vec<&'static str> {
        vec![
            "id", "status", "health", "done", "due", "forecast", "risks", "issues", "customer",
            "name",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let p = &self.project;
        vec![
            p.id.to_string(),
            p.status.to_string(),
            self.health.as_str().into(),
            format!("{}%", self.percent_done),
            output::day(p.due_on),
            self.forecast_end.map(|d| d.to_string()).unwrap_or_default(),
            self.live_risks.to_string(),
            self.open_issues.to_string(),
            p.customer.clone().unwrap_or_default(),
            p.name.clone(),
        ]
    }
    fn json(&self) -> Value {
        let mut v = self.project.json();
        v["health"] = json!(self.health.as_str());
        v["percent_done"] = json!(self.percent_done);
        v["forecast_end"] = json!(self.forecast_end.map(|d| d.to_string()));
        v["slippage_days"] = json!(self.slippage);
        v["live_risks"] = json!(self.live_risks);
        v["open_issues"] = json!(self.open_issues);
        v
    }
}

impl Record for Issue {
    fn headers() -> Vec<&'static str> {
        vec!["id", "severity", "status", "owner", "due", "title"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.severity.clone(),
            self.status.to_string(),
            self.owner.clone().unwrap_or_default(),
            output::day(self.due_on),
            self.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id, "project_id": self.project_id, "title": self.title,
            "detail": self.detail, "severity": self.severity, "owner": self.owner,
            "owner_id": self.owner_id, "status": self.status, "resolution": self.resolution,
            "due_on": self.due_on, "opened_at": ts(Some(self.opened_at)),
            "resolved_at": ts(self.resolved_at), "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
        })
    }
}

impl Record for Document {
    fn headers() -> Vec<&'static str> {
        vec!["id", "kind", "added", "by", "title", "location"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.kind.clone(),
            output::short(Some(self.created_at)),
            self.added_by.clone(),
            self.title.clone(),
            self.location.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id, "project_id": self.project_id, "title": self.title,
            "location": self.location, "kind": self.kind, "added_by": self.added_by,
            "created_at": ts(Some(self.created_at)), "version": self.version,
        })
    }
}

/// Prints a new record's id (table) or the record.
fn created<T: Record>(f: Format, id: i64, item: &T) -> Result<()> {
    match f {
        Format::Json | Format::Csv => output::one(f, item),
        _ => output::emit(&format!("{id}\n")),
    }
}

/// Runs a project command.
pub fn project(desk: &mut Desk, cmd: &ProjectCmd, f: Format) -> Result<()> {
    match cmd {
        ProjectCmd::New(n) => {
            let p = desk.create_project(ProjectInput {
                name: n.name.clone(),
                customer: n.customer.clone(),
                new_customer: n.new_customer,
                owner: n.owner.clone(),
                goal: n.goal.clone(),
                metric: n.metric.clone(),
                target: n.target.clone(),
                due_on: n.due.clone(),
                status: None,
            })?;
            created(f, p.id, &p)
        }
        ProjectCmd::List => output::list(f, &desk.project_summaries()?),
        ProjectCmd::Show { id } => show(&desk.project_plan(*id)?, desk, f),
        ProjectCmd::Report(r) => {
            let kind = ReportKind::parse(&r.kind)?;
            let report = desk.project_report(r.id)?;
            let text = match f {
                Format::Json => report_json(&report, kind, r.threshold),
                Format::Csv => return report_csv(&report, kind, r.threshold),
                // The page holds the whole status report, milestones and risks included.
                Format::Html => {
                    crate::report::html::project_page(&report, &desk.config.ui.language)?
                }
                _ => report_markdown(&report, kind, r.threshold),
            };
            match &r.out {
                Some(path) => {
                    crate::files::write_private_bytes(path, text.as_bytes())?;
                    output::emit(&format!("report written to {}\n", path.display()))
                }
                None => output::emit(&text),
            }
        }
        ProjectCmd::Progress { id } => super::project_progress::run(desk, *id, f),
        ProjectCmd::Gantt {
            id,
            zoom,
            width,
            from,
        } => {
            let zoom = Zoom::parse(zoom).ok_or_else(|| {
                Error::invalid(format!("unknown zoom '{zoom}'"), "use day, week or month")
            })?;
            let plan = desk.project_plan(*id)?;
            let items = plan.gantt_items();
            let start = match from {
                Some(d) => crate::domain::time::parse_day(d).ok_or_else(|| {
                    Error::invalid(format!("'{d}' is not a date"), "write dates as YYYY-MM-DD")
                })?,
                None => gantt::fit_start(&items, zoom, plan.today),
            };
            let cal = desk.config.sla.calendar.clone();
            let view = GanttView {
                start,
                today: plan.today,
                zoom,
                width: (*width).clamp(20, 1000),
                label_width: None,
            };
            let layout = gantt::layout(&items, &view, &|d| cal.is_workday(d));
            output::emit(&(layout.lines().join("\n") + "\n"))
        }
        ProjectCmd::Edit(e) => {
            let p = desk.edit_project(
                e.id,
                ProjectEdit {
                    name: e.name.clone(),
                    owner: e.owner.clone(),
                    goal: e.goal.clone(),
                    metric: e.metric.clone(),
                    target: e.target.clone(),
                    due_on: e.due.clone(),
                    status: e.status.clone(),
                },
                e.guard.if_version,
            )?;
            done_or_record(
                f,
                format!("project #{} saved (version {})", p.id, p.version),
                &p,
            )
        }
        ProjectCmd::Accept {
            id,
            by,
            notes,
            guard,
        } => {
            let a = desk.accept_project(*id, by, notes, guard.if_version)?;
            match f {
                Format::Json => output::json(&json!({
                    "project_id": a.project_id, "accepted_by": a.accepted_by,
                    "accepted_at": ts(Some(a.accepted_at)), "notes": a.notes, "recorded_by": a.recorded_by,
                })),
                _ => output::emit(&format!("project #{id} accepted by {}\n", a.accepted_by)),
            }
        }
        ProjectCmd::Close(c) => {
            let r = desk.close_project(
                c.id,
                RetroInput {
                    went_well: c.went_well.clone(),
                    went_badly: c.went_badly.clone(),
                    lessons: c.lessons.clone(),
                    publish: c.publish,
                },
                c.guard.if_version,
            )?;
            match f {
                Format::Json => output::json(&json!({
                    "project_id": r.project_id, "status": "closed", "went_well": r.went_well,
                    "went_badly": r.went_badly, "lessons": r.lessons, "article_id": r.article_id,
                })),
                _ => output::emit(&match r.article_id {
                    Some(a) => format!(
                        "project #{} closed; retrospective published as article #{a}\n",
                        c.id
                    ),
                    None => format!("project #{} closed\n", c.id),
                }),
            }
        }
        ProjectCmd::LinkTicket { id, ticket, remove } => {
            let changed = desk.link_project_ticket(*id, *ticket, *remove)?;
            let what = match (remove, changed) {
                (false, true) => "linked to",
                (false, false) => "was already linked to",
                (true, true) => "unlinked from",
                (true, false) => "was not linked to",
            };
            match f {
                Format::Json => output::json(
                    &json!({"project_id": id, "ticket_id": ticket, "linked": !remove, "changed": changed}),
                ),
                _ => output::emit(&format!("ticket #{ticket} {what} project #{id}\n")),
            }
        }
        ProjectCmd::Issue(c) => issue(desk, c, f),
        ProjectCmd::Doc(c) => match c {
            DocCmd::Add {
                project,
                title,
                location,
                kind,
            } => {
                let d = desk.add_document(*project, title, location, kind)?;
                created(f, d.id, &d)
            }
            DocCmd::List { project } => output::list(f, &desk.documents(*project)?),
        },
    }
}

fn done_or_record<T: Record>(f: Format, message: String, item: &T) -> Result<()> {
    match f {
        Format::Json | Format::Csv => output::one(f, item),
        _ => output::emit(&(message + "\n")),
    }
}

fn issue(desk: &mut Desk, cmd: &IssueCmd, f: Format) -> Result<()> {
    match cmd {
        IssueCmd::New {
            project,
            title,
            detail,
            severity,
            owner,
            due,
        } => {
            let i = desk.create_issue(
                *project,
                IssueInput {
                    title: Some(title.clone()),
                    detail: detail.clone(),
                    severity: Some(severity.clone()),
                    owner: owner.clone(),
                    due_on: due.clone(),
                    ..Default::default()
                },
            )?;
            created(f, i.id, &i)
        }
        IssueCmd::List { project, open } => {
            let mut all = desk.issues(*project)?;
            if *open {
                all.retain(|i| i.is_open());
            }
            output::list(f, &all)
        }
        IssueCmd::Update {
            id,
            status,
            resolution,
            severity,
            owner,
            due,
            guard,
        } => {
            let i = desk.update_issue(
                *id,
                IssueInput {
                    status: status.clone(),
                    resolution: resolution.clone(),
                    severity: severity.clone(),
                    owner: owner.clone(),
                    due_on: due.clone(),
                    ..Default::default()
                },
                guard.if_version,
            )?;
            done_or_record(
                f,
                format!("issue #{} is {} (version {})", i.id, i.status, i.version),
                &i,
            )
        }
    }
}

fn report_csv(
    r: &crate::domain::project_report::ProjectReport,
    kind: ReportKind,
    threshold: i64,
) -> Result<()> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut put = |cells: Vec<String>| -> Result<()> {
        rows.push(cells);
        Ok(())
    };
    match kind {
        ReportKind::Status => {
            put([
                "id",
                "name",
                "owner",
                "planned_start",
                "planned_end",
                "forecast_end",
                "slippage_days",
                "percent_done",
                "status",
                "critical",
            ]
            .map(String::from)
            .to_vec())?;
            for t in &r.tasks {
                put(vec![
                    t.id.to_string(),
                    t.name.clone(),
                    t.owner.clone().unwrap_or_default(),
                    t.planned_start.to_string(),
                    t.planned_end.to_string(),
                    t.forecast_end.to_string(),
                    t.slippage_days.to_string(),
                    t.percent_done.to_string(),
                    t.status.to_string(),
                    t.critical.to_string(),
                ])?;
            }
        }
        ReportKind::Milestones => {
            put(
                ["id", "name", "due_on", "forecast", "slippage_days", "done"]
                    .map(String::from)
                    .to_vec(),
            )?;
            for m in &r.milestones {
                put(vec![
                    m.id.to_string(),
                    m.name.clone(),
                    output::day(m.due_on),
                    output::day(m.forecast),
                    m.slippage_days.map(|s| s.to_string()).unwrap_or_default(),
                    m.done.to_string(),
                ])?;
            }
        }
        ReportKind::Risks => {
            put([
                "id",
                "title",
                "probability",
                "impact",
                "score",
                "level",
                "owner",
                "response",
                "status",
            ]
            .map(String::from)
            .to_vec())?;
            for k in r.risks_above(threshold) {
                put(vec![
                    k.id.to_string(),
                    k.title,
                    k.probability.to_string(),
                    k.impact.to_string(),
                    k.score.to_string(),
                    k.level,
                    k.owner.unwrap_or_default(),
                    k.response,
                    k.status.to_string(),
                ])?;
            }
        }
    }
    let headers = rows.first().cloned().unwrap_or_default();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    output::csv(&headers, rows.iter().skip(1))
}

fn show(plan: &ProjectPlan, desk: &Desk, f: Format) -> Result<()> {
    let s = &plan.schedule;
    let report = desk.report_of(plan);
    match f {
        Format::Json => {
            let mut v = plan.project.json();
            v["health"] = json!(s.health.as_str());
            v["health_reasons"] = json!(s.reasons);
            v["percent_done"] = json!(plan.percent_done());
            v["planned_end"] = json!(s.planned_end.map(|d| d.to_string()));
            v["forecast_end"] = json!(s.forecast_end.map(|d| d.to_string()));
            v["slippage_days"] = json!(s.slippage);
            v["critical_path"] = json!(s.critical_path);
            v["milestones"] = plan
                .milestones
                .iter()
                .zip(&report.milestones)
                .map(|(m, r)| json!({"id": m.id, "name": m.name, "deliverable": m.deliverable, "due_on": m.due_on, "done_at": ts(m.done_at), "forecast": r.forecast, "slippage_days": r.slippage_days, "version": m.version}))
                .collect();
            v["tasks"] = plan
                .tasks
                .iter()
                .map(|t| {
                    let mut j = super::task::task_json(t, plan);
                    j.as_object_mut().map(|o| o.remove("project_id"));
                    j
                })
                .collect();
            v["risks"] = plan.risks.iter().map(super::risk::risk_json).collect();
            v["issues"] = plan.issues.iter().map(Record::json).collect();
            v["documents"] = plan.documents.iter().map(Record::json).collect();
            v["tickets"] = plan
                .tickets
                .iter()
                .map(|(id, title, stage, _)| json!({"id": id, "title": title, "stage": stage}))
                .collect();
            v["acceptance"] = plan
                .acceptance
                .as_ref()
                .map(|a| json!({"accepted_by": a.accepted_by, "accepted_at": ts(Some(a.accepted_at)), "notes": a.notes, "recorded_by": a.recorded_by}))
                .unwrap_or(Value::Null);
            v["retro"] = plan
                .retro
                .as_ref()
                .map(|r| json!({"went_well": r.went_well, "went_badly": r.went_badly, "lessons": r.lessons, "article_id": r.article_id}))
                .unwrap_or(Value::Null);
            output::json(&v)
        }
        Format::Csv => output::one(f, &plan.project),
        _ => {
            output::one(Format::Table, &plan.project)?;
            let mut text = format!(
                "{:<8}  {} ({}% done, forecast end {}, {})\n",
                "health",
                s.health.as_str(),
                plan.percent_done(),
                s.forecast_end
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into()),
                match s.slippage {
                    0 => "on plan".to_string(),
                    n => format!("{n:+} working days"),
                }
            );
            for r in &s.reasons {
                text.push_str(&format!("          {r}\n"));
            }
            text.push_str("\nMilestones\n");
            let rows: Vec<Vec<String>> = report
                .milestones
                .iter()
                .map(|m| {
                    vec![
                        m.id.to_string(),
                        output::day(m.due_on),
                        output::day(m.forecast),
                        if m.done { "done".into() } else { String::new() },
                        m.name.clone(),
                    ]
                })
                .collect();
            text.push_str(&output::table(
                &["id", "due", "forecast", "done", "name"],
                &rows,
            ));
            text.push_str("\nTasks (* critical)\n");
            text.push_str(&super::task::task_table(plan));
            text.push_str("\nRisks\n");
            text.push_str(&super::risk::risk_table(&plan.risks));
            let open: Vec<&Issue> = plan.issues.iter().filter(|i| i.is_open()).collect();
            if !open.is_empty() {
                text.push_str("\nOpen issues\n");
                let rows: Vec<Vec<String>> = open.iter().map(|i| i.cells()).collect();
                text.push_str(&output::table(&Issue::headers(), &rows));
            }
            if !plan.documents.is_empty() {
                text.push_str("\nDocuments\n");
                let rows: Vec<Vec<String>> = plan.documents.iter().map(|d| d.cells()).collect();
                text.push_str(&output::table(&Document::headers(), &rows));
            }
            if !plan.tickets.is_empty() {
                text.push_str("\nTickets\n");
                let rows: Vec<Vec<String>> = plan
                    .tickets
                    .iter()
                    .map(|(id, t, st, _)| vec![id.to_string(), st.clone(), t.clone()])
                    .collect();
                text.push_str(&output::table(&["id", "stage", "title"], &rows));
            }
            if let Some(a) = &plan.acceptance {
                text.push_str(&format!(
                    "\nAccepted by {} on {}{}\n",
                    a.accepted_by,
                    output::short(Some(a.accepted_at)),
                    if a.notes.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", a.notes)
                    }
                ));
            }
            if let Some(r) = &plan.retro {
                text.push_str(&format!(
                    "\nRetrospective{}\n  went well: {}\n  went badly: {}\n  lessons: {}\n",
                    r.article_id
                        .map(|a| format!(" (article #{a})"))
                        .unwrap_or_default(),
                    indent(&r.went_well),
                    indent(&r.went_badly),
                    indent(&r.lessons)
                ));
            }
            output::emit(&text)
        }
    }
}

/// A multi-line field with its continuation lines indented under it.
fn indent(s: &str) -> String {
    s.trim().replace('\n', "\n    ")
}
