//! The word index (migrations 002 and 010): the Rust functions its triggers call,
//! candidate queries (newest matches first, ranked later in Rust), the ticket
//! match walk, merge upkeep and the bulk rebuild.

mod docs;
mod matcher;
pub mod merge;
mod rebuild;

use super::tickets::{where_clauses, FilterContext};
use super::Conn;
use crate::domain::filter::Filter;
use crate::domain::search::{index_text_into, Kind, TextQuery};
use crate::error::Result;
use rusqlite::functions::FunctionFlags;
use rusqlite::params;
use rusqlite::types::{Value, ValueRef};

pub use docs::{comment_doc, ticket_doc, MAX_TICKET_ID};
pub(in crate::store) use matcher::{walk_sql, TicketMatch};
pub(in crate::store) use rebuild::rebuild_on;
pub use rebuild::{rebuild, Rebuilt};

/// Registers `ac_segment(text)` and `ac_auto_index()` on a connection. Called by
/// `Store::open` before migrating: the triggers and migration 002 need both.
pub fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "ac_segment",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut out = String::new();
            match ctx.get_raw(0) {
                ValueRef::Null => return Ok(None),
                ValueRef::Text(b) => index_text_into(&String::from_utf8_lossy(b), &mut out),
                _ => index_text_into(&ctx.get::<String>(0).unwrap_or_default(), &mut out),
            }
            Ok(Some(out))
        },
    )?;
    auto_index(conn, true)
}

/// Turns the index triggers on or off for this connection only (other connections
/// keep indexing). Off is for bulk loads that call `rebuild` at the end.
pub fn set_auto_index(conn: &Conn, on: bool) -> rusqlite::Result<()> {
    auto_index(conn, on)
}

fn auto_index(conn: &rusqlite::Connection, on: bool) -> rusqlite::Result<()> {
    conn.create_scalar_function("ac_auto_index", 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(on as i64)
    })
}

const STALE: &str = "search:stale";

/// Starts a bulk load: triggers off on this connection, and the index marked stale
/// (so a load that dies half-way is noticed) until `finish_bulk`.
pub fn begin_bulk(conn: &Conn) -> Result<()> {
    conn.execute(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = 1",
        [STALE],
    )?;
    set_auto_index(conn, false)?;
    Ok(())
}

/// Ends a bulk load: rebuilds the whole index and turns the triggers back on.
pub fn finish_bulk(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let r = rebuild(conn, progress)?;
    set_auto_index(conn, true)?;
    Ok(r)
}

/// Whether a bulk load started and never rebuilt the index (`db reindex` fixes it).
pub fn is_stale(conn: &Conn) -> Result<bool> {
    stale_on(conn)
}

/// `is_stale` on a plain connection (the migration runner has no `Conn`).
pub(in crate::store) fn stale_on(conn: &rusqlite::Connection) -> Result<bool> {
    use rusqlite::OptionalExtension;
    let v: Option<i64> = conn
        .query_row("SELECT value FROM counters WHERE name = ?1", [STALE], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.unwrap_or(0) != 0)
}

/// Clears the stale mark (after a rebuild).
fn clear_stale(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute("DELETE FROM counters WHERE name = ?1", [STALE])?;
    Ok(())
}

