//! How many tickets match a filter, and whether a filter is broad enough to walk
//! the sort key's index.

use super::filter_sql::{where_clauses, FilterContext};
use super::matches::{customer_share, split_text};
use super::sort::SortKey;
use crate::domain::filter::{Filter, Is, Term, Who};
use crate::error::Result;
use crate::store::search::TicketMatch;
use crate::store::{dyn_params, like_pattern, params, Conn};

/// How many tickets match a filter (a query of its own; callers cache it).
pub fn count(conn: &Conn, filter: &Filter, ctx: &FilterContext) -> Result<i64> {
    let (text, rest) = split_text(filter);
    if rest.is_empty() && conn.engine() == crate::store::Engine::Sqlite {
        // Text alone: count what the index walk yields, without reading a ticket.
        // (PostgreSQL counts the GIN index's matches in one statement below.)
        if let Some(mut walk) = TicketMatch::new(conn, &text, true, None) {
            return walk.count();
        }
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let needs_join = filter
        .clauses
        .iter()
        .any(|c| matches!(c.term, Term::Customer(_)));
    let mut sql = String::from("SELECT count(*) FROM tickets t");
    if needs_join {
        sql.push_str(" LEFT JOIN customers c ON c.id = t.customer_id");
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    conn.query_row(&sql, &dyn_params(&params), |r| r.get(0))
}

/// Like `count`, but stops at `cap`: `ticket list`'s "50 of N" needs no exact N
/// beyond a few thousand, and counting every match of a common word costs more than
/// the page (`ticket list --query 退款` spent 3/4 of its time counting).
pub fn count_upto(conn: &Conn, filter: &Filter, ctx: &FilterContext, cap: i64) -> Result<i64> {
    let (text, rest) = split_text(filter);
    if rest.is_empty() {
        if let Some(mut walk) = TicketMatch::new(conn, &text, true, None) {
            return walk.count_upto(cap);
        }
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let mut sql = String::from("SELECT count(*) FROM (SELECT 1 FROM tickets t");
    if filter
        .clauses
        .iter()
        .any(|c| matches!(c.term, Term::Customer(_)))
    {
        sql.push_str(" LEFT JOIN customers c ON c.id = t.customer_id");
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    sql.push_str(&format!(" LIMIT {cap}) capped"));
    conn.query_row(&sql, &dyn_params(&params), |r| r.get(0))
}

/// Ticket counts per stage, from the cached counters.
pub fn stage_counts(conn: &Conn) -> Result<Vec<(String, i64)>> {
    conn.query_map("SELECT substr(name, 7), value FROM counters WHERE name LIKE 'stage:%' AND value > 0 ORDER BY name", params![], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// Whether a share of tickets is broad enough to walk the sort key's index.
pub(super) fn is_broad(share: f64) -> bool {
    share * 500.0 >= 1.0
}

/// The estimated share of tickets the filter matches; None in a database without
/// tickets. A filter is broad when it matches at least 1 in 500 tickets (judged from
/// the cached stage counters and the share of customers or agents a `customer:` /
/// `assignee:` term names; terms on ids, text or tags count as narrow, `is:open` /
/// `is:breached` as the open stages' share). Walking the sort key's index then finds
/// a page within a few thousand rows, where reading every match through a narrower
/// index would read and sort them all.
pub(super) fn filter_share(
    conn: &Conn,
    f: &Filter,
    ctx: &FilterContext,
    sort: SortKey,
) -> Result<Option<f64>> {
    let counts = stage_counts(conn)?;
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Ok(None);
    }
    let in_stages = |stages: &[String]| -> f64 {
        let n: i64 = counts
            .iter()
            .filter(|(s, _)| stages.contains(s))
            .map(|(_, n)| n)
            .sum();
        n as f64 / total as f64
    };
    let mut share = 1.0;
    for c in f.clauses.iter().filter(|c| !c.negated) {
        share *= match &c.term {
            Term::Stage(list) => in_stages(list),
            // The open tickets' share (breached ones are some of them): `customer:华为
            // is:open` is narrow (70 of a million) and reads `tickets_open_customer`.
            Term::Is(Is::Open) | Term::Is(Is::Breached) => in_stages(&ctx.active_stages),
            Term::Is(Is::Waiting) => in_stages(&ctx.waiting_stages),
            Term::Is(Is::Done) => in_stages(&ctx.done_stages),
            Term::Type(_) | Term::Priority(..) | Term::Channel(_) => 1.0,
            Term::Due(..) | Term::Created(..) | Term::Is(Is::Unassigned) => 1.0,
            Term::Customer(n) => customer_share(conn, n)?,
            Term::Assignee(who) => agent_share(conn, who, sort)?,
            _ => 0.0,
        };
    }
    Ok(Some(share))
}

/// Tickets in the database, from the cached stage counters.
pub(super) fn ticket_total(conn: &Conn) -> Result<i64> {
    Ok(stage_counts(conn)?.iter().map(|(_, n)| n).sum())
}

/// The share of tickets an `assignee:` term is taken to match: the share of agents
/// it names (tickets spread over agents). One agent in id order counts as narrow:
/// `tickets_assignee (assignee_id, id)` gives that agent's tickets newest first
/// without a sort. Several agents (`assignee:王`) would have their tickets read
/// through that index and all sorted (34 ms CPU, 1.2 s from a cold cache for 6
/// agents at a million tickets), where walking the id index finds a page in a few
/// thousand rows.
fn agent_share(conn: &Conn, who: &Who, sort: SortKey) -> Result<f64> {
    let named: i64 = match who {
        Who::Nobody => return Ok(0.0),
        Who::Me | Who::Exact(_) => 1,
        Who::Name(n) => conn.one(
            &format!(
                "SELECT count(*) FROM agents WHERE name {} ?1 ESCAPE '\\'",
                conn.like()
            ),
            params![like_pattern(n)],
        )?,
    };
    if named == 0 || (named == 1 && sort == SortKey::Id) {
        return Ok(0.0);
    }
    let all: i64 = conn.one("SELECT count(*) FROM agents", params![])?;
    Ok(named as f64 / all.max(1) as f64)
}
