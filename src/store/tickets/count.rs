//! How many tickets match a filter, and whether a filter is broad enough to walk
//! the sort key's index.

use super::filter_sql::{where_clauses, FilterContext};
use super::matches::{customer_share, split_text};
use super::sort::SortKey;
use crate::domain::filter::{Filter, Is, Term, Who};
use crate::domain::search::TextQuery;
use crate::error::Result;
use crate::store::search::TicketMatch;
use crate::store::{dyn_params, like_pattern, params, Conn};
use std::collections::HashSet;

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
    if let Some(n) = count_text_within(conn, &text, &rest, ctx, i64::MAX)? {
        return Ok(n);
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let sql = from_tickets("SELECT count(*) FROM tickets t", filter, &wheres);
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
    if let Some(n) = count_text_within(conn, &text, &rest, ctx, cap)? {
        return Ok(n);
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let mut sql = from_tickets(
        "SELECT count(*) FROM (SELECT 1 FROM tickets t",
        filter,
        &wheres,
    );
    sql.push_str(&format!(" LIMIT {cap}) capped"));
    conn.query_row(&sql, &dyn_params(&params), |r| r.get(0))
}

/// Tickets a text filter's other terms are estimated to allow, at most, for
/// `count_text_within` to read their ids (through their index; `is:open` also reads
/// each open ticket's stage: 12,000 rows at a million).
const FEW_OTHERS: f64 = 50_000.0;

/// Counts a filter of free text and narrow other terms (SQLite), up to `cap`: the
/// text's matches are walked newest first in the word index alone and checked
/// against the ids the other terms allow, read through a ticket index. Counted
/// as one statement (`t.id IN (every match)`), SQLite first collected every match
/// of the text into a list: `退款 is:open` took 130–177 ms of CPU at a million
/// tickets for 1,066 of 133,000 matches. None when this does not apply.
fn count_text_within(
    conn: &Conn,
    text: &TextQuery,
    rest: &Filter,
    ctx: &FilterContext,
    cap: i64,
) -> Result<Option<i64>> {
    let Some(sql_params) = others_ids_sql(conn, text, rest, ctx)? else {
        return Ok(None);
    };
    let Some(mut walk) = TicketMatch::new(conn, text, true, None) else {
        return Ok(None);
    };
    let (sql, params) = sql_params;
    let allowed: HashSet<i64> = conn
        .query_map(&sql, &dyn_params(&params), |r| r.get(0))?
        .into_iter()
        .collect();
    let mut n = 0;
    while n < cap {
        let ids = walk.next_ids(WALK_BATCH)?;
        n += ids.iter().filter(|id| allowed.contains(id)).count() as i64;
        if ids.len() < WALK_BATCH {
            break;
        }
    }
    Ok(Some(n.min(cap)))
}

/// Matches taken from the text walk at a time.
const WALK_BATCH: usize = 4096;

/// The statement reading the ids a text filter's other terms allow, when each term
/// is read through a ticket index (stage, `is:open`, agent, customer) and they
/// are estimated few (`FEW_OTHERS`); SQLite only.
fn others_ids_sql(
    conn: &Conn,
    text: &TextQuery,
    rest: &Filter,
    ctx: &FilterContext,
) -> Result<Option<(String, Vec<crate::store::Value>)>> {
    let indexed = |c: &crate::domain::filter::Clause| {
        !c.negated
            && matches!(
                &c.term,
                Term::Stage(_)
                    | Term::Is(Is::Open)
                    | Term::Customer(_)
                    | Term::Assignee(Who::Me | Who::Name(_) | Who::Exact(_))
            )
    };
    if conn.engine() != crate::store::Engine::Sqlite
        || text.term_exprs().is_empty()
        || rest.is_empty()
        || !rest.clauses.iter().all(indexed)
    {
        return Ok(None);
    }
    let stages = Stages::read(conn)?;
    let Some(share) = filter_share(conn, &stages, rest, ctx, SortKey::Created)? else {
        return Ok(None);
    };
    if share * stages.total as f64 > FEW_OTHERS {
        return Ok(None);
    }
    let mut params = Vec::new();
    let wheres = where_clauses(conn, rest, ctx, &mut params)?;
    let sql = from_tickets("SELECT t.id FROM tickets t", rest, &wheres);
    Ok(Some((sql, params)))
}

/// The plan of the statement `count_text_within` reads the other terms' ids with,
/// if it applies to this filter (tests).
#[cfg(test)]
pub(crate) fn count_within_plan(
    conn: &Conn,
    filter: &Filter,
    ctx: &FilterContext,
) -> Result<Option<Vec<String>>> {
    let (text, rest) = split_text(filter);
    match others_ids_sql(conn, &text, &rest, ctx)? {
        Some((sql, params)) => Ok(Some(crate::store::query_plan(conn, &sql, &params)?)),
        None => Ok(None),
    }
}

/// `head` (a statement reading `tickets t`) with the customers joined when the filter
/// names one, and the filter's conditions.
fn from_tickets(head: &str, filter: &Filter, wheres: &[String]) -> String {
    let mut sql = String::from(head);
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
    sql
}

/// Ticket counts per stage, from the cached counters.
pub fn stage_counts(conn: &Conn) -> Result<Vec<(String, i64)>> {
    conn.query_map("SELECT substr(name, 7), value FROM counters WHERE name LIKE 'stage:%' AND value > 0 ORDER BY name", params![], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// What reading one match through the filter's own index costs, in rows of a walk
/// of the sort key's index: the match is fetched from the table with its customer
/// and agent and then sorted, where a walk mostly reads the next index entry and
/// tests it. Measured at a million tickets (release, CPU): `customer:华为` (4,600
/// matches) read and sorted 21–27 ms in every order, walked 2.7 ms by id and
/// 4–15 ms by the other keys (about 11,000 rows); `assignee:王` (9,700) read and
/// sorted 17–23 ms, walked 2.5–14 ms (33 ms by title).
const READ_COST: f64 = 4.0;

/// Whether a page of `limit` rows is found sooner by walking the sort key's index
/// than by reading every match through the filter's own index and sorting them.
/// `share` is the filter's estimated share of tickets without its free text and
/// `text_share` the text's (1 without text): the filter's own index reads about
/// `share × total` rows (each tested for the text), the walk about
/// `limit × walked / (share × text_share)` rows, where `walked` is the share of
/// tickets the walk passes (`walked_share`: the open tickets' share when the filter
/// wants open tickets and the walk meets them first, else 1); a row read costs
/// `READ_COST` rows walked. Without text the line is share = √(limit / (4 × total)):
/// 0.35% for 50 rows of a million. (It was a flat 1 in 500, which took `退款
/// is:open`, 13% × 1.5%, for narrow: 12,000 open tickets each tested for the
/// text, 100–150 ms, where the open tickets' index by the sort key finds a page in
/// a few hundred.)
pub(super) fn is_broad(share: f64, text_share: f64, walked: f64, limit: usize, total: i64) -> bool {
    let matches = share * text_share;
    matches > 0.0 && READ_COST * share * total as f64 * matches >= limit as f64 * walked
}

/// The cached stage counters, read once per page to judge shares of tickets.
pub(super) struct Stages {
    counts: Vec<(String, i64)>,
    /// Tickets in the database.
    pub total: i64,
}

impl Stages {
    pub(super) fn read(conn: &Conn) -> Result<Stages> {
        let counts = stage_counts(conn)?;
        let total = counts.iter().map(|(_, n)| n).sum();
        Ok(Stages { counts, total })
    }

    /// The share of tickets in these stages (0 without tickets).
    fn share(&self, stages: &[String]) -> f64 {
        let n: i64 = self
            .counts
            .iter()
            .filter(|(s, _)| stages.contains(s))
            .map(|(_, n)| n)
            .sum();
        n as f64 / self.total.max(1) as f64
    }
}

/// The estimated share of tickets the filter matches; None in a database without
/// tickets. Judged from the cached stage counters and the share of customers or
/// agents a `customer:` / `assignee:` term names; terms on ids, text or tags count
/// as narrow, `is:open` / `is:breached` as the open stages' share. `is_broad` tells
/// from it whether a page walks the sort key's index.
pub(super) fn filter_share(
    conn: &Conn,
    stages: &Stages,
    f: &Filter,
    ctx: &FilterContext,
    sort: SortKey,
) -> Result<Option<f64>> {
    if stages.total == 0 {
        return Ok(None);
    }
    let mut share = 1.0;
    for c in f.clauses.iter().filter(|c| !c.negated) {
        share *= match &c.term {
            Term::Stage(list) => stages.share(list),
            // The open tickets' share (breached ones are some of them): `customer:华为
            // is:open` is narrow (70 of a million) and reads `tickets_open_customer`.
            Term::Is(Is::Open) | Term::Is(Is::Breached) => stages.share(&ctx.active_stages),
            Term::Is(Is::Waiting) => stages.share(&ctx.waiting_stages),
            Term::Is(Is::Done) => stages.share(&ctx.done_stages),
            Term::Type(_) | Term::Priority(..) | Term::Channel(_) => 1.0,
            Term::Due(..) | Term::Created(..) | Term::Is(Is::Unassigned) => 1.0,
            Term::Customer(n) => customer_share(conn, n)?,
            Term::Assignee(who) => agent_share(conn, who, sort)?,
            _ => 0.0,
        };
    }
    Ok(Some(share))
}

/// The share of tickets a page's walk of the sort key's index passes before the
/// filter's matches thin out as they do in the whole table: the open tickets' share
/// when the filter wants open tickets (`is:open`, `is:breached`) and the walk meets
/// them first (`SortKey::walks_open_first`); 1 otherwise.
pub(super) fn walked_share(
    stages: &Stages,
    f: &Filter,
    ctx: &FilterContext,
    sort: SortKey,
    descending: bool,
) -> f64 {
    if wants_open(f) && sort.walks_open_first(descending) && stages.total > 0 {
        stages.share(&ctx.active_stages)
    } else {
        1.0
    }
}

/// Whether the filter holds only tickets never resolved (`is:open`, `is:breached`).
pub(super) fn wants_open(f: &Filter) -> bool {
    f.clauses
        .iter()
        .any(|c| !c.negated && matches!(c.term, Term::Is(Is::Open) | Term::Is(Is::Breached)))
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
