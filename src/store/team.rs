//! Team data beyond the agents table's first columns: working days, out-of-office
//! periods, agent updates, the open work behind the load, round-robin turns.

use super::write::{Columns, Entity, Stamp};
use super::{dyn_params, params, Conn, Row, Value};
use crate::domain::records::Task;
use crate::domain::team::Ooo;
use crate::domain::ticket::{Channel, Priority, Ticket};
use crate::error::Result;
use chrono::NaiveDate;

/// The agent's working weekdays as stored (`mon,tue,…`; empty follows the team calendar).
pub fn workdays(conn: &Conn, agent_id: i64) -> Result<String> {
    Ok(conn
        .query_opt(
            "SELECT workdays FROM agents WHERE id = ?1",
            params![agent_id],
            |r| r.get(0),
        )?
        .unwrap_or_default())
}

/// Every agent's working weekdays: (agent id, text).
pub fn all_workdays(conn: &Conn) -> Result<Vec<(i64, String)>> {
    conn.query_map(
        "SELECT id, workdays FROM agents ORDER BY id",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

fn ooo_row(r: &Row<'_>) -> Result<Ooo> {
    Ok(Ooo {
        id: r.get(0)?,
        agent_id: r.get(1)?,
        start: r.get(2)?,
        end: r.get(3)?,
        note: r.get(4)?,
    })
}

/// Out-of-office periods ending on or after `from` (of one agent, or of all), by start.
pub fn ooo(conn: &Conn, agent_id: Option<i64>, from: NaiveDate) -> Result<Vec<Ooo>> {
    conn.query_map(
        "SELECT id, agent_id, start_on, end_on, note FROM agent_ooo
         WHERE end_on >= ?1 AND (agent_id = ?2 OR ?2 IS NULL) ORDER BY agent_id, start_on, id",
        params![from, agent_id],
        ooo_row,
    )
}

/// Adds an out-of-office period and returns its id.
pub fn insert_ooo(
    conn: &Conn,
    agent_id: i64,
    start: NaiveDate,
    end: NaiveDate,
    note: &str,
    at: i64,
) -> Result<i64> {
    conn.insert(
        "INSERT INTO agent_ooo (agent_id, start_on, end_on, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![agent_id, start, end, note, at],
    )
}

/// Removes every out-of-office period of an agent; returns how many there were.
pub fn clear_ooo(conn: &Conn, agent_id: i64) -> Result<usize> {
    conn.execute(
        "DELETE FROM agent_ooo WHERE agent_id = ?1",
        params![agent_id],
    )
}

/// Agent columns an edit may set; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentUpdate {
    pub email: Option<Option<String>>,
    pub groups: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
    pub capacity_hours: Option<f64>,
    pub workdays: Option<String>,
    pub active: Option<bool>,
}

/// An empty update still bumps the version (an out-of-office change is an edit too).
impl Columns for AgentUpdate {
    const ENTITY: Entity = Entity::Agent;

    fn columns(&self, stamp: &Stamp) -> Vec<(&'static str, super::Value)> {
        let mut out: Vec<(&'static str, super::Value)> = vec![("updated_at", stamp.at.into())];
        if let Some(e) = &self.email {
            out.push(("email", e.clone().into()));
        }
        if let Some(g) = &self.groups {
            out.push(("groups", g.join(",").into()));
        }
        if let Some(s) = &self.skills {
            out.push(("skills", s.join(",").into()));
        }
        if let Some(c) = self.capacity_hours {
            out.push(("capacity_hours", c.into()));
        }
        if let Some(w) = &self.workdays {
            out.push(("workdays", w.clone().into()));
        }
        if let Some(a) = self.active {
            out.push(("active", a.into()));
        }
        out
    }
}

/// Open tickets (in `stages`) that have an assignee, without their body: the ticket load.
pub fn assigned_open(conn: &Conn, stages: &[String]) -> Result<Vec<Ticket>> {
    if stages.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=stages.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "SELECT t.id, t.title, t.stage, t.type, t.priority, t.customer_id, t.assignee_id,
            a.name, t.created_at, t.updated_at, t.updated_by, t.first_response_at,
            t.first_response_due, t.resolution_due, t.version
         FROM tickets t JOIN agents a ON a.id = t.assignee_id
         WHERE t.stage IN ({}) ORDER BY t.assignee_id, t.id",
        marks.join(", ")
    );
    let vals: Vec<Value> = stages.iter().map(|s| Value::Text(s.clone())).collect();
    conn.query_map(&sql, &dyn_params(&vals), |r| {
        let prio: i64 = r.get(4)?;
        Ok(Ticket {
            id: r.get(0)?,
            title: r.get(1)?,
            body: String::new(),
            stage: r.get(2)?,
            ty: r.get(3)?,
            priority: Priority::from_rank(prio).unwrap_or(Priority::Normal),
            channel: Channel::Other,
            customer_id: r.get(5)?,
            customer: None,
            assignee_id: r.get(6)?,
            assignee: r.get(7)?,
            created_at: r.get(8)?,
            updated_at: r.get(9)?,
            updated_by: r.get(10)?,
            first_response_at: r.get(11)?,
            resolved_at: None,
            closed_at: None,
            first_response_due: r.get(12)?,
            resolution_due: r.get(13)?,
            next_due: None,
            version: r.get(14)?,
        })
    })
}

/// Tasks with an owner that are not done, in projects still running: the task load.
pub fn open_tasks(conn: &Conn) -> Result<Vec<Task>> {
    conn.query_map(&format!(
            "SELECT {} FROM tasks t JOIN agents a ON a.id = t.owner_id JOIN projects p ON p.id = t.project_id
         WHERE t.status <> 'done' AND t.percent_done < 100
           AND p.status NOT IN ('on_hold', 'accepted', 'closed')
         ORDER BY t.owner_id, t.id",
            super::project_work::TASK_COLS
        ), params![], super::project_work::task_row)
}

/// Whether a task exists.
pub fn task_exists(conn: &Conn, id: i64) -> Result<bool> {
    Ok(conn
        .query_opt("SELECT 1 FROM tasks WHERE id = ?1", params![id], |_| Ok(()))?
        .is_some())
}

/// The agent who took the last turn in a round-robin group.
pub fn round_robin_last(conn: &Conn, group: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_opt(
            "SELECT last_agent_id FROM round_robin WHERE group_name = ?1",
            params![group],
            |r| r.get(0),
        )?
        .flatten())
}