/// What is wrong with the index (for `db check`): a bulk load that never finished,
/// or a kind whose record count differs from the index's.
pub fn problems(conn: &Conn) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if is_stale(conn)? {
        out.push(
            "search: a bulk load left the index behind; run: aftercare db reindex".to_string(),
        );
    }
    let n = |sql: String| -> Result<i64> { Ok(conn.query_row(&sql, [], |r| r.get(0))?) };
    for (kind, records) in [
        (Kind::Ticket, "tickets"),
        (Kind::Customer, "customers"),
        (Kind::Article, "kb_articles"),
        (Kind::Project, "projects"),
    ] {
        let rows = n(format!("SELECT count(*) FROM {records}"))?;
        // A ticket's text is one document of the ticket index, each comment another.
        let docs = if kind == Kind::Ticket {
            n(format!(
                "SELECT count(*) FROM search_tickets_docsize WHERE id & {} = 0",
                docs::SLOT_MASK
            ))?
        } else {
            n(format!("SELECT count(*) FROM {}_docsize", table(kind)))?
        };
        if rows != docs {
            out.push(format!(
                "search: {rows} {}s but {docs} in the index; run: aftercare db reindex",
                kind.as_str()
            ));
        }
    }
    let comments = n("SELECT count(*) FROM comments".into())?;
    let docs = n(format!(
        "SELECT count(*) FROM search_tickets_docsize WHERE id & {} <> 0",
        docs::SLOT_MASK
    ))?;
    if comments != docs {
        out.push(format!(
            "search: {comments} comments but {docs} in the index; run: aftercare db reindex"
        ));
    }
    Ok(out)
}

fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Ticket => "search_tickets",
        Kind::Customer => "search_customers",
        Kind::Article => "search_articles",
        Kind::Project => "search_projects",
    }
}

/// A record found by the index, with the text ranking and snippets need.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: Kind,
    pub id: i64,
    pub title: String,
    pub body: String,
    /// Ticket stage, article category, customer organisation, project status.
    pub context: Option<String>,
    pub updated_at: i64,
}

/// The newest `limit` records of `kind` matching `q` (a ticket matches when each
/// term is in its text or one of its comments). Tickets must also meet the
/// filter's other terms (same SQL as the ticket list).
pub fn candidates(
    conn: &Conn,
    kind: Kind,
    q: &TextQuery,
    filter: &Filter,
    ctx: &FilterContext,
    limit: usize,
) -> Result<Vec<Candidate>> {
    if kind == Kind::Ticket {
        return ticket_candidates(conn, q, filter, ctx, limit);
    }
    let Some(fts) = q.fts() else {
        return Ok(Vec::new());
    };
    let tbl = table(kind);
    let (cols, join) = match kind {
        Kind::Customer => (
            "t.id, t.name, concat_ws(' · ', t.organization, t.email, t.phone, t.chat, t.notes),
             t.organization, t.updated_at",
            "customers t",
        ),
        Kind::Article => (
            "t.id, t.title, t.body, t.category, t.updated_at",
            "kb_articles t",
        ),
        _ => (
            "t.id, t.name, concat_ws(' · ', t.goal, t.metric, t.target), t.status, t.updated_at",
            "projects t",
        ),
    };
    // CROSS JOIN keeps the index as the outer loop, so ORDER BY rowid DESC LIMIT
    // streams the newest matches instead of sorting them all.
    let sql = format!(
        "SELECT {cols} FROM {tbl} CROSS JOIN {join} ON t.id = {tbl}.rowid
         WHERE {tbl} MATCH ?1 ORDER BY {tbl}.rowid DESC LIMIT {limit}"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([fts], |r| candidate(kind, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn candidate(kind: Kind, r: &rusqlite::Row<'_>) -> rusqlite::Result<Candidate> {
    Ok(Candidate {
        kind,
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        context: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

/// Tickets matching `q`, newest first, read in batches from the match walk and
/// joined with the filter's other terms.
fn ticket_candidates(
    conn: &Conn,
    q: &TextQuery,
    filter: &Filter,
    ctx: &FilterContext,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let Some(mut walk) = TicketMatch::new(conn, q, true, None) else {
        return Ok(Vec::new());
    };
    let mut params: Vec<Value> = vec![Value::Null];
    let wheres = where_clauses(filter, ctx, &mut params);
    let mut sql = String::from(
        "SELECT t.id, t.title, t.body, t.stage, t.updated_at
         FROM json_each(?1) j CROSS JOIN tickets t ON t.id = j.value",
    );
    if !wheres.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&wheres.join(" AND "));
    }
    let mut out: Vec<Candidate> = Vec::new();
    let mut want = limit;
    loop {
        let ids = walk.next_ids(want)?;
        if ids.is_empty() {
            break;
        }
        params[0] = Value::Text(json_ids(&ids));
        let mut st = conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            candidate(Kind::Ticket, r)
        })?;
        let mut batch: Vec<Candidate> = rows.collect::<rusqlite::Result<_>>()?;
        batch.sort_by_key(|c| std::cmp::Reverse(c.id));
        out.extend(batch);
        if out.len() >= limit || ids.len() < want {
            break;
        }
        // Filtered out: read further ahead next time.
        want = ((limit - out.len()) * 4).clamp(64, 4096);
    }
    out.truncate(limit);
    Ok(out)
}

