//! A filter's terms as SQL conditions on `tickets t`.

use super::matches::customer_match;
use crate::domain::filter::{Clause, Filter, Is, Term, Who};
use crate::error::Result;
use crate::store::{like_pattern, Conn, Value};

/// What the store needs to turn relative filter terms into SQL.
#[derive(Debug, Clone, Default)]
pub struct FilterContext {
    /// The acting agent's id, for `assignee:me`.
    pub me: Option<i64>,
    pub now: i64,
    /// Stages of kind open or waiting (for `is:open`, `is:breached`).
    pub active_stages: Vec<String>,
    pub waiting_stages: Vec<String>,
    pub done_stages: Vec<String>,
    /// Stages of kind closed: a filter that excludes all of them holds only tickets
    /// with no `closed_at` (SQLite walks those by last update on their own index).
    pub closed_stages: Vec<String>,
    /// The business calendar's time zone, for days, hours and weekdays.
    pub tz: chrono_tz::Tz,
    /// Problem categories in config order: id and lower-case keywords (`category:`).
    pub categories: Vec<(String, Vec<String>)>,
}

fn in_list(col: &str, items: &[String], params: &mut Vec<Value>) -> String {
    if items.is_empty() {
        return "1 = 0".into();
    }
    let marks: Vec<String> = items
        .iter()
        .map(|s| {
            params.push(Value::Text(s.clone()));
            format!("?{}", params.len())
        })
        .collect();
    format!("{col} IN ({})", marks.join(", "))
}

/// The stage column in `is:open` / `is:breached` (SQLite: off its index).
fn open_stage(conn: &Conn) -> &'static str {
    conn.pick("+t.stage", "t.stage")
}

pub(crate) fn where_clauses(
    conn: &Conn,
    f: &Filter,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
) -> Result<Vec<String>> {
    f.clauses
        .iter()
        .map(|c| {
            let sql = clause_sql(conn, c, ctx, params)?;
            Ok(if c.negated {
                format!("NOT ({sql})")
            } else {
                sql
            })
        })
        .collect()
}

fn clause_sql(
    conn: &Conn,
    c: &Clause,
    ctx: &FilterContext,
    params: &mut Vec<Value>,
) -> Result<String> {
    let like = conn.like();
    let bind = |v: Value, params: &mut Vec<Value>| {
        params.push(v);
        format!("?{}", params.len())
    };
    if let Some(sql) = crate::store::filter_terms::sql(conn, &c.term, ctx, params) {
        return Ok(sql);
    }
    Ok(match &c.term {
        Term::Id(cmp, id) => format!("t.id {} {}", cmp.sql(), bind(Value::Integer(*id), params)),
        Term::Stage(list) => in_list("t.stage", list, params),
        Term::Type(list) => in_list("t.type", list, params),
        Term::Channel(list) => {
            let names: Vec<String> = list.iter().map(|c| c.as_str().to_string()).collect();
            in_list("t.channel", &names, params)
        }
        Term::Priority(cmp, p) => format!(
            "t.priority {} {}",
            cmp.sql(),
            bind(Value::Integer(p.rank()), params)
        ),
        Term::Assignee(Who::Me) => format!(
            "t.assignee_id = {}",
            bind(Value::Integer(ctx.me.unwrap_or(-1)), params)
        ),
        Term::Assignee(Who::Nobody) => "t.assignee_id IS NULL".into(),
        Term::Assignee(Who::Exact(n)) => format!(
            "t.assignee_id IN (SELECT id FROM agents WHERE name = {})",
            bind(Value::Text(n.clone()), params)
        ),
        Term::Assignee(Who::Name(n)) => format!(
            "t.assignee_id IN (SELECT id FROM agents WHERE name {like} {} ESCAPE '\\')",
            bind(Value::Text(like_pattern(n)), params)
        ),
        // Through the customers' word index (name and organisation), not a LIKE over
        // every customer; text without words (punctuation only) falls back to LIKE.
        Term::Customer(n) => match customer_match(n) {
            Some(expr) => match conn.engine() {
                crate::store::Engine::Sqlite => format!(
                    "t.customer_id IN (SELECT rowid FROM search_customers WHERE search_customers MATCH {})",
                    bind(Value::Text(expr), params)
                ),
                crate::store::Engine::Postgres => format!(
                    "t.customer_id IN (SELECT id FROM search_customers WHERE doc @@ CAST({} AS TEXT)::tsquery)",
                    bind(Value::Text(crate::store::search::engine_query(conn, &expr)?), params)
                ),
            },
            None => {
                let p = bind(Value::Text(like_pattern(n)), params);
                format!(
                    "t.customer_id IN (SELECT id FROM customers WHERE name {like} {p} ESCAPE '\\' OR organization {like} {p} ESCAPE '\\')"
                )
            }
        },
        Term::Due(cmp, secs) => format!(
            "t.resolution_due {} {}",
            cmp.sql(),
            bind(Value::Integer(ctx.now + secs), params)
        ),
        Term::Created(cmp, secs) => format!(
            "t.created_at {} {}",
            cmp.sql(),
            bind(Value::Integer(ctx.now + secs), params)
        ),
        // Open stages never have a resolution time; saying so lets SQLite use the
        // small partial indexes of open tickets (by due time, customer, assignee).
        // The stages are kept off `tickets_stage` (a unary `+`): their 15,000 rows
        // at a million tickets, read and sorted, beat only a walk of every ticket.
        Term::Is(Is::Open) => format!(
            "(t.resolved_at IS NULL AND {})",
            in_list(open_stage(conn), &ctx.active_stages, params)
        ),
        Term::Is(Is::Waiting) => in_list("t.stage", &ctx.waiting_stages, params),
        Term::Is(Is::Done) => in_list("t.stage", &ctx.done_stages, params),
        Term::Is(Is::Unassigned) => "t.assignee_id IS NULL".into(),
        Term::Is(Is::Breached) => {
            let stages = in_list(open_stage(conn), &ctx.active_stages, params);
            format!(
                "(t.resolved_at IS NULL AND {stages} AND t.resolution_due < {})",
                bind(Value::Integer(ctx.now), params)
            )
        }
        Term::Tag(tags) => format!(
            "t.id IN (SELECT ticket_id FROM ticket_tags WHERE {})",
            in_list("tag", tags, params)
        ),
        Term::Group(groups) => {
            let named: Vec<String> = groups.iter().filter(|g| *g != "none").cloned().collect();
            let none = if named.len() < groups.len() {
                " OR t.group_id IS NULL"
            } else {
                ""
            };
            format!("({}{none})", in_list("t.group_id", &named, params))
        }
        // Refused before a ticket query by ops (`check_filter`); all tickets are tickets.
        Term::Kind(_) => "1".into(),
        // Through the word index (title, body and comments; CJK inside longer words).
        Term::Text(s) => {
            let q = crate::domain::search::TextQuery::from_parts(&[s]);
            crate::store::search::text_condition(conn, &q, params)?
        }
        // Written by filter_terms::sql above.
        _ => "1 = 1".into(),
    })
}
