//! The word index (migration 002): candidate queries (newest matches first, ranked
//! later in Rust), the bulk rebuild, and the upkeep each engine needs.
//!
//! SQLite: contentless FTS5 tables kept by triggers that call `ac_segment`, a Rust
//! function registered on every connection. PostgreSQL: a tsvector per record with
//! a GIN index; triggers note the changed records and `flush_dirty` writes their
//! index rows before every commit, in the same transaction (SQL cannot call Rust).
//! Both index the same segmenter output and answer the same queries alike.

mod pg_text;

use super::tickets::{where_clauses, FilterContext};
use super::{params, Conn, Engine, Value};
use crate::domain::filter::Filter;
use crate::domain::search::{index_text, index_text_into, Kind};
use crate::error::{Error, Result};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// Registers `ac_segment(text)` and `ac_auto_index()` on an SQLite connection. Called
/// by `Store::open` before migrating: the triggers and migration 002 need both.
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

/// Starts a bulk load: upkeep off on this connection, and the index marked stale
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

/// Ends a bulk load: rebuilds the whole index and turns upkeep back on.
pub fn finish_bulk(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let r = rebuild(conn, progress)?;
    set_auto_index(conn, true)?;
    Ok(r)
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

/// What is wrong with the index (for `db check`): a bulk load that never finished,
/// or a kind whose record count differs from the index's.
pub fn problems(conn: &Conn) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if is_stale(conn)? {
        out.push(
            "search: a bulk load left the index behind; run: aftercare db reindex".to_string(),
        );
    }
    for (kind, records) in [
        (Kind::Ticket, "tickets"),
        (Kind::Customer, "customers"),
        (Kind::Article, "kb_articles"),
        (Kind::Project, "projects"),
    ] {
        let n = |sql: String| -> Result<i64> { conn.one(&sql, params![]) };
        let rows = n(format!("SELECT count(*) FROM {records}"))?;
        let docs = n(match conn.engine() {
            Engine::Sqlite => format!("SELECT count(*) FROM {}_docsize", table(kind)),
            Engine::Postgres => format!("SELECT count(*) FROM {}", table(kind)),
        })?;
        if rows != docs {
            out.push(format!(
                "search: {rows} {}s but {docs} in the index; run: aftercare db reindex",
                kind.as_str()
            ));
        }
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

/// `id IN (records of the index matching ?n)`, for ticket filters (`t` = tickets).
pub(crate) fn matching_ids(conn: &Conn, n: usize) -> String {
    match conn.engine() {
        Engine::Sqlite => {
            format!("SELECT rowid FROM search_tickets WHERE search_tickets MATCH ?{n}")
        }
        Engine::Postgres => {
            format!("SELECT id FROM search_tickets WHERE doc @@ CAST(?{n} AS TEXT)::tsquery")
        }
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

/// The newest `limit` records of `kind` matching the MATCH expression `fts`.
/// Tickets must also meet the filter's other terms (same SQL as the ticket list).
pub fn candidates(
    conn: &Conn,
    kind: Kind,
    fts: &str,
    filter: &Filter,
    ctx: &FilterContext,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let tbl = table(kind);
    let mut params: Vec<Value> = vec![Value::Text(engine_query(conn, fts)?)];
    let (cols, join) = match kind {
        Kind::Ticket => ("t.id, t.title, t.body, t.stage, t.updated_at", "tickets t"),
        Kind::Customer => (
            "t.id, t.name, concat_ws(' · ', t.organization, t.email, t.phone, t.chat, t.notes),
             t.organization, t.updated_at",
            "customers t",
        ),
        Kind::Article => (
            "t.id, t.title, t.body, t.category, t.updated_at",
            "kb_articles t",
        ),
        Kind::Project => (
            "t.id, t.name, concat_ws(' · ', t.goal, t.metric, t.target), t.status, t.updated_at",
            "projects t",
        ),
    };
    let mut wheres = vec![match conn.engine() {
        Engine::Sqlite => format!("{tbl} MATCH ?1"),
        Engine::Postgres => format!("{tbl}.doc @@ CAST(?1 AS TEXT)::tsquery"),
    }];
    if kind == Kind::Ticket {
        wheres.extend(where_clauses(conn, filter, ctx, &mut params));
    }
    let sql = match conn.engine() {
        // CROSS JOIN keeps the index as the outer loop, so ORDER BY rowid DESC LIMIT
        // streams the newest matches instead of sorting them all.
        Engine::Sqlite => format!(
            "SELECT {cols} FROM {tbl} CROSS JOIN {join} ON t.id = {tbl}.rowid
             WHERE {} ORDER BY {tbl}.rowid DESC LIMIT {limit}",
            wheres.join(" AND ")
        ),
        Engine::Postgres => format!(
            "SELECT {cols} FROM {tbl} JOIN {join} ON t.id = {tbl}.id
             WHERE {} ORDER BY {tbl}.id DESC LIMIT {limit}",
            wheres.join(" AND ")
        ),
    };
    conn.query_map(&sql, &super::dyn_params(&params), |r| {
        Ok(Candidate {
            kind,
            id: r.get(0)?,
            title: r.get(1)?,
            body: r.get::<Option<String>>(2)?.unwrap_or_default(),
            context: r.get(3)?,
            updated_at: r.get(4)?,
        })
    })
}

/// How many records of `kind` match `fts` (every match, so not for every keystroke).
pub fn count(conn: &Conn, kind: Kind, fts: &str) -> Result<i64> {
    let tbl = table(kind);
    conn.one(
        &match conn.engine() {
            Engine::Sqlite => format!("SELECT count(*) FROM {tbl} WHERE {tbl} MATCH ?1"),
            Engine::Postgres => {
                format!("SELECT count(*) FROM {tbl} WHERE doc @@ CAST(?1 AS TEXT)::tsquery")
            }
        },
        params![engine_query(conn, fts)?],
    )
}

/// Every id of `kind` matching `fts`, ascending (tests and checks).
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

/// What `rebuild` indexed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Rebuilt {
    pub tickets: u64,
    pub customers: u64,
    pub articles: u64,
    pub projects: u64,
    pub seconds: f64,
}

/// The text of the non-ticket kinds: id, title, body.
fn source(kind: Kind) -> &'static str {
    match kind {
        Kind::Customer => {
            "SELECT id, name, concat_ws('\n', organization, email, phone, chat, notes)
             FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        Kind::Article => {
            "SELECT id, title, concat_ws('\n', category, body) FROM kb_articles
             WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        Kind::Project => {
            "SELECT id, name, concat_ws('\n', goal, metric, target) FROM projects
             WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        Kind::Ticket => "SELECT id, title, body FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2",
    }
}

/// Empties and refills the whole index from the tables; `progress(done, total)`
/// counts records. Run it inside one write transaction (`Store::write`).
pub fn rebuild(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let started = std::time::Instant::now();
    let n = |sql: &str| -> Result<u64> { Ok(conn.one::<i64>(sql, params![])?.max(0) as u64) };
    let totals = [
        n("SELECT count(*) FROM tickets")?,
        n("SELECT count(*) FROM customers")?,
        n("SELECT count(*) FROM kb_articles")?,
        n("SELECT count(*) FROM projects")?,
    ];
    let total: u64 = totals.iter().sum();
    progress(0, total);
    for kind in Kind::ALL {
        let tbl = table(kind);
        match conn.engine() {
            Engine::Sqlite => conn.execute(
                &format!("INSERT INTO {tbl} ({tbl}) VALUES ('delete-all')"),
                params![],
            )?,
            Engine::Postgres => conn.execute(&format!("DELETE FROM {tbl}"), params![])?,
        };
    }
    if conn.engine() == Engine::Postgres {
        conn.execute("DELETE FROM search_dirty", params![])?;
    }
    let mut done = 0u64;
    // Large segments, no merging on the way (as the demo load does); restored after.
    let tuning = super::demo_load::tune_ticket_index(conn)?;
    let mut counts = [0u64; 4];
    for (i, kind) in [Kind::Ticket, Kind::Customer, Kind::Article, Kind::Project]
        .into_iter()
        .enumerate()
    {
        counts[i] = rebuild_kind(conn, kind, &mut |k| {
            done += k;
            progress(done, total)
        })?;
    }
    super::demo_load::restore_ticket_index(conn, tuning)?;
    conn.execute("DELETE FROM counters WHERE name = ?1", params![STALE])?;
    Ok(Rebuilt {
        tickets: counts[0],
        customers: counts[1],
        articles: counts[2],
        projects: counts[3],
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn lost() -> Error {
    Error::msg("the search index's segmenting thread stopped")
}

/// A record's raw text: id, title, body (with a ticket's comments).
type Raw = (i64, String, String);

/// Records per batch handed to the segmenting thread.
const BATCH: usize = 2_000;

/// Reads the next batch of records of `kind` after id `after`: tickets with their
/// comments appended in comment order, as the index holds them.
fn read_batch(conn: &Conn, kind: Kind, after: i64, limit: usize) -> Result<Vec<Raw>> {
    let mut batch: Vec<Raw> = conn.query_map(source(kind), params![after, limit as i64], |r| {
        Ok((
            r.get(0)?,
            r.get::<Option<String>>(1)?.unwrap_or_default(),
            r.get::<Option<String>>(2)?.unwrap_or_default(),
        ))
    })?;
    if kind == Kind::Ticket {
        if let (Some(first), Some(last)) = (batch.first(), batch.last()) {
            let (lo, hi) = (first.0, last.0);
            let mut at = 0;
            conn.query_each(
                "SELECT ticket_id, body FROM comments WHERE ticket_id BETWEEN ?1 AND ?2
                 ORDER BY ticket_id, id",
                params![lo, hi],
                |r| {
                    let tid: i64 = r.get(0)?;
                    while at < batch.len() && batch[at].0 < tid {
                        at += 1;
                    }
                    // Comments of tickets that no longer exist are skipped.
                    if at < batch.len() && batch[at].0 == tid {
                        batch[at].2.push('\n');
                        batch[at]
                            .2
                            .push_str(r.get::<Option<String>>(1)?.as_deref().unwrap_or(""));
                    }
                    Ok(())
                },
            )?;
        }
    }
    Ok(batch)
}

/// Writes one batch of segmented records to the index.
fn write_batch(conn: &Conn, kind: Kind, batch: &[Raw]) -> Result<()> {
    let tbl = table(kind);
    match conn.as_pg() {
        None => {
            let sql = format!("INSERT INTO {tbl} (rowid, title, body) VALUES (?1, ?2, ?3)");
            for (id, title, body) in batch {
                conn.execute(&sql, params![id, title, body])?;
            }
        }
        Some(pg) => {
            let cols = ["id".to_string(), "doc".to_string(), "ntok".to_string()];
            pg.copy_in(tbl, &cols, &mut |put| {
                for (id, title, body) in batch {
                    let (doc, ntok) = pg_text::tsvector(title, body);
                    put(&[
                        super::Arg::Int(*id),
                        super::Arg::Text(&doc),
                        super::Arg::Int(ntok),
                    ])?;
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// Indexes every record of `kind` in id order. A second thread segments the text
/// while this one reads and writes: the rebuild runs alone, so the core is free.
fn rebuild_kind(conn: &Conn, kind: Kind, step: &mut dyn FnMut(u64)) -> Result<u64> {
    std::thread::scope(|s| -> Result<u64> {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Vec<Raw>>(2);
        let (seg_tx, seg_rx) = std::sync::mpsc::sync_channel::<Vec<Raw>>(2);
        s.spawn(move || {
            for batch in raw_rx {
                let out: Vec<Raw> = batch
                    .into_iter()
                    .map(|(id, t, b)| (id, index_text(&t), index_text(&b)))
                    .collect();
                if seg_tx.send(out).is_err() {
                    break;
                }
            }
        });
        let mut n = 0;
        let mut in_flight = 0;
        let mut after = 0i64;
        let mut write = |batch: Vec<Raw>| -> Result<u64> {
            write_batch(conn, kind, &batch)?;
            step(batch.len() as u64);
            Ok(batch.len() as u64)
        };
        loop {
            let batch = read_batch(conn, kind, after, BATCH)?;
            let Some(last) = batch.last() else { break };
            after = last.0;
            // The worker stops when the channel closes (on return, also on error).
            if raw_tx.send(batch).is_err() {
                break;
            }
            in_flight += 1;
            if in_flight == 2 {
                n += write(seg_rx.recv().map_err(|_| lost())?)?;
                in_flight -= 1;
            }
        }
        drop(raw_tx);
        for _ in 0..in_flight {
            n += write(seg_rx.recv().map_err(|_| lost())?)?;
        }
        Ok(n)
    })
}

/// Writes the index rows of the records changed in this transaction (PostgreSQL;
/// the triggers listed them in `search_dirty`). Called just before COMMIT.
pub(crate) fn flush_dirty(conn: &Conn) -> Result<()> {
    if conn.engine() != Engine::Postgres {
        return Ok(());
    }
    let dirty: Vec<(String, i64)> = conn.query_map(
        "DELETE FROM search_dirty RETURNING kind, id",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if dirty.is_empty() {
        return Ok(());
    }
    for kind in Kind::ALL {
        let mut ids: Vec<i64> = dirty
            .iter()
            .filter(|d| d.0 == kind.as_str())
            .map(|d| d.1)
            .collect();
        if ids.is_empty() {
            continue;
        }
        ids.sort_unstable();
        let list = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let tbl = table(kind);
        conn.execute(
            &format!("DELETE FROM {tbl} WHERE id IN ({})", conn.json_ints(1)),
            params![list],
        )?;
        let mut batch: Vec<Raw> = Vec::with_capacity(ids.len());
        for id in &ids {
            // Each record again as the rebuild reads it (a deleted one is just gone).
            if let Some(r) = read_batch(conn, kind, id - 1, 1)?
                .into_iter()
                .next()
                .filter(|r| r.0 == *id)
            {
                batch.push(r);
            }
        }
        let segmented: Vec<Raw> = batch
            .into_iter()
            .map(|(id, t, b)| (id, index_text(&t), index_text(&b)))
            .collect();
        write_batch(conn, kind, &segmented)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
