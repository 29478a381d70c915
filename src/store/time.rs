//! Time tracking: logged entries, running timers, totals for reports.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Row};
use crate::domain::timelog::{TimeEntry, TimeGroup, TimeTotal, Timer, WorkRef};
use crate::error::{Error, Result};

const SELECT: &str = "SELECT e.id, e.agent_id, a.name, e.ticket_id, e.task_id,
    COALESCE(t.title, k.name), COALESCE(tc.name, pc.name), p.name,
    e.started_at, e.ended_at, e.minutes, e.note, e.created_at, e.updated_at, e.version
    FROM time_entries e
    JOIN agents a ON a.id = e.agent_id
    LEFT JOIN tickets t ON t.id = e.ticket_id
    LEFT JOIN customers tc ON tc.id = t.customer_id
    LEFT JOIN tasks k ON k.id = e.task_id
    LEFT JOIN projects p ON p.id = COALESCE(k.project_id,
        (SELECT min(pt.project_id) FROM project_tickets pt WHERE pt.ticket_id = e.ticket_id))
    LEFT JOIN customers pc ON pc.id = p.customer_id";

/// A ticket's time counts for the (first) project the ticket belongs to.
const PROJECT_JOIN: &str = "LEFT JOIN tasks k ON k.id = e.task_id
    LEFT JOIN projects p ON p.id = COALESCE(k.project_id,
        (SELECT min(pt.project_id) FROM project_tickets pt WHERE pt.ticket_id = e.ticket_id))";

fn work_at(r: &Row<'_>, i: usize) -> Result<WorkRef> {
    WorkRef::from_columns(r.get(i)?, r.get(i + 1)?).ok_or_else(|| {
        crate::store::DbError::decode(i, "neither a ticket nor a task".into()).into()
    })
}

fn entry_row(r: &Row<'_>) -> Result<TimeEntry> {
    Ok(TimeEntry {
        id: r.get(0)?,
        agent_id: r.get(1)?,
        agent: r.get(2)?,
        work: work_at(r, 3)?,
        title: r.get(5)?,
        customer: r.get(6)?,
        project: r.get(7)?,
        started_at: r.get(8)?,
        ended_at: r.get(9)?,
        minutes: r.get(10)?,
        note: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
        version: r.get(14)?,
    })
}

/// Inserts a time entry and returns its id.
pub fn insert(
    conn: &Conn,
    agent_id: i64,
    work: WorkRef,
    started_at: i64,
    minutes: i64,
    note: &str,
    at: i64,
) -> Result<i64> {
    let (ticket, task) = work.columns();
    conn.insert(
        "INSERT INTO time_entries (agent_id, ticket_id, task_id, started_at, ended_at, minutes,
            note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            agent_id,
            ticket,
            task,
            started_at,
            started_at + minutes * 60,
            minutes,
            note,
            at
        ],
    )
}

/// One entry by id.
pub fn get(conn: &Conn, id: i64) -> Result<TimeEntry> {
    conn.query_opt(&format!("{SELECT} WHERE e.id = ?1"), params![id], entry_row)?
        .ok_or_else(|| Error::NotFound {
            what: "time entry",
            key: format!("#{id}"),
            hint: Some("list entries with: aftercare time list".into()),
        })
}

/// Entries started in [since, until) (each bound optional), of one agent or all, newest first.
pub fn list(
    conn: &Conn,
    agent_id: Option<i64>,
    since: Option<i64>,
    until: Option<i64>,
    limit: usize,
) -> Result<Vec<TimeEntry>> {
    conn.query_map(
        &format!(
            "{SELECT} WHERE (e.agent_id = ?1 OR ?1 IS NULL) AND (e.started_at >= ?2 OR ?2 IS NULL)
           AND (e.started_at < ?3 OR ?3 IS NULL)
         ORDER BY e.started_at DESC, e.id DESC LIMIT ?4"
        ),
        params![agent_id, since, until, limit.min(i64::MAX as usize) as i64],
        entry_row,
    )
}

/// A logged entry's new minutes and note; its end follows from its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryEdit {
    pub started_at: i64,
    pub minutes: i64,
    pub note: String,
}

impl Columns for EntryEdit {
    const ENTITY: Entity = Entity::TimeEntry;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, super::Value)> {
        vec![
            ("minutes", self.minutes.into()),
            ("ended_at", (self.started_at + self.minutes * 60).into()),
            ("note", self.note.clone().into()),
            ("updated_at", stamp.at.into()),
        ]
    }
}

