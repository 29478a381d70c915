//! The SLA engine's stored columns, escalations, satisfaction scores and return visits.

use super::write::{Columns, Entity, Stamp};
use super::{params, Conn, Row};
use crate::domain::service::{Csat, Escalation, Visit};
use crate::domain::sla_engine::{SlaFacts, StageChange};
use crate::domain::text::CleanText;
use crate::domain::ticket::Priority;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The SLA columns of one ticket, as the engine computed them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlaColumns {
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub stage_entered_at: Option<i64>,
    pub stage_due: Option<i64>,
    /// Earliest due time of a live first-response or resolution clock.
    pub sla_due_at: Option<i64>,
    /// Earliest warning time of a live first-response or resolution clock.
    pub sla_warn_at: Option<i64>,
    /// Both clocks' outcomes packed (`sla_engine::pack`).
    pub outcome: Option<i64>,
}

/// Stores the engine's results (derived data: the version does not change).
pub fn set_sla(conn: &Conn, id: i64, c: &SlaColumns) -> Result<()> {
    conn.execute(
        "UPDATE tickets SET first_response_due = ?2, resolution_due = ?3, stage_entered_at = ?4,
            stage_due = ?5, sla_due_at = ?6, sla_warn_at = ?7, sla_outcome = ?8 WHERE id = ?1",
        params![
            id,
            c.first_response_due,
            c.resolution_due,
            c.stage_entered_at,
            c.stage_due,
            c.sla_due_at,
            c.sla_warn_at,
            c.outcome
        ],
    )?;
    Ok(())
}

/// Tickets per UPDATE of `set_sla_many` (8 values each).
const SLA_CHUNK: usize = 250;

/// Stores the engine's results of many tickets: one UPDATE … FROM (VALUES …) per
/// `SLA_CHUNK` tickets instead of one per ticket (on a server a round trip each;
/// a recompute at a million tickets makes tens of thousands).
pub fn set_sla_many(conn: &Conn, rows: &[(i64, SlaColumns)]) -> Result<()> {
    for chunk in rows.chunks(SLA_CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let cells: Vec<String> = (1..=8)
                    .map(|k| format!("CAST(?{} AS BIGINT)", i * 8 + k))
                    .collect();
                format!("({})", cells.join(", "))
            })
            .collect();
        let sql = format!(
            "UPDATE tickets SET first_response_due = v.column2, resolution_due = v.column3,
                stage_entered_at = v.column4, stage_due = v.column5, sla_due_at = v.column6,
                sla_warn_at = v.column7, sla_outcome = v.column8
             FROM (VALUES {}) AS v WHERE tickets.id = v.column1",
            values.join(", ")
        );
        let mut args: Vec<&dyn super::Param> = Vec::with_capacity(chunk.len() * 8);
        for (id, c) in chunk {
            args.extend([
                id as &dyn super::Param,
                &c.first_response_due,
                &c.resolution_due,
                &c.stage_entered_at,
                &c.stage_due,
                &c.sla_due_at,
                &c.sla_warn_at,
                &c.outcome,
            ]);
        }
        conn.execute(&sql, &args)?;
    }
    Ok(())
}

/// The stored SLA columns of the tickets `ids` (those that exist), by id.
pub fn sla_columns_of(conn: &Conn, ids: &[i64]) -> Result<HashMap<i64, SlaColumns>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut out = HashMap::with_capacity(ids.len());
    conn.query_each(
        &format!(
            "SELECT id, first_response_due, resolution_due, stage_entered_at, stage_due,
                    sla_due_at, sla_warn_at, sla_outcome
             FROM tickets WHERE id IN ({})",
            conn.json_ints(1)
        ),
        params![list],
        |r| {
            let cols = SlaColumns {
                first_response_due: r.get(1)?,
                resolution_due: r.get(2)?,
                stage_entered_at: r.get(3)?,
                stage_due: r.get(4)?,
                sla_due_at: r.get(5)?,
                sla_warn_at: r.get(6)?,
                outcome: r.get(7)?,
            };
            out.insert(r.get(0)?, cols);
            Ok(())
        },
    )?;
    Ok(out)
}

