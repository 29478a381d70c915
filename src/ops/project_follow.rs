//! Following a project through: project edits, the risk register, the issue log,
//! documents, linked tickets, customer acceptance, closing with a retrospective.

use super::project_plan::{risk_views, RiskView};
use super::project_tasks::open_project;
use super::projects::check_date;
use super::{fields, lookup, Desk};
use crate::domain::project::{check_rating, Acceptance, Retro, RETRO_CATEGORY};
use crate::domain::records::{Article, Project, Risk};
use crate::domain::status::{ArticleStatus, ProjectStatus, RiskStatus};
use crate::domain::text::sanitize;
use crate::error::{Error, Result};
use crate::store::write::{self, Entity, Event};
use crate::store::Conn;
use crate::store::{project_log, project_work, projects};

/// Changes to a project's fields; None leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProjectEdit {
    pub name: Option<String>,
    pub owner: Option<String>,
    pub goal: Option<String>,
    pub metric: Option<String>,
    pub target: Option<String>,
    /// YYYY-MM-DD
    pub due_on: Option<String>,
    /// planning | active | on_hold (accepted and closed have their own operations)
    pub status: Option<String>,
}

/// A new risk, or changes to one (None leaves a field as it is).
#[derive(Debug, Clone, Default)]
pub struct RiskInput {
    pub title: Option<String>,
    pub probability: Option<i64>,
    pub impact: Option<i64>,
    pub owner: Option<String>,
    pub response: Option<String>,
    pub status: Option<String>,
}

/// What closing a project records.
#[derive(Debug, Clone, Default)]
pub struct RetroInput {
    pub went_well: String,
    pub went_badly: String,
    pub lessons: String,
    /// Also publish the retrospective as a knowledge-base article.
    pub publish: bool,
}

impl Desk {
    /// Changes a project's fields, if it is still at `expected` version when given.
    pub fn edit_project(
        &mut self,
        id: i64,
        edit: ProjectEdit,
        expected: Option<i64>,
    ) -> Result<Project> {
        let status = edit
            .status
            .as_deref()
            .map(|s| s.parse::<ProjectStatus>())
            .transpose()
            .map_err(|m| Error::invalid(m, "see aftercare project --help"))?;
        if let Some(s) =
            status.filter(|s| matches!(s, ProjectStatus::Accepted | ProjectStatus::Closed))
        {
            return Err(Error::invalid(
                format!("a project becomes {s} through its own command"),
                "use: aftercare project accept ID --by NAME, or aftercare project close ID",
            ));
        }
        let due_on = edit.due_on.as_deref().map(check_date).transpose()?;
        let s = self.stamp();
        self.store.write(|c| {
            let old = open_project(c, id)?;
            if old.status == ProjectStatus::Accepted && status.is_some() {
                return Err(Error::invalid(
                    format!("project #{id} is accepted"),
                    "an accepted project can only be closed: aftercare project close ID",
                ));
            }
            let owner_id = lookup::agent_or(c, edit.owner.as_deref(), old.owner_id)?;
            let new = Project {
                name: fields::edit_title(edit.name.as_deref(), &old.name),
                owner_id,
                goal: fields::edit_text(edit.goal.as_deref(), &old.goal),
                metric: edit.metric.as_deref().map(sanitize).or(old.metric.clone()),
                target: edit.target.as_deref().map(sanitize).or(old.target.clone()),
                due_on: due_on.or(old.due_on),
                status: status.unwrap_or(old.status),
                ..old.clone()
            };
            let ev = if new.status != old.status {
                Event::edit("status", old.status.as_str(), new.status.as_str())
            } else {
                Event::edit("project", old.name.clone(), new.name.clone())
            };
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            projects::get(c, id)
        })
    }

    /// Adds a risk to a project's register.
    pub fn create_risk(&mut self, project_id: i64, input: RiskInput) -> Result<RiskView> {
        let title = fields::required(
            input.title.as_deref().unwrap_or_default(),
            "a risk",
            "title",
        )?;
        let (p, i) = (input.probability.unwrap_or(3), input.impact.unwrap_or(3));
        check_rating("probability", p)
            .and(check_rating("impact", i))
            .map_err(|m| {
                Error::invalid(m, "rate probability and impact from 1 (low) to 5 (high)")
            })?;
        let status = match input.status.as_deref() {
            None => RiskStatus::Open,
            Some(s) => s
                .parse()
                .map_err(|m| Error::invalid(m, "see aftercare risk --help"))?,
        };
        let s = self.stamp();
        self.store.write(|c| {
            open_project(c, project_id)?;
            let owner_id = lookup::agent_opt(c, input.owner.as_deref())?;
            let id = projects::insert_risk(
                c,
                &Risk {
                    project_id,
                    title: title.clone(),
                    probability: p,
                    impact: i,
                    owner_id,
                    response: input.response.as_deref().map(sanitize).unwrap_or_default(),
                    status,
                    ..Default::default()
                },
            )?;
            let ev = Event::set("create", "title", title.clone());
            write::record(c, &s, Entity::Risk, id, Some(1), &[ev])?;
            risk_view(c, id)
        })
    }

