//! Incidents (started playbooks) and their checklist steps.

use super::write::{Columns, Entity, Stamp};
use super::{Conn, Value};
use crate::domain::playbook::{Incident, IncidentStep};
use crate::error::{Error, Result};
use rusqlite::{params, OptionalExtension, Row};

const COLS: &str = "id, playbook, name_en, name_zh, drill, ticket_id, started_at, started_by,
    closed_at, version";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Incident> {
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
    conn.prepare_cached(
        "INSERT INTO incidents (playbook, name_en, name_zh, drill, ticket_id, started_at, started_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        i.playbook,
        i.name_en,
        i.name_zh,
        i.drill,
        i.ticket_id,
        i.started_at,
        i.started_by
    ])?;
    let id = conn.last_insert_rowid();
    let mut st = conn.prepare_cached(
        "INSERT INTO incident_steps (incident_id, step_no, title_en, title_zh, role, person,
            limit_minutes, due_at, done_at, done_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for s in &i.steps {
        st.execute(params![
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
        ])?;
    }
    Ok(id)
}

fn steps(conn: &Conn, id: i64) -> Result<Vec<IncidentStep>> {
    let mut st = conn.prepare_cached(
        "SELECT step_no, title_en, title_zh, role, person, limit_minutes, due_at, done_at, done_by
         FROM incident_steps WHERE incident_id = ?1 ORDER BY step_no",
    )?;
    let rows = st.query_map([id], |r| {
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
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One incident with its steps.
pub fn get(conn: &Conn, id: i64) -> Result<Incident> {
    let mut i = conn
        .prepare_cached(&format!("SELECT {COLS} FROM incidents WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
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
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM incidents WHERE NOT ?1 OR closed_at IS NULL ORDER BY id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![active_only, limit as i64], from_row)?;
    let mut out: Vec<Incident> = rows.collect::<rusqlite::Result<_>>()?;
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
    conn.prepare_cached(
        "UPDATE incident_steps SET done_at = ?3, done_by = ?4 WHERE incident_id = ?1 AND step_no = ?2",
    )?
    .execute(params![id, no, at, by])?;
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
