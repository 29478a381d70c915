//! The word index (migrations 002 and 010): the Rust functions its triggers call,
//! candidate queries (newest matches first, ranked later in Rust), the ticket
//! match walk, merge upkeep and the bulk rebuild.
//!
//! SQLite: contentless FTS5 tables kept by triggers that call `ac_segment`, a Rust
//! function registered on every connection; a ticket is one document for its text
//! and one per comment. PostgreSQL: a tsvector per record (a ticket with its
//! comments) with a GIN index; triggers note the changed records and `flush_dirty`
//! writes their index rows before every commit, in the same transaction (SQL cannot
//! call Rust). Both index the same segmenter output and answer the same queries alike.

mod docs;
mod matcher;
pub mod merge;
mod pg;
mod pg_terms;
mod pg_text;
mod pg_window;
mod rebuild;

use super::tickets::{where_clauses, FilterContext};
use super::{params, Conn, Engine, Value};
use crate::domain::filter::Filter;
use crate::domain::search::{index_text_into, Kind, TextQuery};
use crate::error::{Error, Result};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

pub use docs::{comment_doc, ticket_doc, ticket_of as ticket_of_doc, MAX_TICKET_ID};
pub(in crate::store) use matcher::{probe_sql, walk_sql, TicketMatch};
pub(crate) use pg::{drop_word_list_triggers, flush_dirty};
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

/// Turns index upkeep on or off for this connection only (other connections keep
/// indexing). Off is for bulk loads that call `rebuild` at the end.
pub fn set_auto_index(conn: &Conn, on: bool) -> Result<()> {
    match conn.as_sqlite() {
        Some(c) => Ok(auto_index(c, on)?),
        None => conn.execute_batch(if on {
            "SET aftercare.bulk = 'off'"
        } else {
            "SET aftercare.bulk = 'on'"
        }),
    }
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
        params![STALE],
    )?;
    set_auto_index(conn, false)?;
    Ok(())
}

/// Ends a bulk load: rebuilds the whole index and turns the triggers back on. On
/// PostgreSQL also gathers the planner's statistics, which a bulk load leaves empty
/// until autovacuum comes by (without them every word looks rare).
pub fn finish_bulk(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let r = rebuild(conn, progress)?;
    set_auto_index(conn, true)?;
    if conn.engine() == Engine::Postgres {
        conn.execute_batch("ANALYZE")?;
    }
    Ok(r)
}

/// Refills migration 022's list of the ticket index's Latin words from the whole
/// index (PostgreSQL; after a rebuild, whose rows the list's triggers skip). About
/// 45 s at a million tickets on a busy machine.
pub(crate) fn refill_words(conn: &Conn) -> Result<()> {
    if conn.engine() != Engine::Postgres {
        return Ok(());
    }
    conn.execute_batch(
        "DELETE FROM search_words;
         INSERT INTO search_words (word)
         SELECT DISTINCT w FROM search_tickets, unnest(tsvector_to_array(doc)) AS w
         WHERE w COLLATE \"C\" < chr(12288);
         ANALYZE search_words",
    )
}

/// Adds the Latin words of a tsvector literal (`pg_tsvector`'s) to `words`: its
/// lexemes whose first character is below U+3000, as migration 022's list keeps
/// them, for loads that write index rows with the list's triggers off. The literal
/// lists its lexemes in byte order, so they come first and the CJK ones (most of
/// a ticket's) are not read.
pub(crate) fn latin_words_into(doc: &str, words: &mut std::collections::HashSet<String>) {
    for entry in doc.split(' ') {
        let Some(rest) = entry.strip_prefix('\'') else {
            continue;
        };
        // UTF-8 lead bytes below 0xE3 are the characters below U+3000.
        if rest.as_bytes().first().is_none_or(|b| *b >= 0xE3) {
            break;
        }
        let Some(end) = rest.rfind('\'') else {
            continue;
        };
        let lexeme = &rest[..end];
        if lexeme.contains(['\'', '\\']) {
            // Never in a word token (letters and digits); unescaped all the same.
            words.insert(lexeme.replace("''", "'").replace("\\\\", "\\"));
        } else if !words.contains(lexeme) {
            words.insert(lexeme.to_string());
        }
    }
}

