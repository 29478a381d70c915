//! Customer projects.

use super::tickets::{resolve_agent, resolve_customer};
use super::Desk;
use crate::domain::records::{Milestone, Project, Risk, Task, PROJECT_STATUSES};
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::store::audit::{self, Change};
use crate::store::projects;

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

/// Checks a YYYY-MM-DD date.
pub fn check_date(s: &str) -> Result<String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map(|d| d.to_string())
        .map_err(|_| Error::invalid(format!("'{s}' is not a date"), "write dates as YYYY-MM-DD"))
}

impl Desk {
    /// Creates a project.
    pub fn create_project(&mut self, input: ProjectInput) -> Result<Project> {
        let name = sanitize(input.name.trim());
        if name.is_empty() {
            return Err(Error::invalid(
                "a project needs a name",
                "give one with --name \"…\"",
            ));
        }
        let status = input.status.clone().unwrap_or_else(|| "planning".into());
        if !PROJECT_STATUSES.contains(&status.as_str()) {
            return Err(Error::invalid(
                format!("unknown project status '{status}'"),
                format!("use {}", PROJECT_STATUSES.join(", ")),
            ));
        }
        let due_on = input.due_on.as_deref().map(check_date).transpose()?;
        let now = self.now();
        let actor = self.actor.clone();
        let id = self.store.write(|c| {
            let customer_id = input
                .customer
                .as_deref()
                .map(|k| resolve_customer(c, k, input.new_customer, now, &actor))
                .transpose()?;
            let owner_id = input
                .owner
                .as_deref()
                .map(|k| resolve_agent(c, k))
                .transpose()?;
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
                    created_at: now,
                    updated_at: now,
                    version: 1,
                    ..Default::default()
                },
            )?;
            audit::record(
                c,
                now,
                &actor,
                &Change {
                    entity: "project",
                    entity_id: id,
                    action: "create",
                    field: Some("name"),
                    new: Some(name.clone()),
                    version: Some(1),
                    ..Default::default()
                },
            )?;
            Ok(id)
        })?;
        projects::get(self.store.conn(), id)
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
