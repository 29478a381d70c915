//! Refilling the whole word index from the tables (`db reindex`, the end of a
//! bulk load, a migration that changed the index's shape).

use super::docs::{comment_doc, ticket_doc};
use super::{clear_stale, merge, table};
use crate::domain::search::{index_text, index_text_into, Kind};
use crate::error::Result;
use crate::store::{params as store_params, Conn};
use rusqlite::{params, Connection};

/// What `rebuild` indexed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Rebuilt {
    pub tickets: u64,
    pub comments: u64,
    pub customers: u64,
    pub articles: u64,
    pub projects: u64,
    pub seconds: f64,
}

/// Empties and refills the whole index from the tables; `progress(done, total)`
/// counts records. Run it inside one write transaction (`Store::write`).
pub fn rebuild(conn: &Conn, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let Some(c) = conn.as_sqlite() else {
        // The word list's triggers skip the rebuild's rows (each COPY batch would
        // list its words again): the list is refilled once from the whole index.
        let was: Option<String> = conn.one(
            "SELECT current_setting('aftercare.bulk', true)",
            store_params![],
        )?;
        conn.execute_batch("SELECT set_config('aftercare.bulk', 'on', true)")?;
        // Skipping is not enough: a trigger with a transition table has every row of
        // each COPY batch kept for it (in a temp file) even when it returns at once.
        let undo = super::drop_word_list_triggers(conn)?;
        let r = super::pg::rebuild(conn, progress)?;
        conn.execute(
            "SELECT set_config('aftercare.bulk', ?1, true)",
            store_params![was.unwrap_or_default()],
        )?;
        super::refill_words(conn)?;
        for sql in undo {
            conn.execute_batch(&sql)?;
        }
        return Ok(r);
    };
    let r = rebuild_sqlite(c, progress)?;
    clear_stale(conn)?;
    Ok(r)
}

/// The FTS5 tables refilled: a ticket's text and each comment as documents.
fn rebuild_sqlite(conn: &Connection, progress: &mut dyn FnMut(u64, u64)) -> Result<Rebuilt> {
    let started = std::time::Instant::now();
    let n =
        |sql: &str| -> Result<u64> { Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
    let totals = [
        n("SELECT count(*) FROM tickets")?,
        n("SELECT count(*) FROM comments")?,
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
    // Large segments, no merging on the way; the settings are put back after.
    let tuning = merge::tune_for_load(conn)?;
    let (tickets, comments) = ticket_docs(conn, &mut |k| {
        done += k;
        progress(done, total)
    })?;
    merge::restore_after_load(conn, tuning)?;
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
        "SELECT id, concat_ws(char(10), name, organization),
                concat_ws(char(10), email, phone, chat, notes)
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
    Ok(Rebuilt {
        tickets,
        comments,
        customers,
        articles,
        projects,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn lost() -> crate::error::Error {
    crate::error::Error::msg("the search index's segmenting thread stopped")
}

/// One document of the ticket index: rowid, title, body (raw, then segmented).
type Doc = (i64, String, String);

/// Documents per batch handed to the segmenting thread.
const BATCH: usize = 4_000;

/// Every ticket's text and comments as documents in rowid order (tickets by id,
/// each followed by its comments by id), so FTS5 writes large segments instead of
/// flushing whenever a rowid goes backwards. One pass over each table; a second
/// thread segments the text while this one reads and inserts (the rebuild runs
/// alone, so the core is free). Returns (tickets, comments) indexed.
fn ticket_docs(conn: &Connection, step: &mut dyn FnMut(u64)) -> Result<(u64, u64)> {
    let mut ins =
        conn.prepare("INSERT INTO search_tickets (rowid, title, body) VALUES (?1, ?2, ?3)")?;
    let mut ts = conn.prepare("SELECT id, title, body FROM tickets ORDER BY id")?;
    let mut cs = conn.prepare("SELECT ticket_id, id, body FROM comments ORDER BY ticket_id, id")?;
    let mut trows = ts.query([])?;
    let mut crows = cs.query([])?;
    let mut pending: Option<(i64, i64, String)> = match crows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
        None => None,
    };
    let (mut tickets, mut comments) = (0u64, 0u64);
    let mut read_batch = || -> Result<Vec<Doc>> {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let Some(r) = trows.next()? else { break };
            let id: i64 = r.get(0)?;
            let title: String = r.get::<_, Option<String>>(1)?.unwrap_or_default();
            let body: String = r.get::<_, Option<String>>(2)?.unwrap_or_default();
            batch.push((ticket_doc(id), title, body));
            tickets += 1;
            // Comments of tickets that no longer exist are skipped.
            while let Some((tid, cid, text)) = pending.take() {
                if tid > id {
                    pending = Some((tid, cid, text));
                    break;
                }
                if tid == id {
                    batch.push((comment_doc(id, cid), String::new(), text));
                    comments += 1;
                }
                pending = match crows.next()? {
                    Some(r) => Some((r.get(0)?, r.get(1)?, r.get(2)?)),
                    None => None,
                };
            }
        }
        Ok(batch)
    };
    let mut insert = |batch: Vec<Doc>| -> Result<()> {
        for (doc, title, body) in &batch {
            let title = (!title.is_empty()).then_some(title);
            ins.execute(params![doc, title, body])?;
        }
        // Keeps the load's first segments off level 0 (see `merge::lift_during_load`).
        merge::lift_during_load(conn)?;
        step(batch.len() as u64);
        Ok(())
    };
    std::thread::scope(|s| -> Result<()> {
        let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<Vec<Doc>>(2);
        let (seg_tx, seg_rx) = std::sync::mpsc::sync_channel::<Vec<Doc>>(2);
        s.spawn(move || {
            for batch in raw_rx {
                let out: Vec<Doc> = batch
                    .into_iter()
                    .map(|(doc, t, b)| (doc, index_text(&t), index_text(&b)))
                    .collect();
                if seg_tx.send(out).is_err() {
                    break;
                }
            }
        });
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
                insert(seg_rx.recv().map_err(|_| lost())?)?;
                in_flight -= 1;
            }
        }
        drop(raw_tx);
        for _ in 0..in_flight {
            insert(seg_rx.recv().map_err(|_| lost())?)?;
        }
        Ok(())
    })?;
    Ok((tickets, comments))
}