    /// One risk.
    pub fn risk(&self, id: i64) -> Result<RiskView> {
        risk_view(self.store.conn(), id)
    }

    /// Risks of one project or of all, highest score first.
    pub fn risks(&self, project_id: Option<i64>) -> Result<Vec<RiskView>> {
        if let Some(p) = project_id {
            projects::get(self.store.conn(), p)?;
        }
        risk_views(self.store.conn(), project_id)
    }

    /// Changes a risk, if it is still at `expected` version when given.
    pub fn update_risk(
        &mut self,
        id: i64,
        input: RiskInput,
        expected: Option<i64>,
    ) -> Result<RiskView> {
        for (what, v) in [("probability", input.probability), ("impact", input.impact)] {
            if let Some(v) = v {
                check_rating(what, v)
                    .map_err(|m| Error::invalid(m, "rate from 1 (low) to 5 (high)"))?;
            }
        }
        let status = input
            .status
            .as_deref()
            .map(|s| s.parse::<RiskStatus>())
            .transpose()
            .map_err(|m| Error::invalid(m, "see aftercare risk --help"))?;
        let s = self.stamp();
        self.store.write(|c| {
            let (old, _) = project_work::risk(c, id)?;
            open_project(c, old.project_id)?;
            let owner_id = lookup::agent_or(c, input.owner.as_deref(), old.owner_id)?;
            let new = Risk {
                title: fields::edit_title(input.title.as_deref(), &old.title),
                probability: input.probability.unwrap_or(old.probability),
                impact: input.impact.unwrap_or(old.impact),
                owner_id,
                response: fields::edit_text(input.response.as_deref(), &old.response),
                status: status.unwrap_or(old.status),
                ..old.clone()
            };
            let text = |r: &Risk| format!("{}×{} {}", r.probability, r.impact, r.status);
            let ev = Event::edit("rating", text(&old), text(&new));
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            risk_view(c, id)
        })
    }

    /// Links (or with `remove`, unlinks) a ticket to a project; false when nothing changed.
    pub fn link_project_ticket(
        &mut self,
        project_id: i64,
        ticket_id: i64,
        remove: bool,
    ) -> Result<bool> {
        let s = self.stamp();
        self.store.write(|c| {
            let p = projects::get(c, project_id)?;
            if !project_log::ticket_exists(c, ticket_id)? {
                return Err(Error::not_found("ticket", format!("#{ticket_id}")));
            }
            let changed = if remove {
                project_log::unlink_ticket(c, project_id, ticket_id)?
            } else {
                project_log::link_ticket(c, project_id, ticket_id, s.at, &s.actor)?
            };
            if changed {
                let ev = if remove {
                    Event::new("unlink", "ticket", Some(format!("#{ticket_id}")), None)
                } else {
                    Event::set("link", "ticket", format!("#{ticket_id}"))
                };
                write::record(c, &s, Entity::Project, project_id, Some(p.version), &[ev])?;
            }
            Ok(changed)
        })
    }

    /// Records the customer's acceptance and marks the project accepted.
    pub fn accept_project(
        &mut self,
        id: i64,
        by: &str,
        notes: &str,
        expected: Option<i64>,
    ) -> Result<Acceptance> {
        let by = sanitize(by.trim());
        if by.is_empty() {
            return Err(Error::invalid("who accepted?", "name them with --by NAME"));
        }
        let s = self.stamp();
        self.store.write(|c| {
            let old = open_project(c, id)?;
            if old.status == ProjectStatus::Accepted {
                return Err(Error::invalid(
                    format!("project #{id} is already accepted"),
                    "close it with: aftercare project close ID",
                ));
            }
            let new = Project {
                status: ProjectStatus::Accepted,
                ..old.clone()
            };
            let ev = Event::new(
                "accept",
                "status",
                Some(old.status.to_string()),
                Some(format!("accepted by {by}")),
            );
            write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
            project_log::insert_acceptance(
                c,
                &Acceptance {
                    project_id: id,
                    accepted_by: by.clone(),
                    accepted_at: s.at,
                    notes: sanitize(notes),
                    recorded_by: s.actor.clone(),
                    ..Default::default()
                },
            )?;
            project_log::acceptance(c, id)?
                .ok_or_else(|| Error::msg("the acceptance was not saved"))
        })
    }

