//! What one write transaction changed, as the facts keeper (`ops::facts_keeper`)
//! needs it: how many tickets its audit events name, the stored fingerprint, and
//! the sources of those tickets; then their new facts written.
//!
//! On a server each statement is a round trip that waits for the other process to be
//! scheduled: the keeper took six per write (the events, the fingerprint, the
//! tickets, their tags, their stage changes, the upsert). On PostgreSQL the reads
//! are now one statement and the upsert goes with the transaction's COMMIT.

use super::{fingerprint, put, sources, tickets_since, upsert_sql, FactMove, FactSource};
use super::{Fact, FINGERPRINT, PER};
use crate::error::{Error, Result};
use crate::store::{params, Conn};

/// The tickets a write transaction changed, and what their facts need.
#[derive(Debug, Default)]
pub struct Changes {
    /// How many tickets the transaction's events name (at most `cap` + 1).
    pub count: usize,
    /// Their ids, ascending; empty when more than `cap`.
    pub ids: Vec<i64>,
    /// The stored fingerprint (`fingerprint`); not read when nothing changed.
    pub fingerprint: i64,
    /// The sources of those that still exist, by id; empty when more than `cap`.
    pub sources: Vec<FactSource>,
}

/// The tickets named by audit events after `mark` (`tickets_since`), the stored
/// fingerprint and, for at most `cap` tickets, their sources.
pub fn changes(conn: &Conn, mark: i64, cap: usize) -> Result<Changes> {
    if conn.as_pg().is_some() {
        return changes_pg(conn, mark, cap);
    }
    let mut ids = tickets_since(conn, mark, cap)?;
    if ids.is_empty() {
        return Ok(Changes::default());
    }
    ids.sort_unstable();
    let count = ids.len();
    let fingerprint = fingerprint(conn)?;
    if count > cap {
        ids.clear();
    }
    let sources = sources(conn, &ids)?;
    Ok(Changes {
        count,
        ids,
        fingerprint,
        sources,
    })
}

/// `changes` in one statement: the events after the mark by id (the primary key's
/// range, a few rows at the end of the log), counted; the sources only when there
/// are at most `cap`, each ticket's tags and stage changes aggregated as JSON.
pub(crate) const CHANGES_PG: &str = "
    WITH ids AS MATERIALIZED (
        SELECT DISTINCT entity_id AS id FROM audit
        WHERE id > ?1 AND entity = 'ticket' LIMIT ?2),
    n AS (SELECT count(*) AS n FROM ids)
    SELECT n.n, (SELECT value FROM counters WHERE name = ?3), x.*
    FROM n LEFT JOIN LATERAL (
        SELECT ids.id, t.id IS NOT NULL AS found, t.created_at, t.title, t.type,
               t.channel, t.group_id, t.stage, t.assignee_id, t.first_response_at,
               t.first_response_due, t.resolved_at, t.resolution_due, s.score,
               (SELECT json_agg(g.tag ORDER BY g.tag) FROM ticket_tags g
                WHERE g.ticket_id = ids.id) AS tags,
               (SELECT json_agg(json_build_array(a.at, a.old, a.new) ORDER BY a.id)
                FROM audit a
                WHERE a.entity = 'ticket' AND a.entity_id = ids.id AND a.field = 'stage'
                  AND a.new IS NOT NULL) AS moves
        FROM ids LEFT JOIN tickets t ON t.id = ids.id
        LEFT JOIN csat s ON s.ticket_id = ids.id
        WHERE n.n <= ?4) x ON true
    ORDER BY x.id";

fn changes_pg(conn: &Conn, mark: i64, cap: usize) -> Result<Changes> {
    let mut out = Changes::default();
    let json = |e: serde_json::Error| Error::msg(format!("a ticket's facts: {e}"));
    // Unprepared, the mark written in: a cached statement may switch to a generic
    // plan that knows no mark, and that plan walks `audit_entity` over every ticket
    // event and joins every ticket (3.9 s at 1M tickets, against 0.45 ms).
    conn.query_each_once(
        CHANGES_PG,
        params![mark, cap as i64 + 1, FINGERPRINT, cap as i64],
        |r| {
            out.count = r.get::<i64>(0)?.max(0) as usize;
            out.fingerprint = r
                .get::<Option<i64>>(1)?
                .unwrap_or(crate::store::reports::FINGERPRINT_EMPTY);
            let Some(id) = r.get::<Option<i64>>(2)? else {
                return Ok(());
            };
            out.ids.push(id);
            if !r.get::<bool>(3)? {
                return Ok(());
            }
            let tags: Option<String> = r.get(16)?;
            let tags: Vec<String> = match tags {
                Some(t) => serde_json::from_str(&t).map_err(json)?,
                None => Vec::new(),
            };
            let moves: Option<String> = r.get(17)?;
            let moves: Vec<(i64, Option<String>, String)> = match moves {
                Some(m) => serde_json::from_str(&m).map_err(json)?,
                None => Vec::new(),
            };
            out.sources.push(FactSource {
                id,
                created_at: r.get(4)?,
                title: r.get(5)?,
                ty: r.get(6)?,
                channel: r.get(7)?,
                group: r.get(8)?,
                stage: r.get(9)?,
                assignee_id: r.get(10)?,
                first_response_at: r.get(11)?,
                first_response_due: r.get(12)?,
                resolved_at: r.get(13)?,
                resolution_due: r.get(14)?,
                score: r.get(15)?,
                tags,
                moves: moves
                    .into_iter()
                    .map(|(at, old, new)| FactMove { at, old, new })
                    .collect(),
            });
            Ok(())
        },
    )?;
    if out.count == 0 {
        out.fingerprint = 0;
    }
    Ok(out)
}

/// Writes the facts of one write transaction: on PostgreSQL sent with its COMMIT
/// (values inline, no round trip of its own) when they fit one statement; as `put`
/// otherwise.
pub fn put_with_commit(conn: &Conn, facts: &[Fact]) -> Result<()> {
    if let Some(pg) = conn.as_pg() {
        if !facts.is_empty() && facts.len() <= PER {
            let rows: Vec<String> = facts.iter().map(|f| literal_row(pg, f)).collect();
            if pg.send_with_commit(&upsert_sql(&rows.join(", "))) {
                return Ok(());
            }
        }
    }
    put(conn, facts)
}

/// One fact as a row of SQL constants, in `COLUMNS` order.
fn literal_row(pg: &crate::store::conn::PgConn, f: &Fact) -> String {
    use crate::store::Arg;
    let int = |v: Option<i64>| v.map_or(Arg::Null, Arg::Int);
    fn text(v: &Option<String>) -> Arg<'_> {
        v.as_deref().map_or(Arg::Null, Arg::Text)
    }
    let (tags, moves) = (super::encode_tags(&f.tags), super::encode_moves(&f.moves));
    let cells = [
        Arg::Int(f.id),
        Arg::Int(f.created_at),
        Arg::Text(&f.ty),
        Arg::Text(&f.channel),
        text(&f.group),
        Arg::Text(&f.stage),
        int(f.category),
        int(f.assignee_id),
        int(f.first_response_at),
        int(f.first_response_due),
        int(f.resolved_at),
        int(f.resolution_due),
        int(f.score),
        text(&tags),
        text(&moves),
    ];
    let cells: Vec<String> = cells.into_iter().map(|a| pg.literal(a)).collect();
    format!("({})", cells.join(", "))
}
