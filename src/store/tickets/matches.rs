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
use std::collections::HashSet;

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
    let only = few_customers_tickets(conn, rest)?;
    let want = q.limit + 1;
    let mut out: Vec<Ticket> = Vec::with_capacity(want);
    let mut ask = want;
    loop {
        let mut ids = walk.next_ids(ask)?;
        let walked = ids.len();
        if walked == 0 {
            break;
        }
        if let Some(only) = &only {
            ids.retain(|id| only.contains(id));
        }
        if !ids.is_empty() {
            params[0] = Value::Text(crate::store::search::json_ids(&ids));
            let mut batch: Vec<Ticket> = conn.query_map(&sql, &dyn_params(&params), from_row)?;
            if q.descending {
                batch.sort_by_key(|t| std::cmp::Reverse(t.id));
            } else {
                batch.sort_by_key(|t| t.id);
            }
            out.extend(batch);
        }
        if out.len() >= want || walked < ask {
            break;
        }
        // Some were filtered out: read further ahead next time (as far as the
        // index alone goes when no row is read for an id left out).
        ask = if only.is_some() {
            4096
        } else {
            ((want - out.len()) * 4).clamp(64, 4096)
        };
    }
    let next = if out.len() > q.limit {
        out.truncate(q.limit);
        out.last().map(|t| Cursor::of(t, SortKey::Id))
    } else {
        None
    };
    Ok(Page { rows: out, next })
}

/// Tickets of a few customers, read for a text filter's walk: at most this many
/// estimated (customers matched × tickets per customer), 2–3 ms of index entries.
const FEW_CUSTOMERS_TICKETS: f64 = 20_000.0;

/// The ids of the tickets a filter's `customer:` term allows, when they are few
/// (SQLite): read from `tickets_customer` alone (customer, id), without a ticket
/// row. The text walk's ids are checked against them before any row is read: `打印机
/// customer:华为` walked ~7,000 printer tickets at a million and read each one's row
/// to test its customer (36–54 ms) for the 31 of 4,600 华为 tickets that match.
fn few_customers_tickets(conn: &Conn, rest: &Filter) -> Result<Option<HashSet<i64>>> {
    let Some(expr) = few_customers(conn, rest)? else {
        return Ok(None);
    };
    let ids = conn.query_map(CUSTOMERS_TICKETS, params![expr], |r| r.get(0))?;
    Ok(Some(ids.into_iter().collect()))
}

/// The tickets of the customers matching `?1`, from the index alone.
const CUSTOMERS_TICKETS: &str = "SELECT t.id FROM tickets t INDEXED BY tickets_customer
     WHERE t.customer_id IN (SELECT rowid FROM search_customers WHERE search_customers MATCH ?1)";

/// The customers' index expression of the filter's `customer:` term when its
/// tickets are few enough to read as a set (`few_customers_tickets`).
fn few_customers(conn: &Conn, rest: &Filter) -> Result<Option<String>> {
    if conn.engine() != Engine::Sqlite {
        return Ok(None);
    }
    let Some((name, expr)) = rest.clauses.iter().find_map(|c| match &c.term {
        Term::Customer(n) if !c.negated => customer_match(n).map(|e| (n, e)),
        _ => None,
    }) else {
        return Ok(None);
    };
    let tickets: i64 = conn.one("SELECT IFNULL(max(id), 0) FROM tickets", params![])?;
    let few = customer_share(conn, name)? * tickets as f64 <= FEW_CUSTOMERS_TICKETS;
    Ok(few.then_some(expr))
}

/// The plan of the statement `few_customers_tickets` runs for this filter, if any.
pub(super) fn few_customers_plan(conn: &Conn, rest: &Filter) -> Result<Vec<String>> {
    match few_customers(conn, rest)? {
        Some(expr) => crate::store::query_plan(conn, CUSTOMERS_TICKETS, &[Value::Text(expr)]),
        None => Ok(Vec::new()),
    }
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
