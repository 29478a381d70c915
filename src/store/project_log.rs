//! A project's issue log, documents, acceptance, retrospective and linked tickets.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Row, Value};
use crate::domain::project::{Acceptance, Document, Issue, Retro};
use crate::error::{Error, Result};

const ISSUE_COLS: &str = "i.id, i.project_id, i.title, i.detail, i.severity, i.owner_id, a.name,
    i.status, i.resolution, i.due_on, i.opened_at, i.resolved_at, i.updated_at, i.version";
const ISSUE_FROM: &str = "FROM project_issues i LEFT JOIN agents a ON a.id = i.owner_id";

fn issue_row(r: &Row<'_>) -> Result<Issue> {
    Ok(Issue {
        id: r.get(0)?,
        project_id: r.get(1)?,
        title: r.get(2)?,
        detail: r.get(3)?,
        severity: r.get(4)?,
        owner_id: r.get(5)?,
        owner: r.get(6)?,
        status: r.get(7)?,
        resolution: r.get(8)?,
        due_on: r.get(9)?,
        opened_at: r.get(10)?,
        resolved_at: r.get(11)?,
        updated_at: r.get(12)?,
        version: r.get(13)?,
    })
}

/// Inserts an issue and returns its id.
pub fn insert_issue(conn: &Conn, i: &Issue) -> Result<i64> {
    conn.insert(
        "INSERT INTO project_issues (project_id, title, detail, severity, owner_id, status,
            resolution, due_on, opened_at, resolved_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            i.project_id,
            i.title,
            i.detail,
            i.severity,
            i.owner_id,
            i.status,
            i.resolution,
            i.due_on,
            i.opened_at,
            i.resolved_at,
            i.updated_at
        ],
    )
}

/// One issue by id.
pub fn issue(conn: &Conn, id: i64) -> Result<Issue> {
    conn.query_opt(
        &format!("SELECT {ISSUE_COLS} {ISSUE_FROM} WHERE i.id = ?1"),
        params![id],
        issue_row,
    )?
    .ok_or_else(|| Error::NotFound {
        what: "issue",
        key: format!("#{id}"),
        hint: Some("list a project's issues with: aftercare project issue list ID".into()),
    })
}

/// A project's issues: open ones first (most severe first), then the rest, newest first.
pub fn issues(conn: &Conn, project_id: i64) -> Result<Vec<Issue>> {
    conn.query_map(&format!(
        "SELECT {ISSUE_COLS} {ISSUE_FROM} WHERE i.project_id = ?1
         ORDER BY i.status IN ('resolved', 'closed'),
            CASE i.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
            i.id DESC"
    ), params![project_id], issue_row)
}

impl Columns for Issue {
    const ENTITY: Entity = Entity::Issue;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("title", self.title.clone().into()),
            ("detail", self.detail.clone().into()),
            ("severity", self.severity.clone().into()),
            ("owner_id", self.owner_id.into()),
            ("status", self.status.into()),
            ("resolution", self.resolution.clone().into()),
            ("due_on", self.due_on.into()),
            ("resolved_at", self.resolved_at.into()),
            ("updated_at", self.updated_at.into()),
        ]
    }
}

/// Inserts a document and returns its id.
pub fn insert_document(conn: &Conn, d: &Document) -> Result<i64> {
    conn.insert(
        "INSERT INTO project_documents (project_id, title, location, kind, added_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            d.project_id,
            d.title,
            d.location,
            d.kind,
            d.added_by,
            d.created_at
        ],
    )
}

/// A project's documents, newest first.
pub fn documents(conn: &Conn, project_id: i64) -> Result<Vec<Document>> {
    conn.query_map(
        "SELECT id, project_id, title, location, kind, added_by, created_at, version
         FROM project_documents WHERE project_id = ?1 ORDER BY created_at DESC, id DESC",
        params![project_id],
        |r| {
            Ok(Document {
                id: r.get(0)?,
                project_id: r.get(1)?,
                title: r.get(2)?,
                location: r.get(3)?,
                kind: r.get(4)?,
                added_by: r.get(5)?,
                created_at: r.get(6)?,
                version: r.get(7)?,
            })
        },
    )
}

