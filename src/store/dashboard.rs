//! The reads behind the dashboard (`report::dashboard`): a few range scans that
//! each read rows once, in index order, so a month of a million-ticket database is
//! read in tens of milliseconds. Everything is counted in Rust from these rows.

use super::Conn;
use crate::error::Result;
use rusqlite::params;
use std::collections::HashMap;

/// A ticket created in the scanned range, with what the dashboard counts.
#[derive(Debug, Clone, PartialEq)]
pub struct DashTicket {
    pub id: i64,
    pub created_at: i64,
    pub title: String,
    pub ty: String,
    pub channel: String,
    pub group: Option<String>,
    pub stage: String,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
}

/// Tickets created in `[since, until)`, oldest first (through `tickets_created`; the
/// rows of a period lie together, so reading them is a short sequential walk).
pub fn tickets_created(conn: &Conn, since: i64, until: i64) -> Result<Vec<DashTicket>> {
    let mut st = conn.prepare_cached(
        "SELECT t.id, t.created_at, t.title, t.type, t.channel, t.group_id, t.stage,
                t.assignee_id, t.first_response_at, t.first_response_due, t.resolved_at,
                t.resolution_due
         FROM tickets t INDEXED BY tickets_created
         WHERE t.created_at >= ?1 AND t.created_at < ?2 ORDER BY t.created_at, t.id",
    )?;
    let rows = st.query_map(params![since, until], |r| {
        Ok(DashTicket {
            id: r.get(0)?,
            created_at: r.get(1)?,
            title: r.get(2)?,
            ty: r.get(3)?,
            channel: r.get(4)?,
            group: r.get(5)?,
            stage: r.get(6)?,
            assignee_id: r.get(7)?,
            first_response_at: r.get(8)?,
            first_response_due: r.get(9)?,
            resolved_at: r.get(10)?,
            resolution_due: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A ticket with a resolution time, as the backlog and the agent table see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub resolved_at: i64,
    pub created_at: i64,
    pub ty: String,
    pub channel: String,
    pub group: Option<String>,
    pub assignee_id: Option<i64>,
}

/// Tickets resolved at or after `since` (whenever created), through the covering
/// index of resolution times (migration 008).
pub fn resolved_since(conn: &Conn, since: i64) -> Result<Vec<Resolved>> {
    let mut st = conn.prepare_cached(
        "SELECT resolved_at, created_at, type, channel, group_id, assignee_id
         FROM tickets INDEXED BY tickets_resolved
         WHERE resolved_at IS NOT NULL AND resolved_at >= ?1",
    )?;
    let rows = st.query_map([since], |r| {
        Ok(Resolved {
            resolved_at: r.get(0)?,
            created_at: r.get(1)?,
            ty: r.get(2)?,
            channel: r.get(3)?,
            group: r.get(4)?,
            assignee_id: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A ticket never resolved (or reopened): the backlog.
#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    pub created_at: i64,
    pub ty: String,
    pub channel: String,
    pub group: Option<String>,
    pub stage: String,
    pub resolution_due: Option<i64>,
}

/// Every ticket without a resolution time, through the partial index of open
/// tickets (migration 007): a few days of intake, not the history.
pub fn unresolved(conn: &Conn) -> Result<Vec<Unresolved>> {
    let mut st = conn.prepare_cached(
        "SELECT created_at, type, channel, group_id, stage, resolution_due
         FROM tickets INDEXED BY tickets_open_due WHERE resolved_at IS NULL",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Unresolved {
            created_at: r.get(0)?,
            ty: r.get(1)?,
            channel: r.get(2)?,
            group: r.get(3)?,
            stage: r.get(4)?,
            resolution_due: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stage changes of the tickets with ids in `[lo, hi]`, per ticket in the order
/// they were written: (when, old stage, new stage).
pub fn stage_moves(
    conn: &Conn,
    lo: i64,
    hi: i64,
) -> Result<HashMap<i64, Vec<(i64, Option<String>, String)>>> {
    let mut st = conn.prepare_cached(
        "SELECT entity_id, at, old, new FROM audit INDEXED BY audit_stage_ticket
         WHERE entity = 'ticket' AND field = 'stage' AND entity_id BETWEEN ?1 AND ?2
           AND new IS NOT NULL
         ORDER BY entity_id, id",
    )?;
    let mut rows = st.query(params![lo, hi])?;
    let mut out: HashMap<i64, Vec<(i64, Option<String>, String)>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?)
            .or_default()
            .push((r.get(1)?, r.get(2)?, r.get(3)?));
    }
    Ok(out)
}

/// Satisfaction scores of the tickets with ids in `[lo, hi]`.
pub fn scores(conn: &Conn, lo: i64, hi: i64) -> Result<HashMap<i64, u8>> {
    let mut st =
        conn.prepare_cached("SELECT ticket_id, score FROM csat WHERE ticket_id BETWEEN ?1 AND ?2")?;
    let rows = st.query_map(params![lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Tags of the tickets with ids in `[lo, hi]`: (ticket id, tag).
pub fn tags(conn: &Conn, lo: i64, hi: i64) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached(
        "SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id BETWEEN ?1 AND ?2",
    )?;
    let rows = st.query_map(params![lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
