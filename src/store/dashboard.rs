//! The reads behind the dashboard (`report::dashboard`): a few range scans that
//! each read rows once, in index order, and hand every row to the caller while it
//! is still borrowed from the engine (no copy per row: a month of a million-ticket
//! database is a few hundred thousand rows).

use super::{params, Arg, Conn};
use crate::error::Result;

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

fn text<'a>(v: Arg<'a>) -> &'a str {
    match v {
        Arg::Text(s) => s,
        _ => "",
    }
}

fn opt_text<'a>(v: Arg<'a>) -> Option<&'a str> {
    match v {
        Arg::Null => None,
        v => Some(text(v)),
    }
}

fn int(v: Arg<'_>) -> i64 {
    match v {
        Arg::Int(i) => i,
        _ => 0,
    }
}

fn opt_int(v: Arg<'_>) -> Option<i64> {
    match v {
        Arg::Int(i) => Some(i),
        _ => None,
    }
}

const CREATED_COLS: &str = "t.id, t.created_at, t.title, t.type, t.channel, t.group_id, t.stage,
    t.assignee_id, t.first_response_at, t.first_response_due, t.resolved_at, t.resolution_due";

/// Calls `f` with every ticket created in `[since, until)`. Tickets are numbered as
/// they are created, so a period's rows usually lie together: then they are read
/// by id, a sequential walk of the table; otherwise (imports out of order) through
/// the index of creation times.
pub fn scan_created(
    conn: &Conn,
    since: i64,
    until: i64,
    f: &mut dyn FnMut(&CreatedRow<'_>),
) -> Result<()> {
    let (lo, hi, n): (Option<i64>, Option<i64>, i64) = conn.query_row(
        "SELECT min(id), max(id), count(*) FROM tickets INDEXED BY tickets_created
         WHERE created_at >= ?1 AND created_at < ?2",
        params![since, until],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return Ok(());
    };
    let dense = hi - lo < n + n / 2;
    let sql = if dense {
        format!(
            "SELECT {CREATED_COLS} FROM tickets t WHERE t.id BETWEEN ?3 AND ?4
               AND t.created_at >= ?1 AND t.created_at < ?2"
        )
    } else {
        format!(
            "SELECT {CREATED_COLS} FROM tickets t INDEXED BY tickets_created
             WHERE t.created_at >= ?1 AND t.created_at < ?2 AND ?3 <= ?4"
        )
    };
    conn.query_each(&sql, params![since, until, lo, hi], |r| {
        f(&CreatedRow {
            id: int(r.arg(0)?),
            created_at: int(r.arg(1)?),
            title: text(r.arg(2)?),
            ty: text(r.arg(3)?),
            channel: text(r.arg(4)?),
            group: opt_text(r.arg(5)?),
            stage: text(r.arg(6)?),
            assignee_id: opt_int(r.arg(7)?),
            first_response_at: opt_int(r.arg(8)?),
            first_response_due: opt_int(r.arg(9)?),
            resolved_at: opt_int(r.arg(10)?),
            resolution_due: opt_int(r.arg(11)?),
        });
        Ok(())
    })?;
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
    conn.query_each(
        "SELECT resolved_at, created_at, type, channel, group_id, assignee_id
         FROM tickets INDEXED BY tickets_resolved
         WHERE resolved_at IS NOT NULL AND resolved_at >= ?1",
        params![since],
        |r| {
            f(&ResolvedRow {
                resolved_at: int(r.arg(0)?),
                created_at: int(r.arg(1)?),
                ty: text(r.arg(2)?),
                channel: text(r.arg(3)?),
                group: opt_text(r.arg(4)?),
                assignee_id: opt_int(r.arg(5)?),
            });
            Ok(())
        },
    )?;
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
    conn.query_each(
        "SELECT created_at, type, channel, group_id, stage, resolution_due
         FROM tickets INDEXED BY tickets_open_due WHERE resolved_at IS NULL",
        params![],
        |r| {
            f(&UnresolvedRow {
                created_at: int(r.arg(0)?),
                ty: text(r.arg(1)?),
                channel: text(r.arg(2)?),
                group: opt_text(r.arg(3)?),
                stage: text(r.arg(4)?),
                resolution_due: opt_int(r.arg(5)?),
            });
            Ok(())
        },
    )?;
    Ok(())
}

/// A callback given `(ticket id, when, old stage, new stage)`.
pub type MoveSink<'a> = dyn FnMut(i64, i64, Option<&str>, &str) + 'a;

/// Calls `f(ticket id, when, old stage, new stage)` with the stage changes of the
/// tickets with ids in `[lo, hi]`, per ticket in the order they were written.
pub fn scan_moves(conn: &Conn, lo: i64, hi: i64, f: &mut MoveSink<'_>) -> Result<()> {
    conn.query_each(
        "SELECT entity_id, at, old, new FROM audit INDEXED BY audit_stage_ticket
         WHERE entity = 'ticket' AND field = 'stage' AND entity_id BETWEEN ?1 AND ?2
           AND new IS NOT NULL
         ORDER BY entity_id, id",
        params![lo, hi],
        |r| {
            f(
                int(r.arg(0)?),
                int(r.arg(1)?),
                opt_text(r.arg(2)?),
                text(r.arg(3)?),
            );
            Ok(())
        },
    )?;
    Ok(())
}

/// Satisfaction scores of the tickets with ids in `[lo, hi]`: (ticket id, score).
pub fn scores(conn: &Conn, lo: i64, hi: i64) -> Result<Vec<(i64, u8)>> {
    conn.query_map(
        "SELECT ticket_id, score FROM csat WHERE ticket_id BETWEEN ?1 AND ?2",
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get::<i64>(1)?.clamp(0, 255) as u8)),
    )
}

/// Tags of the tickets with ids in `[lo, hi]`: (ticket id, tag).
pub fn tags(conn: &Conn, lo: i64, hi: i64) -> Result<Vec<(i64, String)>> {
    conn.query_map(
        "SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id BETWEEN ?1 AND ?2",
        params![lo, hi],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::ops::{Desk, TicketInput};

    /// Tickets made in and out of a period in turn: read by id when they lie
    /// together, through the index when they do not; the same tickets either way.
    #[test]
    fn created_rows_by_id_or_by_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = Desk::open(&dir.path().join("d.db"), Config::builtin(), "t").unwrap();
        let mut make = |at: i64| {
            d.set_now(Some(at));
            d.create_ticket(TicketInput {
                title: format!("t{at}"),
                ..Default::default()
            })
            .unwrap()
            .id
        };
        let base = 1_790_000_000;
        let inside_a = make(base + 10);
        let mut outside = Vec::new();
        for i in 0..5 {
            outside.push(make(base + 100_000 + i));
        }
        let inside_b = make(base + 20);
        let near = make(base + 30);
        let scan = |a: i64, b: i64| {
            let mut ids = Vec::new();
            super::scan_created(d.store.conn(), a, b, &mut |r| ids.push(r.id)).unwrap();
            ids.sort_unstable();
            ids
        };
        // Ids 1, 7 and 8 among 8: through the index.
        assert_eq!(scan(base, base + 50), vec![inside_a, inside_b, near]);
        // Ids 7 and 8: together, read by id.
        assert_eq!(scan(base + 15, base + 50), vec![inside_b, near]);
        assert_eq!(scan(base + 100_000, base + 100_010), outside);
        assert!(scan(0, 10).is_empty());
    }
}