/// Adds words to migration 022's list (those it already holds are left).
pub(crate) fn add_words(conn: &Conn, words: &std::collections::HashSet<String>) -> Result<()> {
    if words.is_empty() {
        return Ok(());
    }
    let list = serde_json::Value::from(words.iter().cloned().collect::<Vec<_>>()).to_string();
    conn.execute(
        &format!(
            "INSERT INTO search_words (word) {} ON CONFLICT DO NOTHING",
            conn.json_texts(1)
        ),
        params![list],
    )?;
    Ok(())
}

/// Whether a bulk load started and never rebuilt the index (`db reindex` fixes it).
pub fn is_stale(conn: &Conn) -> Result<bool> {
    let v: Option<i64> = conn.query_opt(
        "SELECT value FROM counters WHERE name = ?1",
        params![STALE],
        |r| r.get(0),
    )?;
    Ok(v.unwrap_or(0) != 0)
}

/// Clears the stale mark (after a rebuild).
fn clear_stale(conn: &Conn) -> Result<()> {
    conn.execute("DELETE FROM counters WHERE name = ?1", params![STALE])?;
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
    let n = |sql: String| -> Result<i64> { conn.one(&sql, params![]) };
    if conn.engine() == Engine::Postgres {
        // One index row per record (a ticket's comments are in its row).
        for (kind, records) in [
            (Kind::Ticket, "tickets"),
            (Kind::Customer, "customers"),
            (Kind::Article, "kb_articles"),
            (Kind::Project, "projects"),
        ] {
            let rows = n(format!("SELECT count(*) FROM {records}"))?;
            let docs = n(format!("SELECT count(*) FROM {}", table(kind)))?;
            if rows != docs {
                out.push(format!(
                    "search: {rows} {}s but {docs} in the index; run: aftercare db reindex",
                    kind.as_str()
                ));
            }
        }
        return Ok(out);
    }
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
    let sql = kind_sql(conn, kind, limit, "");
    conn.query_map(&sql, params![engine_query(conn, &fts)?], |r| {
        candidate(kind, r)
    })
}

/// `candidates` of several kinds other than tickets (which have filters of their
/// own): on PostgreSQL one statement for all of them, a round trip instead of three.
pub fn other_candidates(
    conn: &Conn,
    kinds: &[Kind],
    q: &TextQuery,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let kinds: Vec<Kind> = kinds
        .iter()
        .copied()
        .filter(|k| *k != Kind::Ticket)
        .collect();
    let Some(fts) = q.fts() else {
        return Ok(Vec::new());
    };
    if conn.engine() == Engine::Sqlite || kinds.len() < 2 {
        let mut out = Vec::new();
        for kind in kinds {
            out.extend(candidates(
                conn,
                kind,
                q,
                &Filter::default(),
                &FilterContext::default(),
                limit,
            )?);
        }
        return Ok(out);
    }
    // Each kind's newest matches, its name last (the columns `candidate` reads first).
    let parts: Vec<String> = kinds
        .iter()
        .map(|k| {
            format!(
                "({})",
                kind_sql(conn, *k, limit, &format!(", '{}'", k.as_str()))
            )
        })
        .collect();
    conn.query_map(
        &parts.join(" UNION ALL "),
        params![engine_query(conn, &fts)?],
        |r| {
            let name: String = r.get(5)?;
            let kind = kinds
                .iter()
                .copied()
                .find(|k| k.as_str() == name)
                .ok_or_else(|| Error::msg(format!("a search candidate of kind {name}")))?;
            candidate(kind, r)
        },
    )
}

/// The newest `limit` matches of a kind other than tickets, `extra` columns after
/// the five `candidate` reads; the query is parameter 1.
fn kind_sql(conn: &Conn, kind: Kind, limit: usize, extra: &str) -> String {
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
    match conn.engine() {
        // CROSS JOIN keeps the index as the outer loop, so ORDER BY rowid DESC LIMIT
        // streams the newest matches instead of sorting them all.
        Engine::Sqlite => format!(
            "SELECT {cols}{extra} FROM {tbl} CROSS JOIN {join} ON t.id = {tbl}.rowid
             WHERE {tbl} MATCH ?1 ORDER BY {tbl}.rowid DESC LIMIT {limit}"
        ),
        Engine::Postgres => format!(
            "SELECT {cols}{extra} FROM {tbl} JOIN {join} ON t.id = {tbl}.id
             WHERE {tbl}.doc @@ CAST(?1 AS TEXT)::tsquery ORDER BY {tbl}.id DESC LIMIT {limit}"
        ),
    }
}

