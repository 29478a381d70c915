//! The reads behind the service reports: tickets created in a period, their stage
//! changes and scores, and the stage visits that ended in a period.

use super::service::SlaRow;
use super::{params, Conn};
use crate::domain::sla_engine::{SlaFacts, StageChange};
use crate::domain::ticket::{Channel, Priority};
use crate::error::Result;
use std::collections::HashMap;

/// A ticket as the reports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTicket {
    pub id: i64,
    pub title: String,
    pub created_at: i64,
    pub ty: String,
    pub priority: Priority,
    pub channel: Channel,
    pub stage: String,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
}

impl SlaFacts for ReportTicket {
    fn created_at(&self) -> i64 {
        self.created_at
    }
    fn ty(&self) -> &str {
        &self.ty
    }
    fn priority(&self) -> Priority {
        self.priority
    }
    fn stage(&self) -> &str {
        &self.stage
    }
    fn first_response_at(&self) -> Option<i64> {
        self.first_response_at
    }
}

/// Tickets created in `[since, until)`, oldest first.
pub fn tickets_created(conn: &Conn, since: i64, until: i64) -> Result<Vec<ReportTicket>> {
    conn.query_map(
        "SELECT t.id, t.title, t.created_at, t.type, t.priority, t.channel, t.stage,
                t.assignee_id, a.name, t.first_response_at, t.resolved_at
         FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
         WHERE t.created_at >= ?1 AND t.created_at < ?2 ORDER BY t.created_at, t.id",
        params![since, until],
        |r| {
            let chan: String = r.get(5)?;
            Ok(ReportTicket {
                id: r.get(0)?,
                title: r.get(1)?,
                created_at: r.get(2)?,
                ty: r.get(3)?,
                priority: Priority::from_rank(r.get(4)?).unwrap_or(Priority::Normal),
                channel: chan.parse().unwrap_or(Channel::Other),
                stage: r.get(6)?,
                assignee_id: r.get(7)?,
                assignee: r.get(8)?,
                first_response_at: r.get(9)?,
                resolved_at: r.get(10)?,
            })
        },
    )
}

/// The statement behind `for_each_created`: each ticket with its stage changes,
/// in one ordered walk (tickets by creation time, then their changes from the
/// stage-event index, already in order): no sort, no map of every ticket's events.
pub(in crate::store) const CREATED_WITH_CHANGES: &str =
    "SELECT t.id, t.created_at, t.type, t.priority, t.stage, t.first_response_at,
            a.at, a.old, a.new
     FROM tickets t INDEXED BY tickets_created
     LEFT JOIN audit a INDEXED BY audit_stage_ticket
         ON a.entity = 'ticket' AND a.field = 'stage' AND a.entity_id = t.id AND a.new IS NOT NULL
     WHERE t.created_at >= ?1 AND t.created_at < ?2
     ORDER BY t.created_at, t.id, a.id";

/// Calls `f` with each ticket created in `[since, until)` and its stage changes,
/// oldest first.
pub fn for_each_created(
    conn: &Conn,
    since: i64,
    until: i64,
    f: &mut dyn FnMut(&SlaRow, &[StageChange]),
) -> Result<()> {
    let mut cur: Option<SlaRow> = None;
    let mut changes: Vec<StageChange> = Vec::new();
    conn.query_each(CREATED_WITH_CHANGES, params![since, until], |r| {
        let id: i64 = r.get(0)?;
        if cur.as_ref().map(|t| t.id) != Some(id) {
            if let Some(t) = cur.take() {
                f(&t, &changes);
            }
            changes.clear();
            cur = Some(SlaRow {
                id,
                created_at: r.get(1)?,
                ty: r.get(2)?,
                priority: Priority::from_rank(r.get(3)?).unwrap_or(Priority::Normal),
                stage: r.get(4)?,
                first_response_at: r.get(5)?,
            });
        }
        if let Some(at) = r.get::<Option<i64>>(6)? {
            changes.push(StageChange {
                at,
                from: r.get(7)?,
                to: r.get(8)?,
            });
        }
        Ok(())
    })?;
    if let Some(t) = cur {
        f(&t, &changes);
    }
    Ok(())
}