/// What the engine needs of a ticket row.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaRow {
    pub id: i64,
    pub created_at: i64,
    pub ty: String,
    pub priority: Priority,
    pub stage: String,
    pub first_response_at: Option<i64>,
}

impl SlaFacts for SlaRow {
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

fn sla_row(r: &Row<'_>) -> Result<SlaRow> {
    Ok(SlaRow {
        id: r.get(0)?,
        created_at: r.get(1)?,
        ty: r.get(2)?,
        priority: Priority::from_rank(r.get(3)?).unwrap_or(Priority::Normal),
        stage: r.get(4)?,
        first_response_at: r.get(5)?,
    })
}

/// Tickets with id above `after` (in these stages, if given), in id order: at most `limit`.
pub fn sla_rows_after(
    conn: &Conn,
    after: i64,
    limit: usize,
    stages: Option<&[String]>,
) -> Result<Vec<SlaRow>> {
    let stages = stages.map(|s| serde_json::to_string(s).unwrap_or_default());
    conn.query_map(
        &format!(
            "SELECT id, created_at, type, priority, stage, first_response_at FROM tickets
             WHERE id > ?1 AND (CAST(?3 AS TEXT) IS NULL OR stage IN ({}))
             ORDER BY id LIMIT ?2",
            conn.json_texts(3)
        ),
        params![after, limit as i64, stages],
        sla_row,
    )
}

/// The given tickets (those that exist), in id order.
pub fn sla_rows_of(conn: &Conn, ids: &[i64]) -> Result<Vec<SlaRow>> {
    conn.query_map(
        &format!(
            "SELECT id, created_at, type, priority, stage, first_response_at FROM tickets
             WHERE id IN ({}) ORDER BY id",
            conn.json_ints(1)
        ),
        params![serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())],
        sla_row,
    )
}

/// How many tickets there are (in these stages, if given).
pub fn count_in_stages(conn: &Conn, stages: Option<&[String]>) -> Result<u64> {
    let n: i64 = match stages {
        None => conn.one("SELECT count(*) FROM tickets", params![])?,
        Some(s) => conn.one(
            &format!(
                "SELECT count(*) FROM tickets WHERE stage IN ({})",
                conn.json_texts(1)
            ),
            params![serde_json::to_string(s).unwrap_or_default()],
        )?,
    };
    Ok(n.max(0) as u64)
}

/// The stage changes of the tickets with ids in `from..=to`, per ticket, oldest first.
pub fn stage_events_between(
    conn: &Conn,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, Vec<StageChange>>> {
    // Through the partial covering index of stage events on SQLite (the planner
    // would take every event of the range through `audit_entity`).
    collect_events(
        conn,
        conn.pick(
            "SELECT entity_id, at, old, new FROM audit INDEXED BY audit_stage_ticket
             WHERE entity = 'ticket' AND entity_id BETWEEN ?1 AND ?2 AND field = 'stage'
             AND new IS NOT NULL ORDER BY entity_id, id",
            "SELECT entity_id, at, old, new FROM audit
             WHERE entity = 'ticket' AND entity_id BETWEEN ?1 AND ?2 AND field = 'stage'
             AND new IS NOT NULL ORDER BY entity_id, id",
        ),
        params![from, to],
    )
}

/// The stage changes of the given tickets, per ticket, oldest first.
pub fn stage_events_of(conn: &Conn, ids: &[i64]) -> Result<HashMap<i64, Vec<StageChange>>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    collect_events(
        conn,
        &format!(
            "SELECT entity_id, at, old, new FROM audit
             WHERE entity = 'ticket' AND entity_id IN ({})
             AND field = 'stage' AND new IS NOT NULL ORDER BY entity_id, id",
            conn.json_ints(1)
        ),
        params![list],
    )
}

