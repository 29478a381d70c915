//! Agents: the people who work tickets and tasks.

use super::{dyn_params, params, Conn, Row, Value};
use crate::domain::records::Agent;
use crate::error::{Error, Result};

const COLS: &str = "id, name, email, groups, skills, capacity_hours, active, created_at, version";

fn split(s: String) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn from_row(r: &Row<'_>) -> Result<Agent> {
    Ok(Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        groups: split(r.get(3)?),
        skills: split(r.get(4)?),
        capacity_hours: r.get(5)?,
        active: r.get(6)?,
        created_at: r.get(7)?,
        version: r.get(8)?,
        open_tickets: 0,
    })
}

/// Inserts an agent (its `id` is used when positive) and returns the id.
pub fn insert(conn: &Conn, a: &Agent) -> Result<i64> {
    conn.insert("INSERT INTO agents (id, name, email, groups, skills, capacity_hours, active, created_at, updated_at, version, sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)", params![
        (a.id > 0).then_some(a.id),
        a.name,
        a.email,
        a.groups.join(","),
        a.skills.join(","),
        a.capacity_hours,
        a.active,
        a.created_at,
        a.version.max(1),
        crate::domain::collate::name_key(&a.name)
    ])
}

/// One agent by id.
pub fn get(conn: &Conn, id: i64) -> Result<Agent> {
    conn.query_opt(
        &format!("SELECT {COLS} FROM agents WHERE id = ?1"),
        params![id],
        from_row,
    )?
    .ok_or_else(|| Error::not_found("agent", format!("#{id}")))
}

/// The agent with this name (exact, then case-insensitive), if any.
pub fn by_name(conn: &Conn, name: &str) -> Result<Option<Agent>> {
    conn.query_opt(
        &format!(
            "SELECT {COLS} FROM agents WHERE name = ?1 OR {}
             ORDER BY name = ?1 DESC LIMIT 1",
            conn.nocase_eq("name", 1)
        ),
        params![name],
        from_row,
    )
}

/// Every agent with the number of tickets assigned in `active_stages`, by name.
pub fn list(conn: &Conn, active_stages: &[String]) -> Result<Vec<Agent>> {
    let marks: Vec<String> = (1..=active_stages.len()).map(|i| format!("?{i}")).collect();
    let in_stages = if marks.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("t.stage IN ({})", marks.join(", "))
    };
    let sql = format!(
        "SELECT {COLS}, (SELECT count(*) FROM tickets t WHERE t.assignee_id = agents.id AND {in_stages})
         FROM agents ORDER BY name"
    );
    let vals: Vec<Value> = active_stages
        .iter()
        .map(|s| Value::Text(s.clone()))
        .collect();
    conn.query_map(&sql, &dyn_params(&vals), |r| {
        let mut a = from_row(r)?;
        a.open_tickets = r.get(9)?;
        Ok(a)
    })
}