    /// Closes an accepted project with its retrospective; with `publish` the retrospective
    /// also becomes a knowledge-base article (category 项目复盘). Closing an already closed
    /// project only publishes a retrospective that was not published yet.
    pub fn close_project(
        &mut self,
        id: i64,
        input: RetroInput,
        expected: Option<i64>,
    ) -> Result<Retro> {
        let s = self.stamp();
        // Closing, the retrospective and its article are one change: all or nothing.
        self.store.write(|c| {
            let old = projects::get(c, id)?;
            if old.status != ProjectStatus::Closed {
                if old.status != ProjectStatus::Accepted {
                    return Err(Error::invalid(
                        format!("project #{id} is {}, not accepted", old.status),
                        format!("record the customer's acceptance first: aftercare project accept {id} --by NAME"),
                    ));
                }
                let new = Project {
                    status: ProjectStatus::Closed,
                    ..old.clone()
                };
                let ev = Event::new("close", "status", Some(old.status.to_string()), Some("closed".into()));
                write::update(c, &s, id, expected.unwrap_or(old.version), &new, vec![ev])?;
                let prev = project_log::retro(c, id)?;
                let retro = Retro {
                    project_id: id,
                    went_well: sanitize(&input.went_well),
                    went_badly: sanitize(&input.went_badly),
                    lessons: sanitize(&input.lessons),
                    article_id: prev.as_ref().and_then(|r| r.article_id),
                    created_at: prev.as_ref().map(|r| r.created_at).unwrap_or(s.at),
                    updated_at: s.at,
                    version: 1,
                };
                match prev {
                    None => project_log::insert_retro(c, &retro)?,
                    Some(p) => {
                        write::update(c, &s, id, p.version, &retro, Vec::new())?;
                    }
                }
            } else if !input.publish {
                return Err(Error::invalid(
                    format!("project #{id} is already closed"),
                    "publish its retrospective with --publish",
                ));
            }
            let retro = project_log::retro(c, id)?
                .ok_or_else(|| Error::msg("the project has no retrospective"))?;
            if !input.publish || retro.article_id.is_some() {
                return Ok(retro);
            }
            let project = projects::get(c, id)?;
            let article = Article {
                title: format!("项目复盘：{}", project.name),
                category: RETRO_CATEGORY.into(),
                body: retro_markdown(&project, &retro),
                owner_id: project.owner_id,
                status: ArticleStatus::Published,
                ..Default::default()
            };
            let article_id = super::kb::insert_article(c, &s, article)?;
            let published = Retro {
                article_id: Some(article_id),
                updated_at: s.at,
                ..retro.clone()
            };
            let w = write::update(c, &s, id, retro.version, &published, Vec::new())?;
            let ev = Event::set("publish", "retro", format!("article #{article_id}"));
            write::record(c, &s, Entity::Project, id, Some(w.version), &[ev])?;
            project_log::retro(c, id)?.ok_or_else(|| Error::msg("the project has no retrospective"))
        })
    }
}

/// One risk with its owner and level.
fn risk_view(c: &Conn, id: i64) -> Result<RiskView> {
    let (risk, owner) = project_work::risk(c, id)?;
    Ok(RiskView {
        level: crate::domain::project::RiskLevel::of(risk.probability, risk.impact),
        risk,
        owner,
    })
}

/// The knowledge-base text of a retrospective.
pub fn retro_markdown(p: &Project, r: &Retro) -> String {
    let section = |title: &str, text: &str| {
        let body = if text.trim().is_empty() {
            "—".to_string()
        } else {
            text.trim().to_string()
        };
        format!("## {title}\n\n{body}\n\n")
    };
    let mut out = format!("# 项目复盘：{}\n\n", p.name);
    if let Some(c) = &p.customer {
        out.push_str(&format!("客户 Customer: {c}\n\n"));
    }
    if !p.goal.is_empty() {
        out.push_str(&format!("目标 Goal: {}\n\n", p.goal));
    }
    out.push_str(&section("做得好的 What went well", &r.went_well));
    out.push_str(&section("做得不好的 What did not go well", &r.went_badly));
    out.push_str(&section("经验教训 Lessons", &r.lessons));
    out.trim_end().to_string() + "\n"
}