fn collect_events(
    conn: &Conn,
    sql: &str,
    p: super::Params<'_>,
) -> Result<HashMap<i64, Vec<StageChange>>> {
    let mut out: HashMap<i64, Vec<StageChange>> = HashMap::new();
    conn.query_each(sql, p, |r| {
        out.entry(r.get(0)?).or_default().push(StageChange {
            at: r.get(1)?,
            from: r.get(2)?,
            to: r.get(3)?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Open work in the order it falls due: (ticket id, due time), by the earlier of the
/// SLA due time and the stage limit, at most `limit`.
pub fn next_due(conn: &Conn, limit: usize) -> Result<Vec<(i64, i64)>> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for sql in [
        "SELECT id, sla_due_at FROM tickets WHERE sla_due_at IS NOT NULL ORDER BY sla_due_at, id LIMIT ?1",
        "SELECT id, stage_due FROM tickets WHERE stage_due IS NOT NULL ORDER BY stage_due, id LIMIT ?1",
    ] {
        let rows: Vec<(i64, i64)> =
            conn.query_map(sql, params![limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for (id, due) in rows {
            match out.iter_mut().find(|x| x.0 == id) {
                Some(x) => x.1 = x.1.min(due),
                None => out.push((id, due)),
            }
        }
    }
    out.sort_by_key(|x| (x.1, x.0));
    out.truncate(limit);
    Ok(out)
}

/// Which stored time a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Warning,
    Breach,
    StageLimit,
}

/// Tickets a rule may fire on now and has not fired on for the current occasion:
/// the stored time has passed, the priority and type match (empty = any).
pub fn escalation_candidates(
    conn: &Conn,
    rule: &str,
    trigger: Trigger,
    priorities: &[Priority],
    types: &[String],
    now: i64,
    limit: usize,
) -> Result<Vec<i64>> {
    let (col, occasion) = match trigger {
        Trigger::Warning => ("t.sla_warn_at", "'warning'"),
        Trigger::Breach => ("t.sla_due_at", "'breach'"),
        Trigger::StageLimit => (
            "t.stage_due",
            "'stage:' || t.stage || '@' || t.stage_entered_at",
        ),
    };
    let prios: Vec<i64> = priorities.iter().map(|p| p.rank()).collect();
    let (prios_in, types_in) = (conn.json_ints(2), conn.json_texts(3));
    let sql = format!(
        "SELECT t.id FROM tickets t WHERE {col} <= ?1
           AND (?2 = '[]' OR t.priority IN ({prios_in}))
           AND (?3 = '[]' OR t.type IN ({types_in}))
           AND NOT EXISTS (SELECT 1 FROM sla_escalations e
                WHERE e.ticket_id = t.id AND e.rule = ?4 AND e.occasion = {occasion})
         ORDER BY {col}, t.id LIMIT ?5"
    );
    conn.query_map(
        &sql,
        params![
            now,
            serde_json::to_string(&prios).unwrap_or_default(),
            serde_json::to_string(types).unwrap_or_default(),
            rule,
            limit as i64
        ],
        |r| r.get(0),
    )
}

/// Records that a rule fired; false when it had already fired for this occasion.
pub fn insert_escalation(conn: &Conn, e: &Escalation) -> Result<bool> {
    let n = conn.execute(
        "INSERT INTO sla_escalations (ticket_id, rule, occasion, action, detail, at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        params![
            e.ticket_id,
            e.rule,
            e.occasion,
            e.action,
            e.detail,
            e.at,
            e.actor
        ],
    )?;
    Ok(n == 1)
}

/// The escalations of one ticket, oldest first.
pub fn escalations(conn: &Conn, ticket_id: i64) -> Result<Vec<Escalation>> {
    conn.query_map(
        "SELECT ticket_id, rule, occasion, action, detail, at, actor FROM sla_escalations
         WHERE ticket_id = ?1 ORDER BY id",
        params![ticket_id],
        |r| {
            Ok(Escalation {
                ticket_id: r.get(0)?,
                rule: r.get(1)?,
                occasion: r.get(2)?,
                action: r.get(3)?,
                detail: r.get(4)?,
                at: r.get(5)?,
                actor: r.get(6)?,
            })
        },
    )
}

/// The tickets among `ids` that were flagged by an escalation rule.
pub fn flagged(conn: &Conn, ids: &[i64]) -> Result<Vec<i64>> {
    conn.query_map(
        &format!(
            "SELECT DISTINCT ticket_id FROM sla_escalations
             WHERE action = 'flag' AND ticket_id IN ({})",
            conn.json_ints(1)
        ),
        params![serde_json::to_string(ids).unwrap_or_default()],
        |r| r.get(0),
    )
}

fn csat_row(r: &Row<'_>) -> Result<Csat> {
    Ok(Csat {
        ticket_id: r.get(0)?,
        score: r.get(1)?,
        comment: r.get(2)?,
        rated_at: r.get(3)?,
        rated_by: r.get(4)?,
        version: r.get(5)?,
    })
}

/// The satisfaction score of a ticket, if it was rated.
pub fn csat(conn: &Conn, ticket_id: i64) -> Result<Option<Csat>> {
    conn.query_opt("SELECT ticket_id, score, comment, rated_at, rated_by, version FROM csat WHERE ticket_id = ?1", params![ticket_id], csat_row)
}

/// Sets the score of a ticket (insert or update); returns the record's new version.
pub fn set_csat(
    conn: &Conn,
    ticket_id: i64,
    score: u8,
    comment: &CleanText,
    at: i64,
    actor: &str,
) -> Result<i64> {
    conn.query_row("INSERT INTO csat (ticket_id, score, comment, rated_at, rated_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(ticket_id) DO UPDATE SET score = excluded.score, comment = excluded.comment,
                 rated_at = excluded.rated_at, rated_by = excluded.rated_by, version = csat.version + 1
             RETURNING version", params![ticket_id, score, comment.as_str(), at, actor], |r| r.get(0))
}

/// Resolved or closed tickets (stages `done`) without a score, newest first.
pub fn csat_due(conn: &Conn, done: &[String], limit: usize) -> Result<Vec<i64>> {
    conn.query_map(
        &format!(
            "SELECT t.id FROM tickets t
         WHERE t.stage IN ({})
           AND NOT EXISTS (SELECT 1 FROM csat s WHERE s.ticket_id = t.id)
         ORDER BY t.id DESC LIMIT ?2",
            conn.json_texts(1)
        ),
        params![
            serde_json::to_string(done).unwrap_or_default(),
            limit as i64
        ],
        |r| r.get(0),
    )
}

const VISIT: &str = "SELECT v.id, v.ticket_id, t.title, c.name, v.due_on, v.assignee_id, a.name,
    v.note, v.done_at, v.done_note, v.created_at, v.created_by, v.version
    FROM visits v JOIN tickets t ON t.id = v.ticket_id
    LEFT JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = v.assignee_id";

fn visit_row(r: &Row<'_>) -> Result<Visit> {
    Ok(Visit {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        ticket_title: r.get(2)?,
        customer: r.get(3)?,
        due_on: r.get(4)?,
        assignee_id: r.get(5)?,
        assignee: r.get(6)?,
        note: r.get(7)?,
        done_at: r.get(8)?,
        done_note: r.get(9)?,
        created_at: r.get(10)?,
        created_by: r.get(11)?,
        version: r.get(12)?,
    })
}

/// Schedules a return visit; returns its id.
pub fn insert_visit(
    conn: &Conn,
    ticket_id: i64,
    due_on: NaiveDate,
    assignee_id: Option<i64>,
    note: &CleanText,
    at: i64,
    actor: &str,
) -> Result<i64> {
    conn.insert(
        "INSERT INTO visits (ticket_id, due_on, assignee_id, note, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ticket_id, due_on, assignee_id, note.as_str(), at, actor],
    )
}

/// One visit.
pub fn visit(conn: &Conn, id: i64) -> Result<Visit> {
    conn.query_opt(&format!("{VISIT} WHERE v.id = ?1"), params![id], visit_row)?
        .ok_or_else(|| Error::NotFound {
            what: "return visit",
            key: format!("#{id}"),
            hint: Some("list them with: aftercare visit list --due all".into()),
        })
}

/// Which visits to list.
#[derive(Debug, Clone, Default)]
pub struct VisitQuery {
    /// Only visits not done yet.
    pub open_only: bool,
    /// Due on or after this day.
    pub from: Option<NaiveDate>,
    /// Due on or before this day.
    pub to: Option<NaiveDate>,
    pub assignee_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub limit: usize,
}

/// Visits by due day, then id.
pub fn visits(conn: &Conn, q: &VisitQuery) -> Result<Vec<Visit>> {
    conn.query_map(
        &format!(
            "{VISIT} WHERE (?1 = 0 OR v.done_at IS NULL)
           AND (v.due_on >= ?2 OR ?2 IS NULL) AND (v.due_on <= ?3 OR ?3 IS NULL)
           AND (v.assignee_id = ?4 OR ?4 IS NULL) AND (v.ticket_id = ?5 OR ?5 IS NULL)
         ORDER BY v.due_on, v.id LIMIT ?6"
        ),
        params![
            q.open_only,
            q.from,
            q.to,
            q.assignee_id,
            q.ticket_id,
            q.limit as i64
        ],
        visit_row,
    )
}

/// A visit marked done, with what was noted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitDone {
    pub at: i64,
    pub note: CleanText,
}

impl Columns for VisitDone {
    const ENTITY: Entity = Entity::Visit;

    fn columns(&self, _: &Stamp) -> Vec<(&'static str, super::Value)> {
        vec![
            ("done_at", self.at.into()),
            ("done_note", self.note.as_str().into()),
        ]
    }
}

/// A resolved ticket, as demo data needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRow {
    pub id: i64,
    pub ty: String,
    pub assignee_id: Option<i64>,
    pub resolved_at: i64,
    pub version: i64,
}

/// The tickets created since `since` that have a resolution time, in id order.
pub fn resolved_tickets(conn: &Conn, since: i64) -> Result<Vec<ResolvedRow>> {
    conn.query_map(
        "SELECT id, type, assignee_id, resolved_at, version FROM tickets
         WHERE created_at >= ?1 AND resolved_at IS NOT NULL ORDER BY id",
        params![since],
        |r| {
            Ok(ResolvedRow {
                id: r.get(0)?,
                ty: r.get(1)?,
                assignee_id: r.get(2)?,
                resolved_at: r.get(3)?,
                version: r.get(4)?,
            })
        },
    )
}

/// A score as demo data writes it: (ticket id, score, comment, rated at).
pub type NewScore<'a> = (i64, u8, &'a str, i64);

/// Inserts many scores at once (demo data: several rows per statement).
pub fn insert_scores(conn: &Conn, rows: &[NewScore<'_>], actor: &str) -> Result<()> {
    const PER: usize = 100;
    for chunk in rows.chunks(PER) {
        let marks = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let mut args: Vec<&dyn super::Param> = Vec::with_capacity(chunk.len() * 5);
        for (id, score, comment, at) in chunk {
            args.extend([id as &dyn super::Param, score, comment, at, &actor]);
        }
        conn.execute(
            &format!(
                "INSERT INTO csat (ticket_id, score, comment, rated_at, rated_by) VALUES {marks}"
            ),
            &args,
        )?;
    }
    Ok(())
}