/// Records whose turn it was in a round-robin group.
pub fn set_round_robin(conn: &Conn, group: &str, agent_id: i64, at: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO round_robin (group_name, last_agent_id, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(group_name) DO UPDATE SET last_agent_id = ?2, updated_at = ?3",
        params![group, agent_id, at],
    )?;
    Ok(())
}

/// A ticket's routing group and tags (schema 004, intake and routing). Empty while
/// that migration is not part of the schema, so the team features work without it.
pub fn ticket_group_and_tags(conn: &Conn, id: i64) -> Result<(Option<String>, Vec<String>)> {
    // Every PostgreSQL database has the whole schema.
    if conn.engine() == super::Engine::Sqlite {
        let has_groups: i64 = conn.one(
            "SELECT count(*) FROM pragma_table_info('tickets') WHERE name = 'group_id'",
            params![],
        )?;
        if has_groups == 0 {
            return Ok((None, Vec::new()));
        }
    }
    let group: Option<String> = conn
        .query_opt(
            "SELECT group_id FROM tickets WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?
        .flatten();
    let tags = conn.query_map(
        "SELECT tag FROM ticket_tags WHERE ticket_id = ?1 ORDER BY tag",
        params![id],
        |r| r.get(0),
    )?;
    Ok((group, tags))
}

/// Ticket counts and time sums of one assignee (or of unassigned tickets) for a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PerfRow {
    pub assignee_id: Option<i64>,
    /// Tickets created in the period.
    pub received: i64,
    /// Of those, tickets resolved by now.
    pub received_resolved: i64,
    /// Tickets resolved in the period.
    pub handled: i64,
    /// Sum and count of (first response − creation) over received tickets with a response.
    pub first_response_secs: i64,
    pub first_responses: i64,
    /// Sum of (resolution − creation) over handled tickets.
    pub resolution_secs: i64,
    /// Sum and count of satisfaction scores (1–5) of received tickets.
    pub csat_sum: i64,
    pub csat_rated: i64,
}