/// A ticket's stored SLA outcome, as `report sla` counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow<'a> {
    pub id: i64,
    pub priority: Priority,
    pub ty: &'a str,
    /// `sla_engine::pack`ed; `None` when not computed yet.
    pub outcome: Option<i64>,
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
}

/// The statement behind `for_each_outcome`: a range of the covering index of
/// outcomes (migration 017), no table row read.
pub(in crate::store) const OUTCOMES: &str =
    "SELECT id, priority, type, sla_outcome, first_response_due, resolution_due
     FROM tickets INDEXED BY tickets_sla_outcome
     WHERE created_at >= ?1 AND created_at < ?2";

/// Calls `f` with the stored SLA outcome of each ticket created in `[since, until)`.
pub fn for_each_outcome(
    conn: &Conn,
    since: i64,
    until: i64,
    f: &mut dyn FnMut(&OutcomeRow<'_>),
) -> Result<()> {
    let pg = OUTCOMES.replace("INDEXED BY tickets_sla_outcome", "");
    conn.query_each(conn.pick(OUTCOMES, &pg), params![since, until], |r| {
        let ty = match r.arg(2)? {
            super::Arg::Text(s) => s,
            _ => "",
        };
        let int = |i: usize| -> Result<Option<i64>> {
            Ok(match r.arg(i)? {
                super::Arg::Int(v) => Some(v),
                _ => None,
            })
        };
        f(&OutcomeRow {
            id: int(0)?.unwrap_or(0),
            priority: Priority::from_rank(int(1)?.unwrap_or(0)).unwrap_or(Priority::Normal),
            ty,
            outcome: int(3)?,
            first_response_due: int(4)?,
            resolution_due: int(5)?,
        });
        Ok(())
    })?;
    Ok(())
}

/// The given tickets with their stage changes, in id order (the ones whose outcome
/// is not stored yet).
pub fn with_changes(
    conn: &Conn,
    ids: &[i64],
    f: &mut dyn FnMut(&SlaRow, &[StageChange]),
) -> Result<()> {
    for chunk in ids.chunks(500) {
        let rows = super::service::sla_rows_of(conn, chunk)?;
        let events = super::service::stage_events_of(conn, chunk)?;
        for t in &rows {
            f(t, events.get(&t.id).map(Vec::as_slice).unwrap_or(&[]));
        }
    }
    Ok(())
}

/// The stored outcomes of the tickets with ids in `[lo, hi]` (`None`: not computed).
pub fn stored_outcomes(conn: &Conn, lo: i64, hi: i64) -> Result<HashMap<i64, Option<i64>>> {
    let rows: Vec<(i64, Option<i64>)> = conn.query_map(
        "SELECT id, sla_outcome FROM tickets WHERE id BETWEEN ?1 AND ?2",
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.into_iter().collect())
}

/// Stores a ticket's outcome alone (a rebuild; the write path stores it with the
/// due columns, `service::set_sla`).
pub fn set_outcome(conn: &Conn, id: i64, code: i64) -> Result<()> {
    conn.execute(
        "UPDATE tickets SET sla_outcome = ?2 WHERE id = ?1",
        params![id, code],
    )?;
    Ok(())
}

/// Whether the database holds at most `n` tickets.
pub fn at_most_tickets(conn: &Conn, n: usize) -> Result<bool> {
    let found: i64 = conn.one(
        "SELECT count(*) FROM (SELECT 1 FROM tickets LIMIT ?1) x",
        params![n as i64 + 1],
    )?;
    Ok(found <= n as i64)
}

/// The fingerprint of a database without one (new, or filled by a copy or an
/// import): the first write claims it with its settings if it holds no other tickets.
pub const FINGERPRINT_EMPTY: i64 = -1;

/// The fingerprint of the settings the stored outcomes were computed under (0: not
/// all computed under one; `FINGERPRINT_EMPTY`: none yet).
pub fn outcomes_fingerprint(conn: &Conn) -> Result<i64> {
    Ok(conn
        .query_opt(
            "SELECT value FROM counters WHERE name = 'sla:outcomes'",
            params![],
            |r| r.get(0),
        )?
        .unwrap_or(FINGERPRINT_EMPTY))
}

/// Records the fingerprint the stored outcomes were computed under.
pub fn set_outcomes_fingerprint(conn: &Conn, fp: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO counters (name, value) VALUES ('sla:outcomes', ?1)
         ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        params![fp],
    )?;
    Ok(())
}

