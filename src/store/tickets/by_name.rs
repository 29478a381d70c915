//! Ticket lists sorted by customer or assignee name, in pinyin order (issue 15 item 9).
//!
//! The order is (name's sort key, person's id, ticket id), tickets without a customer
//! (assignee) first. When the filter is broad, a page walks people through their
//! sort index (migration 016) and each one's tickets through `tickets_customer` /
//! `tickets_assignee`, so nothing is sorted; the ones without a person come from the
//! same ticket index at `NULL`. A narrow filter reads its matches and sorts them.

use super::columns::{cols, row_at};
use super::conditions::{conditions, Conditions};
use super::count::wants_open;
use super::list::{ListQuery, Page};
use super::sort::{Cursor, SortKey};
use crate::domain::collate::name_key;
use crate::domain::filter::Term;
use crate::domain::ticket::Ticket;
use crate::error::Result;
use crate::store::{dyn_params, Conn, Engine, Value};

/// Whether `sort` is listed here.
pub(super) fn applies(sort: SortKey) -> bool {
    matches!(sort, SortKey::Customer | SortKey::Assignee)
}

/// The cursor of a ticket whose person (customer or assignee) is `name` / `by`.
pub(super) fn cursor(name: Option<&str>, by: Option<i64>, id: i64) -> Cursor {
    match (name, by) {
        (Some(n), Some(by)) => Cursor {
            value: Value::Blob(name_key(n)),
            id,
            by,
        },
        _ => Cursor {
            value: Value::Blob(Vec::new()),
            id,
            by: 0,
        },
    }
}

/// Which person a sort is by: the alias and table, the ticket's column, and the join
/// of the other person.
struct Side {
    alias: &'static str,
    table: &'static str,
    column: &'static str,
    other: &'static str,
    /// The index of open tickets by this person.
    open_index: &'static str,
}

fn side(sort: SortKey) -> Side {
    if sort == SortKey::Customer {
        Side {
            alias: "c",
            table: "customers",
            column: "t.customer_id",
            other: "LEFT JOIN agents a ON a.id = t.assignee_id",
            open_index: "tickets_open_customer",
        }
    } else {
        Side {
            alias: "a",
            table: "agents",
            column: "t.assignee_id",
            other: "LEFT JOIN customers c ON c.id = t.customer_id",
            open_index: "tickets_open_assignee",
        }
    }
}

/// One statement of a page and its parameters.
struct Step {
    sql: String,
    params: Vec<Value>,
}

/// The statements of a page, in the order their rows come.
fn steps(conn: &Conn, q: &ListQuery<'_>, want: usize) -> Result<Vec<Step>> {
    let s = side(q.sort);
    let Conditions {
        mut wheres,
        mut params,
        broad,
    } = conditions(conn, q)?;
    let one_stage = one_stage_by_assignee(conn, q);
    if one_stage {
        for w in &mut wheres {
            *w = w.replace("+t.stage ", "t.stage ");
        }
    }
    let broad = broad || one_stage;
    let (cmp, dir) = if q.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let cols = cols(conn).trim_start_matches("SELECT ");
    // SQLite's empty blob and IFNULL, PostgreSQL's empty bytea and COALESCE.
    let empty = conn.pick("X''", "''::bytea");
    let ifnull = conn.pick("IFNULL", "COALESCE");
    if !broad {
        // Few matches: read them and sort (the expression of SortKey::expr).
        let key = format!("{ifnull}({}.sort_key, {empty})", s.alias);
        let by = format!("{ifnull}({}, 0)", s.column);
        if let Some(c) = &q.after {
            params.extend([c.value.clone(), Value::Integer(c.by), Value::Integer(c.id)]);
            let n = params.len();
            wheres.push(format!(
                "({key}, {by}, t.id) {cmp} (?{}, ?{}, ?{n})",
                n - 2,
                n - 1
            ));
        }
        let sql = format!(
            "SELECT {key}, {by}, {cols} FROM tickets t
             LEFT JOIN customers c ON c.id = t.customer_id
             LEFT JOIN agents a ON a.id = t.assignee_id{}
             ORDER BY 1 {dir}, 2 {dir}, t.id {dir} LIMIT {want}",
            where_sql(&wheres)
        );
        return Ok(vec![Step { sql, params }]);
    }
    // Tickets without the person: the "nobody" group, first in ascending order.
    let nobody = q.after.as_ref().is_none_or(|c| c.by == 0);
    let mut none_where = wheres.clone();
    none_where.push(format!("{} IS NULL", s.column));
    let mut none_params = params.clone();
    if let Some(c) = q.after.as_ref().filter(|c| c.by == 0) {
        none_params.push(Value::Integer(c.id));
        none_where.push(format!("t.id {cmp} ?{}", none_params.len()));
    }
    let none = Step {
        sql: format!(
            "SELECT {empty}, 0, {cols} FROM tickets t
             LEFT JOIN customers c ON c.id = t.customer_id
             LEFT JOIN agents a ON a.id = t.assignee_id{}
             ORDER BY t.id {dir} LIMIT {want}",
            where_sql(&none_where)
        ),
        params: none_params,
    };
    // People in name order (CROSS JOIN keeps them the outer loop), each one's tickets
    // by id. After a cursor on a person: that person's later tickets, then the next.
    let mut people_where = wheres;
    on_person(conn, &mut people_where, &s);
    let mut people_params = params;
    let (p, col) = (s.alias, s.column);
    if let Some(c) = q.after.as_ref().filter(|c| c.by != 0) {
        people_params.extend([c.value.clone(), Value::Integer(c.by), Value::Integer(c.id)]);
        let n = people_params.len();
        let eq = if q.descending { "<=" } else { ">=" };
        people_where.push(format!(
            "({p}.sort_key, {p}.id) {eq} (?{}, ?{})",
            n - 2,
            n - 1
        ));
        people_where.push(format!("({p}.id <> ?{} OR t.id {cmp} ?{n})", n - 1));
    }
    // CROSS JOIN pins SQLite's join order; PostgreSQL plans by itself and wants JOIN.
    let join = conn.pick("CROSS JOIN", "JOIN");
    // Open tickets: each person's open ones alone (migration 019). SQLite picks the
    // full index by person instead when the text is tested per row (`退款 is:open`
    // by customer: every ticket of each customer read, 114 ms CPU at a million).
    let indexed = if conn.engine() == Engine::Sqlite && wants_open(q.filter) {
        format!(" INDEXED BY {}", s.open_index)
    } else {
        String::new()
    };
    let people = Step {
        sql: format!(
            "SELECT {p}.sort_key, {p}.id, {cols} FROM {table} {p}
             {join} tickets t{indexed} ON {col} = {p}.id
             {other}{}
             ORDER BY {p}.sort_key {dir}, {p}.id {dir}, t.id {dir} LIMIT {want}",
            where_sql(&people_where),
            table = s.table,
            other = s.other,
        ),
        params: people_params,
    };
    Ok(match (q.descending, nobody) {
        (false, true) => vec![none, people],
        (false, false) => vec![people],
        (true, true) if q.after.is_some() => vec![none],
        (true, _) => vec![people, none],
    })
}

