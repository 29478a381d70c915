//! Keyset-paged ticket lists (never OFFSET), and their query plans.

use super::by_name;
use super::columns::{cols, row_at, FROM};
use super::conditions::{conditions, Conditions};
use super::count::wants_open;
use super::filter_sql::FilterContext;
use super::matches::{self, list_matches, split_text};
use super::sort::{Cursor, SortKey};
use crate::domain::filter::{Filter, Term, Who};
use crate::domain::ticket::Ticket;
use crate::error::Result;
use crate::store::search::TicketMatch;
use crate::store::{dyn_params, Conn, Engine, Value};

/// A page request.
#[derive(Debug, Clone)]
pub struct ListQuery<'a> {
    pub filter: &'a Filter,
    pub ctx: &'a FilterContext,
    pub sort: SortKey,
    pub descending: bool,
    pub after: Option<Cursor>,
    pub limit: usize,
}

/// One page of tickets and the cursor for the next one (None at the end).
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Ticket>,
    pub next: Option<Cursor>,
}

/// A page of tickets matching a filter, by keyset pagination (never OFFSET).
pub fn list(conn: &Conn, q: &ListQuery<'_>) -> Result<Page> {
    if by_name::applies(q.sort) {
        return by_name::list(conn, q);
    }
    if q.sort == SortKey::Id {
        let (text, rest) = split_text(q.filter);
        let after = q.after.as_ref().map(|c| c.id);
        if let Some(walk) = TicketMatch::new(conn, &text, q.descending, after) {
            return list_matches(conn, q, walk, &rest);
        }
    }
    let (sql, params) = list_sql(conn, q)?;
    let mut out = Vec::new();
    let mut keys = Vec::new();
    conn.query_each(&sql, &dyn_params(&params), |r| {
        keys.push(r.get::<Value>(0)?);
        out.push(row_at(r, 1)?);
        Ok(())
    })?;
    let next = if out.len() > q.limit {
        out.truncate(q.limit);
        let last = &out[q.limit - 1];
        Some(Cursor {
            value: keys[q.limit - 1].clone(),
            id: last.id,
            by: 0,
        })
    } else {
        None
    };
    Ok(Page { rows: out, next })
}

/// The statement of a list page that does not walk the word index: the sort value,
/// then the ticket's columns.
fn list_sql(conn: &Conn, q: &ListQuery<'_>) -> Result<(String, Vec<Value>)> {
    let key = q.sort.expr(conn);
    let id = q.sort.id_expr(conn);
    let Conditions {
        mut wheres,
        mut params,
        broad,
    } = conditions(conn, q)?;
    if q.sort.join(conn).is_some() {
        on_the_order(&mut wheres);
    }
    // The sort value comes first so the next page's cursor can be read back.
    let from = match open_person_index(conn, q.filter, broad) {
        Some(index) => FROM.replacen(
            "FROM tickets t",
            &format!("FROM tickets t INDEXED BY {index}"),
            1,
        ),
        None => match q.sort.join(conn) {
            Some(join) => FROM.replacen("FROM tickets t", &format!("FROM tickets t {join}"), 1),
            None => FROM.to_string(),
        },
    };
    let mut sql =
        format!("{} {from}", cols(conn)).replacen("SELECT ", &format!("SELECT {key}, "), 1);
    let (cmp, dir) = if q.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(c) = &q.after {
        params.push(c.value.clone());
        params.push(Value::Integer(c.id));
        wheres.push(format!(
            "({key}, {id}) {cmp} (?{}, ?{})",
            params.len() - 1,
            params.len()
        ));
    }
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    sql.push_str(&format!(
        " ORDER BY {key} {dir}, {id} {dir} LIMIT {}",
        q.limit + 1
    ));
    Ok((sql, params))
}

/// The open tickets' index of the person a narrow filter of open tickets names
/// (SQLite). Reading `customer:华为 is:open`'s matches, SQLite took the full
/// `tickets_customer` (the 91 customers' 4,600 tickets, 20–32 ms CPU at a million)
/// over `tickets_open_customer` (their 70 open ones): both are `(customer_id, id)`
/// and SQLite has no statistics to tell them apart. A broad filter walks the sort
/// key's index instead, with the person's column kept off every index.
fn open_person_index(conn: &Conn, f: &Filter, broad: bool) -> Option<&'static str> {
    if broad || conn.engine() != Engine::Sqlite || !wants_open(f) {
        return None;
    }
    let names = |want: fn(&Term) -> bool| f.clauses.iter().any(|c| !c.negated && want(&c.term));
    if names(|t| matches!(t, Term::Customer(_))) {
        Some("tickets_open_customer")
    } else if names(|t| matches!(t, Term::Assignee(w) if *w != Who::Nobody)) {
        Some("tickets_open_assignee")
    } else {
        None
    }
}

/// Tests the stage and "open" (never resolved) on the joined order's row, which
/// holds both as the ticket does (PostgreSQL's `ticket_updates`, migration 024): the
/// planner then estimates `is:open` on one table and walks `ticket_updates_open`.
/// Tested on the ticket, the two tables' conditions were taken as independent (a
/// handful of rows expected of 20,000 open ones), so every open ticket was joined
/// and sorted: 198 ms for a first page at a million tickets.
fn on_the_order(wheres: &mut [String]) {
    for w in wheres {
        *w = w
            .replace("t.stage IN (", "u.stage IN (")
            .replace("t.resolved_at IS NULL", "u.open");
    }
}

/// Keeps the filter's terms off their own indexes (a unary `+`): when nothing narrows
/// the match much, walking the sort key's index and skipping rows beats SQLite's
/// default of reading every match through the stage/type index and sorting them all
/// (123 ms → sub-ms at a million tickets).
pub(super) fn walk_sort_index(wheres: &mut [String]) {
    for w in wheres {
        for col in [
            "t.stage ",
            "t.type ",
            "t.priority ",
            "t.channel ",
            "t.customer_id ",
            "t.assignee_id ",
        ] {
            *w = w.replace(col, &format!("+{col}")).replace("++", "+");
        }
    }
}

/// The query plan SQLite chooses for a list page (tests and `PERFORMANCE.md`): one
/// line per step, for each statement the page runs.
pub fn list_plan(conn: &Conn, q: &ListQuery<'_>) -> Result<Vec<String>> {
    if by_name::applies(q.sort) {
        return by_name::plan(conn, q);
    }
    if q.sort == SortKey::Id {
        let (text, rest) = split_text(q.filter);
        if !text.term_exprs().is_empty() {
            let (sql, mut params) = matches::matches_sql(conn, &rest, q.ctx)?;
            params[0] = Value::Text("[1]".into());
            let mut plan = crate::store::query_plan(
                conn,
                crate::store::search::walk_sql(q.descending),
                &[
                    Value::Text(text.term_exprs()[0].clone()),
                    Value::Integer(i64::MAX),
                    Value::Integer(32),
                ],
            )?;
            plan.extend(crate::store::query_plan(conn, &sql, &params)?);
            plan.extend(matches::few_customers_plan(conn, &rest)?);
            return Ok(plan);
        }
    }
    let (sql, params) = list_sql(conn, q)?;
    crate::store::query_plan(conn, &sql, &params)
}