/// Satisfaction scores of the tickets created in `[since, until)`: ticket id → score.
pub fn scores_created(conn: &Conn, since: i64, until: i64) -> Result<HashMap<i64, u8>> {
    conn.query_map(
        "SELECT s.ticket_id, s.score FROM tickets t JOIN csat s ON s.ticket_id = t.id
         WHERE t.created_at >= ?1 AND t.created_at < ?2",
        params![since, until],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .map(|v| v.into_iter().collect())
}

/// A finished stay of a ticket in a stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageVisit {
    pub ticket_id: i64,
    pub stage: String,
    pub entered_at: i64,
    pub left_at: i64,
}

/// Stays in a stage that ended (the ticket moved on) in `[since, until)`. A stay
/// began at the ticket's previous stage change, or at its creation. Reads only the
/// stage-event indexes (the ticket rows are read just for stays without a previous
/// change in the log).
pub fn visits_ended(conn: &Conn, since: i64, until: i64) -> Result<Vec<StageVisit>> {
    // SQLite is told which partial index to read; PostgreSQL's planner finds them.
    let rows: Vec<(i64, String, i64, Option<i64>)> = conn.query_map(
        conn.pick(
            "SELECT a.entity_id, a.old, a.at,
                (SELECT p.at FROM audit p INDEXED BY audit_stage_ticket
                  WHERE p.entity = 'ticket' AND p.field = 'stage' AND p.entity_id = a.entity_id
                    AND p.id < a.id ORDER BY p.id DESC LIMIT 1)
             FROM audit a INDEXED BY audit_stage_at
             WHERE a.entity = 'ticket' AND a.field = 'stage' AND a.at >= ?1 AND a.at < ?2
               AND a.old IS NOT NULL",
            "SELECT a.entity_id, a.old, a.at,
                (SELECT p.at FROM audit p
                  WHERE p.entity = 'ticket' AND p.field = 'stage' AND p.entity_id = a.entity_id
                    AND p.id < a.id ORDER BY p.id DESC LIMIT 1)
             FROM audit a
             WHERE a.entity = 'ticket' AND a.field = 'stage' AND a.at >= ?1 AND a.at < ?2
               AND a.old IS NOT NULL",
        ),
        params![since, until],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let missing: Vec<i64> = rows.iter().filter(|r| r.3.is_none()).map(|r| r.0).collect();
    let created = ticket_facts(conn, &missing)?;
    Ok(rows
        .into_iter()
        .map(|(id, stage, left_at, prev)| StageVisit {
            ticket_id: id,
            stage,
            entered_at: prev
                .or_else(|| created.get(&id).map(|f| f.1))
                .unwrap_or(left_at),
            left_at,
        })
        .collect())
}

/// The type and creation time of the given tickets.
pub fn ticket_facts(conn: &Conn, ids: &[i64]) -> Result<HashMap<i64, (String, i64)>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let rows = conn.query_map(
        &format!(
            "SELECT id, type, created_at FROM tickets WHERE id IN ({})",
            conn.json_ints(1)
        ),
        params![list],
        |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
    )?;
    Ok(rows.into_iter().collect())
}

/// How many tickets are in each stage now (from the cached counters).
pub fn waiting_now(conn: &Conn) -> Result<HashMap<String, i64>> {
    Ok(super::tickets::stage_counts(conn)?.into_iter().collect())
}