/// Per assignee (`?1`, NULL for the unassigned): the tickets received in the
/// period, from a range of their covering index (migration 011).
pub(in crate::store) const RECEIVED: &str = "
    SELECT count(*), count(t.resolved_at), total(t.first_response_at - t.created_at),
           count(t.first_response_at), total(s.score), count(s.score)
    FROM tickets t INDEXED BY tickets_assignee_created
    LEFT JOIN csat s ON s.ticket_id = t.id
    WHERE t.assignee_id IS ?1 AND t.created_at >= ?2 AND t.created_at < ?3";

/// Per assignee: the tickets handled (resolved) in the period.
pub(in crate::store) const HANDLED: &str = "
    SELECT count(*), total(t.resolved_at - t.created_at)
    FROM tickets t INDEXED BY tickets_assignee_resolved
    WHERE t.assignee_id IS ?1 AND t.resolved_at >= ?2 AND t.resolved_at < ?3";

/// `RECEIVED` on PostgreSQL: `IS NOT DISTINCT FROM` for SQLite's `IS`, and a sum
/// that is 0 over no rows for SQLite's `total`.
const RECEIVED_PG: &str = "
    SELECT count(*), count(t.resolved_at), COALESCE(sum(t.first_response_at - t.created_at), 0),
           count(t.first_response_at), COALESCE(sum(s.score), 0), count(s.score)
    FROM tickets t
    LEFT JOIN csat s ON s.ticket_id = t.id
    WHERE t.assignee_id IS NOT DISTINCT FROM ?1 AND t.created_at >= ?2 AND t.created_at < ?3";

/// `HANDLED` on PostgreSQL.
const HANDLED_PG: &str = "
    SELECT count(*), COALESCE(sum(t.resolved_at - t.created_at), 0)
    FROM tickets t
    WHERE t.assignee_id IS NOT DISTINCT FROM ?1 AND t.resolved_at >= ?2 AND t.resolved_at < ?3";

/// Per assignee: tickets received, resolved and handled in [since, until) and the
/// sums behind mean first-response and resolution times and the mean satisfaction
/// score (of the tickets received, as `report csat` counts them).
///
/// Two index ranges per agent: an OR of the two periods walked every ticket, and
/// grouping the period's tickets sorted them all.
pub fn performance(conn: &Conn, since: i64, until: i64) -> Result<Vec<PerfRow>> {
    let mut who: Vec<Option<i64>> =
        conn.query_map("SELECT id FROM agents ORDER BY id", params![], |r| r.get(0))?;
    who.push(None);
    let (received, handled) = match conn.engine() {
        super::Engine::Sqlite => (RECEIVED, HANDLED),
        super::Engine::Postgres => (RECEIVED_PG, HANDLED_PG),
    };
    let mut out = Vec::new();
    for a in who {
        let mut row = conn.query_row(received, params![a, since, until], |r| {
            Ok(PerfRow {
                assignee_id: a,
                received: r.get(0)?,
                received_resolved: r.get(1)?,
                first_response_secs: r.get::<f64>(2)? as i64,
                first_responses: r.get(3)?,
                csat_sum: r.get::<f64>(4)? as i64,
                csat_rated: r.get(5)?,
                ..Default::default()
            })
        })?;
        (row.handled, row.resolution_secs) =
            conn.query_row(handled, params![a, since, until], |r| {
                Ok((r.get(0)?, r.get::<f64>(1)? as i64))
            })?;
        if row.received > 0 || row.handled > 0 {
            out.push(row);
        }
    }
    Ok(out)
}