fn candidate(kind: Kind, r: &super::Row<'_>) -> Result<Candidate> {
    Ok(Candidate {
        kind,
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get::<Option<String>>(2)?.unwrap_or_default(),
        context: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

/// A record's index row for PostgreSQL from its segmented title and body: the
/// tsvector literal and the token count.
pub(crate) fn pg_tsvector(title: &str, body: &str) -> (String, i64) {
    pg_text::tsvector(title, body)
}

/// The MATCH expression as the engine takes it: FTS5's own text, or a tsquery literal.
pub(crate) fn engine_query(conn: &Conn, fts: &str) -> Result<String> {
    match conn.engine() {
        Engine::Sqlite => Ok(fts.to_string()),
        Engine::Postgres => pg_text::tsquery(fts).map_err(|e| {
            Error::invalid(
                format!("cannot search for {fts}: {}", e.0),
                "search for words or Chinese text without special characters",
            )
        }),
    }
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
    if conn.engine() == Engine::Postgres {
        return pg_window::ticket_candidates(conn, q, filter, ctx, limit);
    }
    let Some(mut walk) = TicketMatch::new(conn, q, true, None) else {
        return Ok(Vec::new());
    };
    let mut params: Vec<Value> = vec![Value::Null];
    let wheres = where_clauses(conn, filter, ctx, &mut params)?;
    let mut sql = format!(
        "SELECT t.id, t.title, t.body, t.stage, t.updated_at FROM tickets t WHERE t.id IN ({})",
        conn.json_ints(1)
    );
    for w in &wheres {
        sql.push_str(" AND ");
        sql.push_str(w);
    }
    let mut out: Vec<Candidate> = Vec::new();
    let mut want = limit;
    loop {
        let ids = walk.next_ids(want)?;
        if ids.is_empty() {
            break;
        }
        params[0] = Value::Text(json_ids(&ids));
        let mut batch: Vec<Candidate> = conn.query_map(&sql, &super::dyn_params(&params), |r| {
            candidate(Kind::Ticket, r)
        })?;
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
    conn.query_map(
        &match conn.engine() {
            Engine::Sqlite => {
                format!("SELECT rowid FROM {tbl} WHERE {tbl} MATCH ?1 ORDER BY rowid")
            }
            Engine::Postgres => {
                format!("SELECT id FROM {tbl} WHERE doc @@ CAST(?1 AS TEXT)::tsquery ORDER BY id")
            }
        },
        params![engine_query(conn, fts)?],
        |r| r.get(0),
    )
}

/// The SQL condition "ticket `t` matches `q`" for queries that cannot walk the
/// index in ticket order (other sort keys, counts): each term a set of tickets.
pub(in crate::store) fn text_condition(
    conn: &Conn,
    q: &TextQuery,
    params: &mut Vec<Value>,
) -> Result<String> {
    if conn.engine() == Engine::Postgres {
        // One row per ticket (its comments included): a term or a group is one tsquery.
        let set = |tsq: String, params: &mut Vec<Value>| {
            params.push(Value::Text(tsq));
            format!(
                "t.id IN (SELECT id FROM search_tickets WHERE doc @@ CAST(?{} AS TEXT)::tsquery)",
                params.len()
            )
        };
        let mut parts = Vec::new();
        if let Some(tsq) = pg::terms_query(q)? {
            parts.push(set(tsq, params));
        }
        for tsq in pg::exclusion_queries(q)? {
            parts.push(format!("NOT ({})", set(tsq, params)));
        }
        return Ok(if parts.is_empty() {
            "1 = 1".into()
        } else {
            format!("({})", parts.join(" AND "))
        });
    }
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
    Ok(if parts.is_empty() {
        "1".into()
    } else {
        format!("({})", parts.join(" AND "))
    })
}

/// Articles matching `fts`, best first by bm25 (title weighs double), with their
/// score (higher is better). Archived articles are left out.
pub fn ranked_articles(conn: &Conn, fts: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
    if conn.engine() == Engine::Postgres {
        return bm25_articles(conn, fts, limit);
    }
    conn.query_map(
        "SELECT k.id, -bm25(search_articles, 2.0, 1.0) AS score
         FROM search_articles CROSS JOIN kb_articles k ON k.id = search_articles.rowid
         WHERE search_articles MATCH ?1 AND k.status <> 'archived'
         ORDER BY score DESC, k.id DESC LIMIT ?2",
        params![fts, limit as i64],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// FTS5's bm25 (k1 = 1.2, b = 0.75; title weight 2, body 1) computed in Rust from the
/// PostgreSQL index, for the OR-of-single-tokens queries `domain::search::any_of`
/// writes: the same scores SQLite computes.
fn bm25_articles(conn: &Conn, fts: &str, limit: usize) -> Result<Vec<(i64, f64)>> {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    let phrases = pg_text::single_tokens(fts).ok_or_else(|| {
        Error::invalid(
            format!("cannot rank articles for {fts}"),
            "suggestions take words and Chinese text only",
        )
    })?;
    let (rows, tokens): (i64, i64) = conn.query_row(
        "SELECT count(*), COALESCE(sum(ntok), 0) FROM search_articles",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if rows == 0 {
        return Ok(Vec::new());
    }
    let avgdl = tokens as f64 / rows as f64;
    // Every matching article (archived ones too: they count for idf, as in FTS5).
    let hits: Vec<(i64, i64, String, String)> = conn.query_map(
        "SELECT s.id, s.ntok, s.doc::text, k.status FROM search_articles s
         JOIN kb_articles k ON k.id = s.id WHERE s.doc @@ CAST(?1 AS TEXT)::tsquery",
        params![engine_query(conn, fts)?],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let freqs: Vec<_> = hits.iter().map(|h| pg_text::frequencies(&h.2)).collect();
    let idf: Vec<f64> = phrases
        .iter()
        .map(|p| {
            let n = freqs.iter().filter(|f| f.contains_key(p)).count() as f64;
            let idf = ((rows as f64 - n + 0.5) / (n + 0.5)).ln();
            if idf <= 0.0 {
                1e-6
            } else {
                idf
            }
        })
        .collect();
    let mut scored: Vec<(i64, f64)> = Vec::new();
    for (h, f) in hits.iter().zip(&freqs) {
        if h.3 == "archived" {
            continue;
        }
        let d = h.1 as f64;
        let mut score = 0.0;
        for (p, idf) in phrases.iter().zip(&idf) {
            let (title, body) = f.get(p).copied().unwrap_or((0, 0));
            let freq = 2.0 * f64::from(title) + f64::from(body);
            score += idf * (freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * d / avgdl));
        }
        scored.push((h.0, score));
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    scored.truncate(limit);
    Ok(scored)
}

/// The comments of several tickets, each joined into one text as `comment_text`
/// does, in one statement (the snippets of a page of results).
pub fn comment_texts(conn: &Conn, ticket_ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if ticket_ids.is_empty() {
        return Ok(Vec::new());
    }
    conn.query_map(
        &format!(
            "SELECT ticket_id, {} FROM comments WHERE ticket_id IN ({}) GROUP BY ticket_id",
            conn.pick(
                "group_concat(body, char(10))",
                "string_agg(body, chr(10) ORDER BY id)"
            ),
            conn.json_ints(1)
        ),
        params![json_ids(ticket_ids)],
        |r| Ok((r.get(0)?, r.get::<Option<String>>(1)?.unwrap_or_default())),
    )
}

/// The comments of a ticket joined into one text (for snippets of comment matches).
pub fn comment_text(conn: &Conn, ticket_id: i64) -> Result<String> {
    conn.one(
        conn.pick(
            "SELECT IFNULL(group_concat(body, char(10)), '') FROM comments WHERE ticket_id = ?1",
            "SELECT COALESCE(string_agg(body, chr(10) ORDER BY id), '') FROM comments
             WHERE ticket_id = ?1",
        ),
        params![ticket_id],
    )
}

#[cfg(test)]
mod tests;
