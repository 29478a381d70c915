//! The reads behind the dashboard (`report::dashboard`): a few range scans that
//! each read rows once, in index order, and hand every row to the caller while it
//! is still borrowed from SQLite (no copy per row: a month of a million-ticket
//! database is a few hundred thousand rows).

use super::Conn;
use crate::error::Result;
use rusqlite::params;
use rusqlite::types::ValueRef;

/// A ticket created in the scanned range, borrowed for the length of the callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CreatedRow<'a> {
    pub id: i64,
    pub created_at: i64,
    pub title: &'a str,
    pub ty: &'a str,
    pub channel: &'a str,
    pub group: Option<&'a str>,
    pub stage: &'a str,
    pub assignee_id: Option<i64>,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_due: Option<i64>,
}

fn text<'a>(v: ValueRef<'a>) -> &'a str {
    match v {
        ValueRef::Text(b) => std::str::from_utf8(b).unwrap_or(""),
        _ => "",
    }
}

fn opt_text<'a>(v: ValueRef<'a>) -> Option<&'a str> {
    match v {
        ValueRef::Null => None,
        v => Some(text(v)),
    }
}

fn int(v: ValueRef<'_>) -> i64 {
    v.as_i64().unwrap_or(0)
}

fn opt_int(v: ValueRef<'_>) -> Option<i64> {
    v.as_i64_or_null().ok().flatten()
}

/// Calls `f` with every ticket created in `[since, until)`, oldest first (through
/// `tickets_created`; the rows of a period lie together, a short sequential walk).
pub fn scan_created(
    conn: &Conn,
    since: i64,
    until: i64,
    f: &mut dyn FnMut(&CreatedRow<'_>),
) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT t.id, t.created_at, t.title, t.type, t.channel, t.group_id, t.stage,
                t.assignee_id, t.first_response_at, t.first_response_due, t.resolved_at,
                t.resolution_due
         FROM tickets t INDEXED BY tickets_created
         WHERE t.created_at >= ?1 AND t.created_at < ?2 ORDER BY t.created_at, t.id",
    )?;
    let mut rows = st.query(params![since, until])?;
    while let Some(r) = rows.next()? {
        f(&CreatedRow {
            id: int(r.get_ref(0)?),
            created_at: int(r.get_ref(1)?),
            title: text(r.get_ref(2)?),
            ty: text(r.get_ref(3)?),
            channel: text(r.get_ref(4)?),
            group: opt_text(r.get_ref(5)?),
            stage: text(r.get_ref(6)?),
            assignee_id: opt_int(r.get_ref(7)?),
            first_response_at: opt_int(r.get_ref(8)?),
            first_response_due: opt_int(r.get_ref(9)?),
            resolved_at: opt_int(r.get_ref(10)?),
            resolution_due: opt_int(r.get_ref(11)?),
        });
    }
    Ok(())
}

/// A ticket with a resolution time, as the backlog and the agent table see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedRow<'a> {
    pub resolved_at: i64,
    pub created_at: i64,
    pub ty: &'a str,
    pub channel: &'a str,
    pub group: Option<&'a str>,
    pub assignee_id: Option<i64>,
}

/// Calls `f` with every ticket resolved at or after `since` (whenever created),
/// through the covering index of resolution times (migration 008).
pub fn scan_resolved(conn: &Conn, since: i64, f: &mut dyn FnMut(&ResolvedRow<'_>)) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT resolved_at, created_at, type, channel, group_id, assignee_id
         FROM tickets INDEXED BY tickets_resolved
         WHERE resolved_at IS NOT NULL AND resolved_at >= ?1",
    )?;
    let mut rows = st.query([since])?;
    while let Some(r) = rows.next()? {
        f(&ResolvedRow {
            resolved_at: int(r.get_ref(0)?),
            created_at: int(r.get_ref(1)?),
            ty: text(r.get_ref(2)?),
            channel: text(r.get_ref(3)?),
            group: opt_text(r.get_ref(4)?),
            assignee_id: opt_int(r.get_ref(5)?),
        });
    }
    Ok(())
}

/// A ticket never resolved (or reopened): the backlog.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnresolvedRow<'a> {
    pub created_at: i64,
    pub ty: &'a str,
    pub channel: &'a str,
    pub group: Option<&'a str>,
    pub stage: &'a str,
    pub resolution_due: Option<i64>,
}

/// Calls `f` with every ticket without a resolution time, through the partial index
/// of open tickets (migration 007): a few days of intake, not the history.
pub fn scan_unresolved(conn: &Conn, f: &mut dyn FnMut(&UnresolvedRow<'_>)) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT created_at, type, channel, group_id, stage, resolution_due
         FROM tickets INDEXED BY tickets_open_due WHERE resolved_at IS NULL",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        f(&UnresolvedRow {
            created_at: int(r.get_ref(0)?),
            ty: text(r.get_ref(1)?),
            channel: text(r.get_ref(2)?),
            group: opt_text(r.get_ref(3)?),
            stage: text(r.get_ref(4)?),
            resolution_due: opt_int(r.get_ref(5)?),
        });
    }
    Ok(())
}

/// Calls `f(ticket id, when, old stage, new stage)` with the stage changes of the
/// tickets with ids in `[lo, hi]`, per ticket in the order they were written.
pub fn scan_moves(
    conn: &Conn,
    lo: i64,
    hi: i64,
    f: &mut dyn FnMut(i64, i64, Option<&str>, &str),
) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT entity_id, at, old, new FROM audit INDEXED BY audit_stage_ticket
         WHERE entity = 'ticket' AND field = 'stage' AND entity_id BETWEEN ?1 AND ?2
           AND new IS NOT NULL
         ORDER BY entity_id, id",
    )?;
    let mut rows = st.query(params![lo, hi])?;
    while let Some(r) = rows.next()? {
        f(
            int(r.get_ref(0)?),
            int(r.get_ref(1)?),
            opt_text(r.get_ref(2)?),
            text(r.get_ref(3)?),
        );
    }
    Ok(())
}

/// Satisfaction scores of the tickets with ids in `[lo, hi]`: (ticket id, score).
pub fn scores(conn: &Conn, lo: i64, hi: i64) -> Result<Vec<(i64, u8)>> {
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
