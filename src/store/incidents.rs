//! Incidents (started playbooks) and their checklist steps.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Row, Value};
use crate::domain::playbook::{Incident, IncidentStep};
use crate::error::{Error, Result};

const COLS: &str = "id, playbook, name_en, name_zh, drill, ticket_id, started_at, started_by,
    closed_at, version";

fn from_row(r: &Row<'_>) -> Result<Incident> {
    Ok(Incident {
        id: r.get(0)?,
        playbook: r.get(1)?,
        name_en: r.get(2)?,
        name_zh: r.get(3)?,
        drill: r.get(4)?,
        ticket_id: r.get(5)?,
        started_at: r.get(6)?,
        started_by: r.get(7)?,
        closed_at: r.get(8)?,
        version: r.get(9)?,
        steps: Vec::new(),
    })
}

/// Inserts an incident with its steps; returns its id.
pub fn insert(conn: &Conn, i: &Incident) -> Result<i64> {
    let id = conn.insert("INSERT INTO incidents (playbook, name_en, name_zh, drill, ticket_id, started_at, started_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", params![
        i.playbook,
        i.name_en,
        i.name_zh,
        i.drill,
        i.ticket_id,
        i.started_at,
        i.started_by
    ])?;
    for s in &i.steps {
        conn.execute(
            "INSERT INTO incident_steps (incident_id, step_no, title_en, title_zh, role, person,
                limit_minutes, due_at, done_at, done_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                s.no,
                s.title_en,
                s.title_zh,
                s.role,
                s.person,
                s.limit_minutes,
                s.due_at,
                s.done_at,
                s.done_by
            ],
        )?;
    }
    Ok(id)
}

fn steps(conn: &Conn, id: i64) -> Result<Vec<IncidentStep>> {
    conn.query_map(
        "SELECT step_no, title_en, title_zh, role, person, limit_minutes, due_at, done_at, done_by
         FROM incident_steps WHERE incident_id = ?1 ORDER BY step_no",
        params![id],
        |r| {
            Ok(IncidentStep {
                no: r.get(0)?,
                title_en: r.get(1)?,
                title_zh: r.get(2)?,
                role: r.get(3)?,
                person: r.get(4)?,
                limit_minutes: r.get(5)?,
                due_at: r.get(6)?,
                done_at: r.get(7)?,
                done_by: r.get(8)?,
            })
        },
    )
}

/// One incident with its steps.
pub fn get(conn: &Conn, id: i64) -> Result<Incident> {
    let mut i = conn
        .query_opt(
            &format!("SELECT {COLS} FROM incidents WHERE id = ?1"),
            params![id],
            from_row,
        )?
        .ok_or_else(|| Error::NotFound {
            what: "incident",
            key: format!("#{id}"),
            hint: Some("list incidents with: aftercare playbook status".into()),
        })?;
    i.steps = steps(conn, id)?;
    Ok(i)
}

/// Incidents with their steps, newest first: the active ones only, or all.
pub fn list(conn: &Conn, active_only: bool, limit: usize) -> Result<Vec<Incident>> {
    let mut out = conn.query_map(
        &format!(
            "SELECT {COLS} FROM incidents WHERE ?1 = 0 OR closed_at IS NULL ORDER BY id DESC LIMIT ?2"
        ),
        params![active_only, limit as i64],
        from_row,
    )?;
    for i in &mut out {
        i.steps = steps(conn, i.id)?;
    }
    Ok(out)
}

/// Marks a step done (`Some(at, by)`) or not done (`None`).
pub fn set_step(conn: &Conn, id: i64, no: i64, done: Option<(i64, &str)>) -> Result<()> {
    let (at, by) = match done {
        Some((at, by)) => (Some(at), Some(by)),
        None => (None, None),
    };
    conn.execute("UPDATE incident_steps SET done_at = ?3, done_by = ?4 WHERE incident_id = ?1 AND step_no = ?2", params![id, no, at, by])?;
    Ok(())
}

/// When an incident closed (`None` reopens it): the update of ticking off its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed(pub Option<i64>);

impl Columns for Closed {
    const ENTITY: Entity = Entity::Incident;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, Value)> {
        vec![("closed_at", self.0.into())]
    }
}
