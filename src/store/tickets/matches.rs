//! The ticket list's filters that go through the word indexes: free text walked
//! in ticket order (`search::TicketMatch`), and `customer:` through the
//! customers' index.

use super::{cols, from_row, where_clauses, Cursor, FilterContext, ListQuery, Page, SortKey};
use crate::domain::filter::{Filter, Term};
use crate::domain::search::TextQuery;
use crate::domain::ticket::Ticket;
use crate::error::Result;
use crate::store::search::TicketMatch;
use crate::store::{dyn_params, params, Conn, Engine, Value};

/// The free-text terms of a filter as one query, and the filter's other terms.
pub(super) fn split_text(f: &Filter) -> (TextQuery, Filter) {
    let mut texts = Vec::new();
    let mut rest = Vec::new();
    for c in &f.clauses {
        match &c.term {
            Term::Text(t) if !c.negated => texts.push(t.as_str()),
            _ => rest.push(c.clone()),
        }
    }
    (TextQuery::from_parts(&texts), Filter { clauses: rest })
}

/// Tickets rows for batches of ids, in the order of the ids given (json_each
/// drives the join, so no sort).
const BY_IDS: &str = "FROM json_each(?1) j CROSS JOIN tickets t ON t.id = j.value
    LEFT JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = t.assignee_id";

/// `BY_IDS` on PostgreSQL: the ids as a set (the batch is sorted after reading).
const BY_IDS_PG: &str = "FROM tickets t
    LEFT JOIN customers c ON c.id = t.customer_id
    LEFT JOIN agents a ON a.id = t.assignee_id
    WHERE t.id IN (SELECT jsonb_array_elements_text(CAST(?1 AS TEXT)::jsonb)::bigint)";

/// The statement reading a batch of ticket ids (`?1`, a JSON array) that meet the
/// filter's other terms.
pub(super) fn matches_sql(
    conn: &Conn,
    rest: &Filter,
    ctx: &FilterContext,
) -> Result<(String, Vec<Value>)> {
    let mut params: Vec<Value> = vec![Value::Null];
    let wheres = where_clauses(conn, rest, ctx, &mut params)?;
    let mut sql = format!("{} {}", cols(conn), conn.pick(BY_IDS, BY_IDS_PG));
    if !wheres.is_empty() {
        sql.push_str(conn.pick(" WHERE ", " AND "));
        sql.push_str(&wheres.join(" AND "));
    }
    Ok((sql, params))
}

/// A page of a text filter in id order: the word index walked newest (or oldest)
/// first, the tickets it yields read in batches and checked against the filter's
/// other terms. The first page costs a few index reads, however many tickets match.
pub(super) fn list_matches(
    conn: &Conn,
    q: &ListQuery<'_>,
    mut walk: TicketMatch<'_>,
    rest: &Filter,
) -> Result<Page> {
    let (sql, mut params) = matches_sql(conn, rest, q.ctx)?;
    let want = q.limit + 1;
    let mut out: Vec<Ticket> = Vec::with_capacity(want);
    let mut ask = want;
    loop {
        let ids = walk.next_ids(ask)?;
        if ids.is_empty() {
            break;
        }
        params[0] = Value::Text(crate::store::search::json_ids(&ids));
        let mut batch: Vec<Ticket> = conn.query_map(&sql, &dyn_params(&params), from_row)?;
        if q.descending {
            batch.sort_by_key(|t| std::cmp::Reverse(t.id));
        } else {
            batch.sort_by_key(|t| t.id);
        }
        out.extend(batch);
        if out.len() >= want || ids.len() < ask {
            break;
        }
        // Some were filtered out: read further ahead next time.
        ask = ((want - out.len()) * 4).clamp(64, 4096);
    }
    let next = if out.len() > q.limit {
        out.truncate(q.limit);
        out.last().map(|t| Cursor::of(t, SortKey::Id))
    } else {
        None
    };
    Ok(Page { rows: out, next })
}

/// The share of customers a `customer:` term matches (0 when it cannot use the index).
pub(super) fn customer_share(conn: &Conn, name: &str) -> Result<f64> {
    let Some(expr) = customer_match(name) else {
        return Ok(0.0);
    };
    let matched: i64 = match conn.engine() {
        Engine::Sqlite => conn.one(
            "SELECT count(*) FROM search_customers WHERE search_customers MATCH ?1",
            params![expr],
        )?,
        Engine::Postgres => conn.one(
            "SELECT count(*) FROM search_customers WHERE doc @@ CAST(?1 AS TEXT)::tsquery",
            params![crate::store::search::engine_query(conn, &expr)?],
        )?,
    };
    let all: i64 = conn.one("SELECT count(*) FROM customers", params![])?;
    Ok(if all == 0 {
        0.0
    } else {
        matched as f64 / all as f64
    })
}

/// The index expression for customers whose name or organisation holds `name`
/// (migration 010 indexes both in the title column).
pub(super) fn customer_match(name: &str) -> Option<String> {
    TextQuery::parse(name)
        .fts()
        .map(|f| format!("{{title}} : ({f})"))
}
