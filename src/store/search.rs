//! The word index (migration 002): the Rust functions its triggers call, candidate
//! queries (newest matches first, ranked later in Rust), and the bulk rebuild.

use super::tickets::{where_clauses, FilterContext};
use super::Conn;
use crate::domain::filter::Filter;
use crate::domain::search::{index_text, index_text_into, Kind};
use crate::error::Result;
use rusqlite::functions::FunctionFlags;
use rusqlite::params;
use rusqlite::types::{Value, ValueRef};

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
    let v: Option<i64> = conn
        .query_row("SELECT value FROM counters WHERE name = ?1", [STALE], |r| {
            r.get(0)
        })
        .ok();
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
        let n = |sql: String| -> Result<i64> { Ok(conn.query_row(&sql, [], |r| r.get(0))?) };
        let rows = n(format!("SELECT count(*) FROM {records}"))?;
        let docs = n(format!("SELECT count(*) FROM {}_docsize", table(kind)))?;
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
    let mut params: Vec<Value> = vec![Value::Text(fts.to_string())];
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
    let mut wheres = vec![format!("{tbl} MATCH ?1")];
    if kind == Kind::Ticket {
        wheres.extend(where_clauses(filter, ctx, &mut params));
    }
    // CROSS JOIN keeps the index as the outer loop, so ORDER BY rowid DESC LIMIT
    // streams the newest matches instead of sorting them all.
    let sql = format!(
        "SELECT {cols} FROM {tbl} CROSS JOIN {join} ON t.id = {tbl}.rowid
         WHERE {} ORDER BY {tbl}.rowid DESC LIMIT {limit}",
        wheres.join(" AND ")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok(Candidate {
            kind,
            id: r.get(0)?,
            title: r.get(1)?,
            body: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            context: r.get(3)?,
            updated_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many records of `kind` match `fts` (every match, so not for every keystroke).
pub fn count(conn: &Conn, kind: Kind, fts: &str) -> Result<i64> {
    let tbl = table(kind);
    Ok(conn
        .prepare_cached(&format!("SELECT count(*) FROM {tbl} WHERE {tbl} MATCH ?1"))?
        .query_row([fts], |r| r.get(0))?)
}

/// Every id of `kind` matching `fts`, ascending (tests and checks).
pub fn all_ids(conn: &Conn, kind: Kind, fts: &str) -> Result<Vec<i64>> {
    let tbl = table(kind);
    let mut st = conn.prepare_cached(&format!(
        "SELECT rowid FROM {tbl} WHERE {tbl} MATCH ?1 ORDER BY rowid"
    ))?;
    let rows = st.query_map([fts], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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

/// What `rebuild` indexed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Rebuilt {
    pub tickets: u64,
    pub customers: u64,
    pub articles: u64,
    pub projects: u64,
    pub seconds: f64,
}

/// Empties and refills the whole index from the tables; `progress(done, total)`
/// counts records. Run it inside one write transaction (`Store::write`).
pub fn rebuild(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let started = std::time::Instant::now();
    let n =
        |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
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
        conn.execute(
            &format!("INSERT INTO {tbl} ({tbl}) VALUES ('delete-all')"),
            [],
        )?;
    }
    let mut done = 0u64;
    // Large segments, no merging on the way (as the demo load does); restored after.
    let tuning = super::demo_load::tune_ticket_index(conn)?;
    let tickets = rebuild_tickets(conn, &mut |k| {
        done += k;
        progress(done, total)
    })?;
    super::demo_load::restore_ticket_index(conn, tuning)?;
    let mut simple = |kind: Kind, sql: &str| -> Result<u64> {
        let tbl = table(kind);
        let mut ins = conn.prepare(&format!(
            "INSERT INTO {tbl} (rowid, title, body) VALUES (?1, ?2, ?3)"
        ))?;
        let mut st = conn.prepare(sql)?;
        let mut rows = st.query([])?;
        let (mut title, mut body) = (String::new(), String::new());
        let mut k = 0;
        while let Some(r) = rows.next()? {
            title.clear();
            body.clear();
            index_text_into(r.get_ref(1)?.as_str().unwrap_or_default(), &mut title);
            index_text_into(r.get_ref(2)?.as_str().unwrap_or_default(), &mut body);
            ins.execute(params![r.get::<_, i64>(0)?, title, body])?;
            k += 1;
        }
        done += k;
        progress(done, total);
        Ok(k)
    };
    let customers = simple(
        Kind::Customer,
        "SELECT id, name, concat_ws(char(10), organization, email, phone, chat, notes)
         FROM customers ORDER BY id",
    )?;
    let articles = simple(
        Kind::Article,
        "SELECT id, title, concat_ws(char(10), category, body) FROM kb_articles ORDER BY id",
    )?;
    let projects = simple(
        Kind::Project,
        "SELECT id, name, concat_ws(char(10), goal, metric, target) FROM projects ORDER BY id",
    )?;
    conn.execute("DELETE FROM counters WHERE name = ?1", [STALE])?;
    Ok(Rebuilt {
        tickets,
        customers,
        articles,
        projects,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn lost() -> crate::error::Error {
    crate::error::Error::msg("the search index's segmenting thread stopped")
}

/// A ticket's raw text: id, title, body with its comments.
type Raw = (i64, String, String);

/// Tickets per batch handed to the segmenting thread.
const BATCH: usize = 2_000;

/// Tickets in id order, merged with their comments in ticket order (one pass over
/// each table instead of a query per ticket). A second thread segments the text
/// while this one reads and inserts: the rebuild runs alone, so the core is free.
fn rebuild_tickets(conn: &Conn, step: &mut dyn FnMut(u64)) -> Result<u64> {
    let mut ins =
        conn.prepare("INSERT INTO search_tickets (rowid, title, body) VALUES (?1, ?2, ?3)")?;
    let mut ts = conn.prepare("SELECT id, title, body FROM tickets ORDER BY id")?;
    let mut cs = conn.prepare("SELECT ticket_id, body FROM comments ORDER BY ticket_id, id")?;
    let mut trows = ts.query([])?;
    let mut crows = cs.query([])?;
    let mut pending: Option<(i64, String)> = match crows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    };
    let mut read_batch = || -> Result<Vec<Raw>> {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let Some(r) = trows.next()? else { break };
            let id: i64 = r.get(0)?;
            let title: String = r.get::<_, Option<String>>(1)?.unwrap_or_default();
            let mut body: String = r.get::<_, Option<String>>(2)?.unwrap_or_default();
            // Comments of tickets that no longer exist are skipped.
            while let Some((tid, text)) = pending.take() {
                if tid > id {
                    pending = Some((tid, text));
                    break;
                }
                if tid == id {
                    body.push('\n');
                    body.push_str(&text);
                }
                pending = match crows.next()? {
                    Some(r) => Some((r.get(0)?, r.get(1)?)),
                    None => None,
                };
            }
            batch.push((id, title, body));
        }
        Ok(batch)
    };
    let mut insert = |batch: Vec<Raw>| -> Result<u64> {
        for (id, title, body) in &batch {
            ins.execute(params![id, title, body])?;
        }
        step(batch.len() as u64);
        Ok(batch.len() as u64)
    };
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
        loop {
            let batch = read_batch()?;
            if batch.is_empty() {
                break;
            }
            // The worker stops when the channel closes (on return, also on error).
            if raw_tx.send(batch).is_err() {
                break;
            }
            in_flight += 1;
            if in_flight == 2 {
                n += insert(seg_rx.recv().map_err(|_| lost())?)?;
                in_flight -= 1;
            }
        }
        drop(raw_tx);
        for _ in 0..in_flight {
            n += insert(seg_rx.recv().map_err(|_| lost())?)?;
        }
        Ok(n)
    })
}

#[cfg(test)]
mod tests;
