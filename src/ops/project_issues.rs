//! A project's issue log and documents.

use super::project_tasks::open_project;
use super::projects::check_date;
use super::{fields, lookup, Desk};
use crate::domain::project::{check_one_of, Document, Issue, DOCUMENT_KINDS, ISSUE_SEVERITIES};
use crate::domain::status::IssueStatus;
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::store::write::{self, Entity, Event};
use crate::store::{project_log, projects};

/// A new issue, or changes to one (None leaves a field as it is).
#[derive(Debug, Clone, Default)]
pub struct IssueInput {
    pub title: Option<String>,
    pub detail: Option<String>,
    pub severity: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
    pub resolution: Option<String>,
    /// YYYY-MM-DD
    pub due_on: Option<String>,
}

impl Desk {
    /// Opens an issue in a project's log.
    pub fn create_issue(&mut self, project_id: i64, input: IssueInput) -> Result<Issue> {
        let title = fields::required(
            input.title.as_deref().unwrap_or_default(),
            "an issue",
            "title",
        )?;
        let severity = input.severity.clone().unwrap_or_else(|| "medium".into());
        check_one_of("severity", &severity, ISSUE_SEVERITIES)
            .map_err(|m| Error::invalid(m, "see aftercare project issue new --help"))?;
        let due_on = input.due_on.as_deref().map(check_date).transpose()?;
        let s = self.stamp();
        self.store.write(|c| {
            open_project(c, project_id)?;
            let owner_id = lookup::agent_opt(c, input.owner.as_deref())?;
            let id = project_log::insert_issue(
                c,
                &Issue {
                    project_id,
                    title: title.clone(),
                    detail: input.detail.as_deref().map(sanitize).unwrap_or_default(),
                    severity,
                    owner_id,
                    status: IssueStatus::Open,
                    due_on,
                    opened_at: s.at,
                    updated_at: s.at,
                    ..Default::default()
                },
            )?;
            let ev = Event::set("create", "title", title.clone());
            write::record(c, &s, Entity::Issue, id, Some(1), &[ev])?;
            project_log::issue(c, id)
        })
    }

    /// A project's issue log.
    pub fn issues(&self, project_id: i64) -> Result<Vec<Issue>> {
        projects::get(self.store.conn(), project_id)?;
        project_log::issues(self.store.conn(), project_id)
    }

    /// Changes an issue (status, resolution …), if still at `expected` version when given.
    pub fn update_issue(
        &mut self,
        id: i64,
        input: IssueInput,
        expected: Option<i64>,
    ) -> Result<Issue> {
        let status = input
            .status
            .as_deref()
            .map(|s| s.parse::<IssueStatus>())
            .transpose()
            .map_err(|m| Error::invalid(m, "see aftercare project issue update --help"))?;
        if let Some(s) = &input.severity {
            check_one_of("severity", s, ISSUE_SEVERITIES)
                .map_err(|m| Error::invalid(m, "see aftercare project issue update --help"))?;
        }
        let due_on = input.due_on.as_deref().map(check_date).transpose()?;
        let s = self.stamp();
        let now = s.at;
        self.store.write(|c| {
            let old = project_log::issue(c, id)?;
            open_project(c, old.project_id)?;
            let owner_id = lookup::agent_or(c, input.owner.as_deref(), old.owner_id)?;
            let status = status.unwrap_or(old.status);
            let closing = !status.is_open();
            let new = Issue {
                title: fields::edit_title(input.title.as_deref(), &old.title),
                detail: fields::edit_text(input.detail.as_deref(), &old.detail),
                severity: input.severity.clone().unwrap_or(old.severity.clone()),
                owner_id,
                resolution: fields::edit_text(input.resolution.as_deref(), &old.resolution),
                due_on: due_on.or(old.due_on),
                resolved_at: if closing {
                    old.resolved_at.or(Some(now))
                } else {
                    None
                },
                status,
                updated_at: now,
                ..old.clone()
            };
            let ev = Event::new(
                "edit",
                "status",
                Some(old.status.to_string()),
                Some(new.status.to_string()),
            );
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_log::issue(c, id)
        })
    }

    /// Files a document (a path or URL) with a project.
    pub fn add_document(
        &mut self,
        project_id: i64,
        title: &str,
        location: &str,
        kind: &str,
    ) -> Result<Document> {
        let title = sanitize(title.trim());
        let location = sanitize(location.trim());
        if title.is_empty() || location.is_empty() {
            return Err(Error::invalid(
                "a document needs a title and a location",
                "give --title \"…\" and --location PATH|URL",
            ));
        }
        check_one_of("document kind", kind, DOCUMENT_KINDS)
            .map_err(|m| Error::invalid(m, "see aftercare project doc add --help"))?;
        let s = self.stamp();
        self.store.write(|c| {
            open_project(c, project_id)?;
            let mut doc = Document {
                project_id,
                title: title.clone(),
                location: location.clone(),
                kind: kind.to_string(),
                added_by: s.actor.clone(),
                created_at: s.at,
                version: 1,
                ..Default::default()
            };
            doc.id = project_log::insert_document(c, &doc)?;
            let ev = Event::set("create", "location", location.clone());
            write::record(c, &s, Entity::Document, doc.id, Some(1), &[ev])?;
            Ok(doc)
        })
    }

    /// A project's documents, newest first.
    pub fn documents(&self, project_id: i64) -> Result<Vec<Document>> {
        projects::get(self.store.conn(), project_id)?;
        project_log::documents(self.store.conn(), project_id)
    }
}
