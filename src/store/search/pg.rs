//! The PostgreSQL side of the word index: one row per record (a ticket with all its
//! comments) holding a tsvector built in Rust, refilled by `rebuild` and kept by
//! `flush_dirty` before every commit; text queries as tsquery literals.

use super::{clear_stale, pg_text, table, Rebuilt};
use crate::domain::search::{index_text, Kind, TextQuery};
use crate::error::{Error, Result};
use crate::store::{params, Arg, Conn, Engine};

fn one(e: &str) -> Result<String> {
    pg_text::tsquery(e).map_err(|err| {
        Error::invalid(
            format!("cannot search for {e}: {}", err.0),
            "search for words or Chinese text without special characters",
        )
    })
}

/// The tsquery of a ticket text query's terms, all of them (None without a
/// positive term). A ticket's row holds its text and its comments, so "each term in
/// one of its documents" is "each term in the row".
pub(super) fn terms_query(q: &TextQuery) -> Result<Option<String>> {
    let terms = q.term_exprs();
    if terms.is_empty() {
        return Ok(None);
    }
    let parts: Vec<String> = terms
        .iter()
        .map(|t| one(t).map(|x| format!("({x})")))
        .collect::<Result<_>>()?;
    Ok(Some(parts.join(" & ")))
}

/// One tsquery per exclusion group (a ticket with all of a group's terms is left out).
pub(super) fn exclusion_queries(q: &TextQuery) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for group in q.exclusion_exprs() {
        let all: Vec<String> = group
            .iter()
            .map(|e| one(e).map(|x| format!("({x})")))
            .collect::<Result<_>>()?;
        if !all.is_empty() {
            out.push(all.join(" & "));
        }
    }
    Ok(out)
}

/// The whole ticket text query as one tsquery: every term, and no exclusion group
/// complete (None without a positive term). A ticket's row holds its text and all
/// its comments, so one lookup answers what SQLite's walk joins term by term.
pub(super) fn match_query(q: &TextQuery) -> Result<Option<String>> {
    let Some(mut all) = terms_query(q)? else {
        return Ok(None);
    };
    for group in exclusion_queries(q)? {
        all = format!("({all}) & !({group})");
    }
    Ok(Some(all))
}

/// A tsquery written into the SQL as a constant (dollar-quoted, so nothing in it
/// can end the string): the planner then sees the words and their frequency, where
/// a parameter lets a cached generic plan guess (and read every match of a common
/// word to sort them, or scan a million rows for a rare one).
pub(super) fn literal(tsquery: &str) -> String {
    if tsquery.contains('$') {
        // Never from the segmenter (its tokens are letters and digits); escaped anyway.
        let escaped = tsquery.replace('\\', "\\\\").replace('\'', "''");
        return format!("E'{escaped}'::tsquery");
    }
    format!("$q${tsquery}$q$::tsquery")
}

/// The text of the non-ticket kinds: id, title, body.
fn source(kind: Kind) -> &'static str {
    match kind {
        Kind::Customer => {
            "SELECT id, concat_ws(chr(10), name, organization),
                    concat_ws(chr(10), email, phone, chat, notes)
             FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        Kind::Article => {
            "SELECT id, title, concat_ws(chr(10), category, body) FROM kb_articles
             WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        Kind::Project => {
            "SELECT id, name, concat_ws(chr(10), goal, metric, target) FROM projects
             WHERE id > ?1 ORDER BY id LIMIT ?2"
        }
        Kind::Ticket => "SELECT id, title, body FROM tickets WHERE id > ?1 ORDER BY id LIMIT ?2",
    }
}

/// The same text as `source` for the records of `kind` listed in the CTE `d` (kind,
/// id); a ticket's body is followed by each comment on a line of its own, in comment
/// order, as `read_batch` joins them.
fn source_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Customer => {
            "SELECT 'customer' AS kind, id, concat_ws(chr(10), name, organization) AS title,
                    concat_ws(chr(10), email, phone, chat, notes) AS body
             FROM customers WHERE id IN (SELECT id FROM d WHERE kind = 'customer')"
        }
        Kind::Article => {
            "SELECT 'article' AS kind, id, title, concat_ws(chr(10), category, body) AS body
             FROM kb_articles
             WHERE id IN (SELECT id FROM d WHERE kind = 'article')"
        }
        Kind::Project => {
            "SELECT 'project' AS kind, id, name AS title,
                    concat_ws(chr(10), goal, metric, target) AS body FROM projects
             WHERE id IN (SELECT id FROM d WHERE kind = 'project')"
        }
        Kind::Ticket => {
            "SELECT 'ticket' AS kind, t.id, t.title, COALESCE(t.body, '') || COALESCE(
                    (SELECT string_agg(chr(10) || COALESCE(c.body, ''), '' ORDER BY c.id)
                     FROM comments c WHERE c.ticket_id = t.id), '') AS body
             FROM tickets t WHERE t.id IN (SELECT id FROM d WHERE kind = 'ticket')"
        }
    }
}

