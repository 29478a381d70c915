//! Customer projects.

use super::lookup::resolve_customer;
use super::{fields, lookup, Desk};
use crate::domain::records::{Milestone, Project, Risk, Task};
use crate::domain::status::ProjectStatus;
use crate::domain::text::sanitize;
use crate::domain::time::parse_day;
use crate::error::{Error, Result};
use crate::store::projects;
use crate::store::write::{self, Entity, Event};
use chrono::NaiveDate;

/// What a user gives to create a project.
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub name: String,
    pub customer: Option<String>,
    /// Create the customer when nothing matches `customer`.
    pub new_customer: bool,
    pub owner: Option<String>,
    pub goal: Option<String>,
    pub metric: Option<String>,
    pub target: Option<String>,
    /// YYYY-MM-DD
    pub due_on: Option<String>,
    pub status: Option<String>,
}

/// A project with its parts, for `project show`.
#[derive(Debug, Clone)]
pub struct ProjectDetail {
    pub project: Project,
    pub milestones: Vec<Milestone>,
    pub tasks: Vec<Task>,
    pub risks: Vec<Risk>,
}

/// Reads a day a user gave (YYYY-MM-DD), with a clear error.
pub fn check_date(s: &str) -> Result<NaiveDate> {
    parse_day(s)
        .ok_or_else(|| Error::invalid(format!("'{s}' is not a date"), "write dates as YYYY-MM-DD"))
}

impl Desk {
    /// Creates a project.
    pub fn create_project(&mut self, input: ProjectInput) -> Result<Project> {
        let name = fields::required(&input.name, "a project", "name")?;
        let status = match input.status.as_deref() {
            None => ProjectStatus::Planning,
            Some(s) => s.parse().map_err(|_| {
                Error::invalid(
                    format!("unknown project status '{s}'"),
                    format!("use {}", ProjectStatus::names()),
                )
            })?,
        };
        let due_on = input.due_on.as_deref().map(check_date).transpose()?;
        let s = self.stamp();
        self.store.write(|c| {
            let customer_id = input
                .customer
                .as_deref()
                .map(|k| resolve_customer(c, k, input.new_customer, &s))
                .transpose()?;
            let owner_id = lookup::agent_opt(c, input.owner.as_deref())?;
            let id = projects::insert(
                c,
                &Project {
                    name: name.clone(),
                    customer_id,
                    owner_id,
                    goal: input.goal.as_deref().map(sanitize).unwrap_or_default(),
                    metric: input.metric.as_deref().map(sanitize),
                    target: input.target.as_deref().map(sanitize),
                    due_on,
                    status,
                    created_at: s.at,
                    updated_at: s.at,
                    version: 1,
                    ..Default::default()
                },
            )?;
            let ev = Event::set("create", "name", name.clone());
            write::record(c, &s, Entity::Project, id, Some(1), &[ev])?;
            projects::get(c, id)
        })
    }

    /// Every project, newest first.
    pub fn projects(&self) -> Result<Vec<Project>> {
        projects::list(self.store.conn())
    }

    /// A project with milestones, tasks and risks.
    pub fn project_detail(&self, id: i64) -> Result<ProjectDetail> {
        let c = self.store.conn();
        Ok(ProjectDetail {
            project: projects::get(c, id)?,
            milestones: projects::milestones(c, id)?,
            tasks: projects::tasks(c, id)?,
            risks: projects::risks(c, id)?,
        })
    }
}