/// Whether the page is by assignee and the filter names one stage (SQLite): each
/// agent's tickets in that stage come in id order from `tickets_assignee_stage
/// (assignee_id, stage)`, so the walk of agents in name order finds a page after a
/// few agents (`stage:new`: ~4 tickets an agent), where reading the stage's
/// 2,735 tickets at a million and sorting them took 7.5–10.4 ms CPU. The stage is
/// then kept on its index (no unary `+`, which a broad filter's terms get).
fn one_stage_by_assignee(conn: &Conn, q: &ListQuery<'_>) -> bool {
    conn.engine() == Engine::Sqlite
        && q.sort == SortKey::Assignee
        && !wants_open(q.filter)
        && q.filter
            .clauses
            .iter()
            .any(|c| !c.negated && matches!(&c.term, Term::Stage(list) if list.len() == 1))
}

/// Writes the filter's terms on the sorted person (`assignee:王` sorted by assignee)
/// on the person's id instead of the ticket's column, which the join makes equal:
/// people who do not match are then skipped in the walk of the name index, before
/// any of their tickets is read (`assignee:王` by assignee: 82 ms CPU, every ticket
/// of each agent before 王 tested, at a million tickets). On SQLite the id stays off
/// the primary key (a unary `+`), so the walk keeps the name order.
fn on_person(conn: &Conn, wheres: &mut [String], s: &Side) {
    let id = format!("{}{}.id ", conn.pick("+", ""), s.alias);
    let column = format!("{} ", s.column);
    for w in wheres {
        *w = w
            .replace(&format!("+{column}"), &column)
            .replace(&column, &id);
    }
}

fn where_sql(wheres: &[String]) -> String {
    if wheres.is_empty() {
        String::new()
    } else {
        format!("\n             WHERE {}", wheres.join(" AND "))
    }
}

/// A page sorted by customer or assignee name, by keyset pagination.
pub(super) fn list(conn: &Conn, q: &ListQuery<'_>) -> Result<Page> {
    let want = q.limit + 1;
    let mut out: Vec<(Value, i64, Ticket)> = Vec::new();
    for step in steps(conn, q, want)? {
        if out.len() >= want {
            break;
        }
        conn.query_each(&step.sql, &dyn_params(&step.params), |r| {
            if out.len() < want {
                out.push((r.get(0)?, r.get(1)?, row_at(r, 2)?));
            }
            Ok(())
        })?;
    }
    let next = if out.len() > q.limit {
        out.truncate(q.limit);
        out.last().map(|(value, by, t)| Cursor {
            value: value.clone(),
            id: t.id,
            by: *by,
        })
    } else {
        None
    };
    Ok(Page {
        rows: out.into_iter().map(|(_, _, t)| t).collect(),
        next,
    })
}

/// The query plans of a page's statements, one after the other.
pub(super) fn plan(conn: &Conn, q: &ListQuery<'_>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for step in steps(conn, q, q.limit + 1)? {
        out.extend(crate::store::query_plan(conn, &step.sql, &step.params)?);
    }
    Ok(out)
}
