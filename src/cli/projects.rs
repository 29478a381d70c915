//! `aftercare project …` and `aftercare kb …`

use super::output::{self, ts, Record};
use super::{Format, KbCmd, ProjectCmd};
use crate::domain::records::{Article, Project};
use crate::error::{Error, Result};
use crate::ops::{ArticleInput, Desk, ProjectInput};
use serde_json::{json, Value};

impl Record for Project {
    fn headers() -> Vec<&'static str> {
        vec!["id", "status", "due", "customer", "owner", "name"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.status.clone(),
            self.due_on.clone().unwrap_or_default(),
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

impl Record for Article {
    fn headers() -> Vec<&'static str> {
        vec!["id", "category", "status", "review_by", "owner", "title"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.category.clone(),
            self.status.clone(),
            self.review_by.clone().unwrap_or_default(),
            self.owner.clone().unwrap_or_default(),
            self.title.clone(),
        ]
    }
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "body": self.body,
            "owner": self.owner,
            "owner_id": self.owner_id,
            "status": self.status,
            "review_by": self.review_by,
            "created_at": ts(Some(self.created_at)),
            "updated_at": ts(Some(self.updated_at)),
            "version": self.version,
        })
    }
}

/// Runs a project command.
pub fn project(desk: &mut Desk, cmd: &ProjectCmd, f: Format) -> Result<()> {
    match cmd {
        ProjectCmd::New(n) => {
            let p = desk.create_project(ProjectInput {
                name: n.name.clone(),
                customer: n.customer.clone(),
                owner: n.owner.clone(),
                goal: n.goal.clone(),
                metric: n.metric.clone(),
                target: n.target.clone(),
                due_on: n.due.clone(),
                status: None,
            })?;
            match f {
                Format::Table => output::emit(&format!("{}\n", p.id)),
                _ => output::one(f, &p),
            }
        }
        ProjectCmd::List => output::list(f, &desk.projects()?),
        ProjectCmd::Show { id } => {
            let d = desk.project_detail(*id)?;
            match f {
                Format::Json => {
                    let mut v = d.project.json();
                    v["milestones"] = d
                        .milestones
                        .iter()
                        .map(|m| json!({"id": m.id, "name": m.name, "deliverable": m.deliverable, "due_on": m.due_on, "done_at": ts(m.done_at)}))
                        .collect();
                    v["tasks"] = d
                        .tasks
                        .iter()
                        .map(|t| json!({"id": t.id, "name": t.name, "milestone_id": t.milestone_id, "owner": t.owner, "planned_start": t.planned_start, "planned_end": t.planned_end, "estimate_hours": t.estimate_hours, "percent_done": t.percent_done, "status": t.status}))
                        .collect();
                    v["risks"] = d
                        .risks
                        .iter()
                        .map(|r| json!({"id": r.id, "title": r.title, "probability": r.probability, "impact": r.impact, "response": r.response, "status": r.status}))
                        .collect();
                    output::json(&v)
                }
                Format::Csv => output::one(f, &d.project),
                Format::Table => {
                    output::one(f, &d.project)?;
                    let mut text = String::from("\nMilestones\n");
                    let rows: Vec<Vec<String>> = d
                        .milestones
                        .iter()
                        .map(|m| {
                            vec![
                                m.id.to_string(),
                                m.due_on.clone().unwrap_or_default(),
                                if m.done_at.is_some() { "done" } else { "" }.into(),
                                m.name.clone(),
                            ]
                        })
                        .collect();
                    text.push_str(&output::table(&["id", "due", "done", "name"], &rows));
                    text.push_str("\nTasks\n");
                    let rows: Vec<Vec<String>> = d
                        .tasks
                        .iter()
                        .map(|t| {
                            vec![
                                t.id.to_string(),
                                t.planned_start.clone().unwrap_or_default(),
                                t.planned_end.clone().unwrap_or_default(),
                                format!("{}%", t.percent_done),
                                t.owner.clone().unwrap_or_default(),
                                t.name.clone(),
                            ]
                        })
                        .collect();
                    text.push_str(&output::table(
                        &["id", "start", "end", "done", "owner", "name"],
                        &rows,
                    ));
                    text.push_str("\nRisks\n");
                    let rows: Vec<Vec<String>> = d
                        .risks
                        .iter()
                        .map(|r| {
                            vec![
                                r.id.to_string(),
                                format!("{}×{}", r.probability, r.impact),
                                r.status.clone(),
                                r.title.clone(),
                            ]
                        })
                        .collect();
                    text.push_str(&output::table(&["id", "p×i", "status", "title"], &rows));
                    output::emit(&text)
                }
            }
        }
    }
}

/// Runs a knowledge-base command.
pub fn kb(desk: &mut Desk, cmd: &KbCmd, f: Format) -> Result<()> {
    match cmd {
        KbCmd::New(n) => {
            let body = match (&n.body, &n.file) {
                (Some(b), _) => b.clone(),
                (None, Some(p)) => read_file(p)?,
                (None, None) => crate::editor::edit_text("", "md")?,
            };
            let a = desk.create_article(ArticleInput {
                title: n.title.clone(),
                category: n.category.clone(),
                body,
                owner: n.owner.clone(),
                status: n.status.clone(),
                review_by: n.review_by.clone(),
            })?;
            match f {
                Format::Table => output::emit(&format!("{}\n", a.id)),
                _ => output::one(f, &a),
            }
        }
        KbCmd::List { category } => output::list(f, &desk.articles(category.as_deref())?),
        KbCmd::Show { id } => {
            let a = desk.article(*id)?;
            match f {
                Format::Table => {
                    output::one(f, &a)?;
                    output::emit(&format!("\n{}\n", crate::domain::text::sanitize(&a.body)))
                }
                _ => output::one(f, &a),
            }
        }
        KbCmd::Edit(e) => {
            let old = desk.article(e.id)?;
            let body = match &e.file {
                Some(p) => read_file(p)?,
                None if e.title.is_none()
                    && e.category.is_none()
                    && e.status.is_none()
                    && e.review_by.is_none() =>
                {
                    crate::editor::edit_text(&old.body, "md")?
                }
                None => old.body.clone(),
            };
            let a = desk.update_article(
                e.id,
                ArticleInput {
                    title: e.title.clone().unwrap_or(old.title.clone()),
                    category: e.category.clone().unwrap_or(old.category.clone()),
                    body,
                    owner: None,
                    status: Some(e.status.clone().unwrap_or(old.status.clone())),
                    review_by: e.review_by.clone().or(old.review_by.clone()),
                },
                old.version,
            )?;
            match f {
                Format::Table => output::emit(&format!(
                    "article #{} saved (version {})\n",
                    a.id, a.version
                )),
                _ => output::one(f, &a),
            }
        }
    }
}

fn read_file(p: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(|e| Error::Io(format!("cannot read '{}': {e}", p.display())))
}
