//! The WHERE conditions of a list page that walks a ticket index (not the word
//! index), and whether the filter is broad enough to walk the sort key's index.
//!
//! Free text in such a list (a sort other than id, or exclusions alone) used to be
//! `t.id IN (SELECT rowid >> 32 FROM search_tickets WHERE … MATCH ?)`: SQLite
//! collects every match into a list before the first row, then sorts them all
//! (`退款` by priority at a million tickets: 133,000 matches, 1.4 s). Now the newest
//! matches are walked first (`TicketMatch`, at most `FEW`):
//! - when that walk ends, the matches are few and known: `t.id IN (json_each(?))`
//!   reads just those rows and sorts them;
//! - otherwise each row the page meets is tested against the index (`probe_sql`,
//!   one seek per term, last in the conditions so cheaper terms go first), and the
//!   walk's density gives the text's share for choosing the sort key's index.
//!
//! PostgreSQL keeps its own text condition (one GIN lookup per query).

use super::count::{filter_share, is_broad, walked_share, wants_open, Stages};
use super::filter_sql::{where_clauses, FilterContext};
use super::list::{walk_sort_index, ListQuery};
use super::matches::split_text;
use super::sort::SortKey;
use crate::domain::filter::{Filter, Term};
use crate::domain::search::TextQuery;
use crate::error::Result;
use crate::store::search::{json_ids, probe_sql, TicketMatch};
use crate::store::{Conn, Engine, Value};

/// Matches walked to tell few from many: fewer are read as a list and sorted (a
/// millisecond or two), more are tested row by row.
#[cfg(not(test))]
pub(crate) const FEW: usize = 512;
/// Unit tests' data sets are small: both ways are tested with a few dozen tickets.
#[cfg(test)]
pub(crate) const FEW: usize = 16;

/// A page's conditions and their parameters.
pub(super) struct Conditions {
    pub wheres: Vec<String>,
    pub params: Vec<Value>,
    /// Whether the page walks the sort key's index (on SQLite the filter's terms are
    /// then written with a unary `+`).
    pub broad: bool,
}

/// The conditions of a page of `q` that reads tickets through a ticket index.
pub(super) fn conditions(conn: &Conn, q: &ListQuery<'_>) -> Result<Conditions> {
    let mut params: Vec<Value> = Vec::new();
    let stages = Stages::read(conn)?;
    let total = stages.total;
    let walked = walked_share(&stages, q.filter, q.ctx, q.sort, q.descending);
    if conn.engine() == Engine::Postgres {
        let wheres = where_clauses(conn, q.filter, q.ctx, &mut params)?;
        let broad = filter_share(conn, &stages, q.filter, q.ctx, q.sort)?
            .is_none_or(|s| is_broad(s, 1.0, walked, q.limit, total));
        return Ok(Conditions {
            wheres,
            params,
            broad,
        });
    }
    let (text, rest) = split_text(q.filter);
    let mut wheres = where_clauses(conn, &rest, q.ctx, &mut params)?;
    let share = filter_share(conn, &stages, &rest, q.ctx, q.sort)?;
    let text_share = text_conditions(conn, &text, total, &mut wheres, &mut params)?;
    let broad = share.is_none_or(|s| is_broad(s, text_share, walked, q.limit, total));
    if broad {
        walk_sort_index(&mut wheres);
    }
    if q.sort == SortKey::Updated && !wants_open(q.filter) && leaves_out_closed(q.filter, q.ctx) {
        wheres.push("t.closed_at IS NULL".into());
    }
    Ok(Conditions {
        wheres,
        params,
        broad,
    })
}

/// Whether the filter excludes every closed stage (`-stage:closed`), so that it holds
/// only tickets never closed or reopened since: a closed stage is the one kind that
/// sets `closed_at`, and every other clears it (domain `StageTimes::entering`), as
/// `is:open` relies on `resolved_at`. Said as `t.closed_at IS NULL`, which SQLite
/// needs literally to walk `tickets_unclosed_updated` (migration 025) by last
/// update: `tickets_updated` has every comment's ticket in front, closed or not, and
/// a desk that writes on closed tickets (a customer's thanks, a note) pushed the
/// first page of `type:complaint -stage:closed` 12,000 closed tickets back.
fn leaves_out_closed(f: &Filter, ctx: &FilterContext) -> bool {
    !ctx.closed_stages.is_empty()
        && ctx.closed_stages.iter().all(|closed| {
            f.clauses
                .iter()
                .any(|c| c.negated && matches!(&c.term, Term::Stage(list) if list.contains(closed)))
        })
}

/// Adds the conditions of the free text (SQLite) and returns the estimated share of
/// `total` tickets it matches (1 without text).
fn text_conditions(
    conn: &Conn,
    text: &TextQuery,
    total: i64,
    wheres: &mut Vec<String>,
    params: &mut Vec<Value>,
) -> Result<f64> {
    let bind = |v: String, params: &mut Vec<Value>| {
        params.push(Value::Text(v));
        params.len()
    };
    let mut share = 1.0;
    if let Some(mut walk) = TicketMatch::new(conn, text, true, None) {
        let ids = walk.next_ids(FEW)?;
        if ids.len() < FEW {
            // The walk applied the exclusions too: the list is the whole answer.
            let n = bind(json_ids(&ids), params);
            wheres.push(format!("t.id IN (SELECT value FROM json_each(?{n}))"));
            return Ok(ids.len() as f64 / total.max(1) as f64);
        }
        // Newest first: FEW matches over this span of ticket ids.
        let span = ids[0] - ids[FEW - 1] + 1;
        share = (FEW as f64 / span.max(1) as f64).min(1.0);
        for expr in text.term_exprs() {
            let n = bind(expr, params);
            wheres.push(probe_sql(n));
        }
    }
    for group in text.exclusion_exprs() {
        let all: Vec<String> = group
            .into_iter()
            .map(|e| probe_sql(bind(e, params)))
            .collect();
        if !all.is_empty() {
            wheres.push(format!("NOT ({})", all.join(" AND ")));
        }
    }
    Ok(share)
}