/// Total minutes and entries started in [since, until), grouped by agent, customer or project.
pub fn totals(
    conn: &Conn,
    by: TimeGroup,
    since: Option<i64>,
    until: Option<i64>,
) -> Result<Vec<TimeTotal>> {
    let (key, name, joins) = match by {
        TimeGroup::Agent => ("e.agent_id", "a.name", "JOIN agents a ON a.id = e.agent_id"),
        TimeGroup::Customer => (
            "COALESCE(t.customer_id, p.customer_id)",
            "c.name",
            "LEFT JOIN tickets t ON t.id = e.ticket_id
             LEFT JOIN customers c ON c.id = COALESCE(t.customer_id, p.customer_id)",
        ),
        TimeGroup::Project => ("p.id", "p.name", ""),
    };
    let joins = match by {
        TimeGroup::Agent => joins.to_string(),
        _ => format!("{PROJECT_JOIN} {joins}"),
    };
    let sql = format!(
        "SELECT {key}, {name}, sum(e.minutes), count(*) FROM time_entries e {joins}
         WHERE (e.started_at >= ?1 OR ?1 IS NULL) AND (e.started_at < ?2 OR ?2 IS NULL)
         GROUP BY {key}, {name} ORDER BY sum(e.minutes) DESC, {key}"
    );
    conn.query_map(&sql, params![since, until], |r| {
        Ok(TimeTotal {
            id: r.get(0)?,
            name: r.get(1)?,
            minutes: r.get(2)?,
            entries: r.get(3)?,
        })
    })
}

const TIMER_SELECT: &str = "SELECT m.agent_id, a.name, m.ticket_id, m.task_id,
    COALESCE(t.title, k.name), m.started_at, m.note
    FROM timers m JOIN agents a ON a.id = m.agent_id
    LEFT JOIN tickets t ON t.id = m.ticket_id
    LEFT JOIN tasks k ON k.id = m.task_id";

fn timer_row(r: &Row<'_>) -> Result<Timer> {
    Ok(Timer {
        agent_id: r.get(0)?,
        agent: r.get(1)?,
        work: work_at(r, 2)?,
        title: r.get(4)?,
        started_at: r.get(5)?,
        note: r.get(6)?,
    })
}

/// The agent's running timer, if any.
pub fn timer(conn: &Conn, agent_id: i64) -> Result<Option<Timer>> {
    conn.query_opt(
        &format!("{TIMER_SELECT} WHERE m.agent_id = ?1"),
        params![agent_id],
        timer_row,
    )
}

/// Every running timer, by agent name.
pub fn timers(conn: &Conn) -> Result<Vec<Timer>> {
    conn.query_map(
        &format!("{TIMER_SELECT} ORDER BY a.name"),
        params![],
        timer_row,
    )
}

/// Starts a timer (the agent must not have one running).
pub fn start_timer(conn: &Conn, agent_id: i64, work: WorkRef, at: i64, note: &str) -> Result<()> {
    let (ticket, task) = work.columns();
    conn.execute("INSERT INTO timers (agent_id, ticket_id, task_id, started_at, note) VALUES (?1, ?2, ?3, ?4, ?5)", params![agent_id, ticket, task, at, note])?;
    Ok(())
}

/// Removes the agent's timer; returns whether there was one.
pub fn delete_timer(conn: &Conn, agent_id: i64) -> Result<bool> {
    Ok(conn.execute("DELETE FROM timers WHERE agent_id = ?1", params![agent_id])? > 0)
}

/// A ticket someone worked on: (ticket id, assignee id, created_at, resolved_at).
pub type WorkedTicket = (i64, i64, i64, Option<i64>);

/// Tickets with an assignee created in [since, until), newest first (demo data).
pub fn assigned_between(
    conn: &Conn,
    since: i64,
    until: i64,
    limit: usize,
) -> Result<Vec<WorkedTicket>> {
    conn.query_map(
        "SELECT id, assignee_id, created_at, resolved_at FROM tickets
         WHERE assignee_id IS NOT NULL AND created_at >= ?1 AND created_at < ?2
         ORDER BY created_at DESC, id DESC LIMIT ?3",
        params![since, until, limit as i64],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}