/// Ids as a JSON array, for `json_each`.
pub(in crate::store) fn json_ids(ids: &[i64]) -> String {
    let mut s = String::with_capacity(ids.len() * 8 + 2);
    s.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&id.to_string());
    }
    s.push(']');
    s
}

/// Every ticket id matching `q`, ascending (tests and checks).
pub fn ticket_ids(conn: &Conn, q: &TextQuery) -> Result<Vec<i64>> {
    match TicketMatch::new(conn, q, false, None) {
        Some(mut walk) => walk.next_ids(usize::MAX),
        None => Ok(Vec::new()),
    }
}

/// Every id of a customer, article or project matching `fts`, ascending (tests).
pub fn all_ids(conn: &Conn, kind: Kind, fts: &str) -> Result<Vec<i64>> {
    let tbl = table(kind);
    let mut st = conn.prepare_cached(&format!(
        "SELECT rowid FROM {tbl} WHERE {tbl} MATCH ?1 ORDER BY rowid"
    ))?;
    let rows = st.query_map([fts], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The SQL condition "ticket `t` matches `q`" for queries that cannot walk the
/// index in ticket order (other sort keys, counts): each term a set of tickets.
pub(in crate::store) fn text_condition(q: &TextQuery, params: &mut Vec<Value>) -> String {
    let set = |expr: String, params: &mut Vec<Value>| {
        params.push(Value::Text(expr));
        format!(
            "t.id IN (SELECT rowid >> {} FROM search_tickets WHERE search_tickets MATCH ?{})",
            docs::SLOT_BITS,
            params.len()
        )
    };
    let mut parts: Vec<String> = q.term_exprs().into_iter().map(|e| set(e, params)).collect();
    for group in q.exclusion_exprs() {
        let all: Vec<String> = group.into_iter().map(|e| set(e, params)).collect();
        if !all.is_empty() {
            parts.push(format!("NOT ({})", all.join(" AND ")));
        }
    }
    if parts.is_empty() {
        "1".into()
    } else {
        format!("({})", parts.join(" AND "))
    }
}

/// Articles matching `fts`, best first by bm25 (title weighs double), with their
/// score (higher is better). Archived articles are left out.
pub fn ranked_articles(conn: &Conn, fts: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
    let mut st = conn.prepare_cached(
        "SELECT k.id, -bm25(search_articles, 2.0, 1.0) AS score
         FROM search_articles CROSS JOIN kb_articles k ON k.id = search_articles.rowid
         WHERE search_articles MATCH ?1 AND k.status <> 'archived'
         ORDER BY score DESC, k.id DESC LIMIT ?2",
    )?;
    let rows = st.query_map(params![fts, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The comments of a ticket joined into one text (for snippets of comment matches).
pub fn comment_text(conn: &Conn, ticket_id: i64) -> Result<String> {
    Ok(conn
        .prepare_cached(
            "SELECT IFNULL(group_concat(body, char(10)), '') FROM comments WHERE ticket_id = ?1",
        )?
        .query_row([ticket_id], |r| r.get(0))?)
}

#[cfg(test)]
mod tests;