/// Records an acceptance and returns its id.
pub fn insert_acceptance(conn: &Conn, a: &Acceptance) -> Result<i64> {
    conn.insert(
        "INSERT INTO project_acceptances (project_id, accepted_by, accepted_at, notes, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            a.project_id,
            a.accepted_by,
            a.accepted_at,
            a.notes,
            a.recorded_by
        ],
    )
}

/// The latest acceptance of a project.
pub fn acceptance(conn: &Conn, project_id: i64) -> Result<Option<Acceptance>> {
    conn.query_opt(
        "SELECT id, project_id, accepted_by, accepted_at, notes, recorded_by
             FROM project_acceptances WHERE project_id = ?1 ORDER BY id DESC LIMIT 1",
        params![project_id],
        |r| {
            Ok(Acceptance {
                id: r.get(0)?,
                project_id: r.get(1)?,
                accepted_by: r.get(2)?,
                accepted_at: r.get(3)?,
                notes: r.get(4)?,
                recorded_by: r.get(5)?,
            })
        },
    )
}

/// A project's retrospective.
pub fn retro(conn: &Conn, project_id: i64) -> Result<Option<Retro>> {
    conn.query_opt("SELECT project_id, went_well, went_badly, lessons, article_id, created_at, updated_at, version
             FROM project_retros WHERE project_id = ?1", params![project_id], |r| {
            Ok(Retro {
                project_id: r.get(0)?,
                went_well: r.get(1)?,
                went_badly: r.get(2)?,
                lessons: r.get(3)?,
                article_id: r.get(4)?,
                created_at: r.get(5)?,
                updated_at: r.get(6)?,
                version: r.get(7)?,
            })
        })
}

/// Inserts a project's first retrospective (version 1).
pub fn insert_retro(conn: &Conn, r: &Retro) -> Result<()> {
    conn.execute(
        "INSERT INTO project_retros (project_id, went_well, went_badly, lessons, article_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            r.project_id,
            r.went_well,
            r.went_badly,
            r.lessons,
            r.article_id,
            r.created_at,
            r.updated_at
        ],
    )?;
    Ok(())
}

/// A retrospective is updated in place, keyed by its project (see `Entity::Retro`).
impl Columns for Retro {
    const ENTITY: Entity = Entity::Retro;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, Value)> {
        vec![
            ("went_well", self.went_well.clone().into()),
            ("went_badly", self.went_badly.clone().into()),
            ("lessons", self.lessons.clone().into()),
            ("article_id", self.article_id.into()),
            ("updated_at", self.updated_at.into()),
        ]
    }
}

/// Links a ticket to a project; false when it already was.
pub fn link_ticket(
    conn: &Conn,
    project_id: i64,
    ticket_id: i64,
    at: i64,
    by: &str,
) -> Result<bool> {
    let n = conn.execute(
        "INSERT INTO project_tickets (project_id, ticket_id, linked_at, linked_by)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![project_id, ticket_id, at, by],
    )?;
    Ok(n > 0)
}

/// Removes a ticket from a project; false when it was not linked.
pub fn unlink_ticket(conn: &Conn, project_id: i64, ticket_id: i64) -> Result<bool> {
    let n = conn.execute(
        "DELETE FROM project_tickets WHERE project_id = ?1 AND ticket_id = ?2",
        params![project_id, ticket_id],
    )?;
    Ok(n > 0)
}

/// A linked ticket: id, title, stage, priority.
pub type LinkedTicket = (i64, String, String, i64);

/// The tickets linked to a project, newest first.
pub fn tickets(conn: &Conn, project_id: i64) -> Result<Vec<LinkedTicket>> {
    conn.query_map(
        "SELECT t.id, t.title, t.stage, t.priority FROM project_tickets l
         JOIN tickets t ON t.id = l.ticket_id WHERE l.project_id = ?1 ORDER BY t.id DESC",
        params![project_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

/// Whether a ticket exists.
pub fn ticket_exists(conn: &Conn, id: i64) -> Result<bool> {
    Ok(conn
        .query_opt("SELECT 1 FROM tickets WHERE id = ?1", params![id], |_| {
            Ok(())
        })?
        .is_some())
}