/// Empties and refills the whole index from the tables; `progress(done, total)`
/// counts records. Run it inside one write transaction (`Store::write`).
pub(super) fn rebuild(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
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
        conn.execute(&format!("DELETE FROM {}", table(kind)), params![])?;
    }
    conn.execute("DELETE FROM search_dirty", params![])?;
    let mut done = 0u64;
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
    clear_stale(conn)?;
    let comments: i64 = conn.one("SELECT count(*) FROM comments", params![])?;
    Ok(Rebuilt {
        tickets: counts[0],
        comments: comments.max(0) as u64,
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
/// The ticket index table.
const TICKET_INDEX: &str = "search_tickets";

/// Drops, for the caller's transaction (a bulk load's index session, `db reindex`),
/// the insert triggers of the ticket index table that are handed the inserted rows as a transition table and skip bulk
/// loads (their function reads `aftercare.bulk`: migration 022's word list, whose
/// work the session does itself, `add_words`), and returns the statements that
/// create them again. Skipping is not enough, nor is disabling them: PostgreSQL
/// keeps every row a statement inserts for a trigger with a transition table, even
/// a disabled one, before the trigger runs.
/// For the demo's one COPY that is every
/// index row, unTOASTed, in a temporary file: 407 MB at 300,000 tickets, 1.36 GB
/// at a million. The caller holds the write lock (the demo also the table's
/// exclusive lock): nobody else writes the table meanwhile.
pub(crate) fn drop_word_list_triggers(conn: &Conn) -> Result<Vec<String>> {
    let found: Vec<(String, String, bool)> = conn.query_map(
        "SELECT tg.tgname::text, pg_get_triggerdef(tg.oid), tg.tgenabled = 'D'
         FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
         WHERE tg.tgrelid = format('%I.%I', current_schema(), ?1::text)::regclass
           AND NOT tg.tgisinternal AND tg.tgnewtable IS NOT NULL AND (tg.tgtype & 4) <> 0
           AND p.prosrc LIKE '%aftercare.bulk%'
         ORDER BY 1",
        params![TICKET_INDEX],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut undo = Vec::new();
    for (name, def, disabled) in found {
        let name = format!("\"{}\"", name.replace('"', "\"\""));
        conn.execute_batch(&format!("DROP TRIGGER {name} ON {TICKET_INDEX}"))?;
        undo.push(def);
        if disabled {
            undo.push(format!("ALTER TABLE {TICKET_INDEX} DISABLE TRIGGER {name}"));
        }
    }
    Ok(undo)
}

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
    let Some(pg) = conn.as_pg() else {
        return Err(Error::msg("the PostgreSQL index on an SQLite connection"));
    };
    let cols = ["id".to_string(), "doc".to_string(), "ntok".to_string()];
    pg.copy_in(table(kind), &cols, &mut |put| {
        for (id, title, body) in batch {
            let (doc, ntok) = pg_text::tsvector(title, body);
            put(&[Arg::Int(*id), Arg::Text(&doc), Arg::Int(ntok)])?;
        }
        Ok(())
    })?;
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

/// The index rows of the records changed in this transaction (PostgreSQL; the
/// triggers listed them in `search_dirty`), as the statement that writes them (gone
/// records' rows deleted in the same one), to be sent with COMMIT: one round trip
/// here (take the list and read the records, a ticket with its comments), none of
/// its own for the write. None when nothing changed.
pub(crate) fn flush_dirty(conn: &Conn) -> Result<Option<String>> {
    if conn.engine() != Engine::Postgres {
        return Ok(None);
    }
    let sources: Vec<&str> = Kind::ALL.into_iter().map(source_of).collect();
    let sql = format!(
        "WITH d AS (DELETE FROM search_dirty RETURNING kind, id),
         s AS ({})
         SELECT d.kind, d.id, s.title, s.body, s.id IS NOT NULL
         FROM d LEFT JOIN s ON s.kind = d.kind AND s.id = d.id ORDER BY d.kind, d.id",
        sources.join(" UNION ALL ")
    );
    // (kind, id, title, body); None when the record is gone.
    type Dirty = (String, i64, Option<(String, String)>);
    let dirty: Vec<Dirty> = conn.query_map(&sql, params![], |r| {
        let found: bool = r.get(4)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            found
                .then(|| -> Result<(String, String)> {
                    Ok((
                        r.get::<Option<String>>(2)?.unwrap_or_default(),
                        r.get::<Option<String>>(3)?.unwrap_or_default(),
                    ))
                })
                .transpose()?,
        ))
    })?;
    if dirty.is_empty() {
        return Ok(None);
    }
    let mut out = String::new();
    for kind in Kind::ALL {
        let mine: Vec<&Dirty> = dirty.iter().filter(|d| d.0 == kind.as_str()).collect();
        if mine.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        let mut gone = Vec::new();
        for (_, id, text) in mine {
            match text {
                Some((title, body)) => {
                    let (doc, ntok) = pg_text::tsvector(&index_text(title), &index_text(body));
                    rows.push(serde_json::json!([id, doc, ntok]));
                }
                None => gone.push(id.to_string()),
            }
        }
        let tbl = table(kind);
        if !gone.is_empty() {
            out.push_str(&format!(
                "DELETE FROM {tbl} WHERE id IN ({});\n",
                gone.join(",")
            ));
        }
        if !rows.is_empty() {
            let json = serde_json::Value::Array(rows).to_string();
            out.push_str(&format!(
                "INSERT INTO {tbl} (id, doc, ntok)
                 SELECT (e->>0)::bigint, (e->>1)::tsvector, (e->>2)::bigint
                 FROM jsonb_array_elements({}::jsonb) e
                 ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, ntok = EXCLUDED.ntok;\n",
                text_literal(&json)
            ));
        }
    }
    Ok(Some(out))
}

/// A text constant for SQL sent with the simple protocol (no parameters there):
/// dollar-quoted, or an escaped string when the text holds a `$`.
fn text_literal(s: &str) -> String {
    if s.contains('$') {
        return format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"));
    }
    format!("$j${s}$j$")
}

#[cfg(test)]
#[path = "pg_write_tests.rs"]
mod write_tests;
