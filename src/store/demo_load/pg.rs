//! PostgreSQL: the ticket word index of a demo load on a second session of its own.
//!
//! The server gives one session one core: the load's COPY and, after it, the word
//! index's GIN build (single-threaded in PostgreSQL 15, the longest index build of
//! the load: about 140 s at a million tickets) ran one after the other in the load's
//! session. The index table (`search_tickets`: no foreign keys, no triggers, written
//! by nobody else during the demo) is filled by a second session instead, in its own
//! transaction, while the first one writes the tickets; its GIN index is built while
//! the first session builds the other indexes, commits and writes the demo's other
//! parts. The load's transaction marks the index stale (`mark_index_stale`), the
//! index session's transaction clears the mark as it commits.

use super::index_row::IndexRow;
use super::pause::{create_indexes, drop_indexes};
use crate::error::Result;
use crate::store::conn::PgConn;
use crate::store::{params, Arg, Conn};
use std::collections::HashSet;

/// The table the index session fills; the main session leaves it alone.
pub const INDEX_TABLE: &str = "search_tickets";

/// Takes a batch of index documents, a ticket's documents together, its own first.
pub type PutDocs<'a> = dyn FnMut(&[IndexRow<'_>]) -> Result<()> + 'a;

/// Runs `f` in a transaction of this (second) session that does not take the
/// database's write lock: the load's main session holds it for the whole load, and
/// this one writes only rows that session does not touch. Committed if `f` returns
/// Ok, rolled back otherwise.
pub fn side_transaction<T>(conn: &Conn, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
    conn.in_transaction(false, true, f)
}

/// Prepares the index session's transaction: memory for the GIN build, no wait for
/// the WAL flush at commit, the table's secondary (GIN) index and its word-list
/// triggers dropped. Returns the statements that create them again
/// (`finish_ticket_index`). The transaction reads no other table: a lock it kept on
/// one the main session changes (tickets) would make each wait for the other.
pub fn begin_ticket_index(conn: &Conn) -> Result<Vec<String>> {
    // aftercare.bulk: should a word-list trigger be left, it skips the COPY; the
    // words are added once at its end (`copy_ticket_index`).
    conn.execute_batch(
        "SET LOCAL maintenance_work_mem = '1GB'; SET LOCAL synchronous_commit = off;
         SET LOCAL aftercare.bulk = 'on'",
    )?;
    let mut undo = drop_indexes(conn, &[INDEX_TABLE])?;
    undo.extend(crate::store::search::drop_word_list_triggers(conn)?);
    Ok(undo)
}

/// Streams the index rows of tickets into one COPY: `feed` is called once and
/// hands over batches of documents (`put(rows)`), a ticket's documents in one
/// batch, the ticket's first, until it returns. Each ticket becomes one row: its
/// text, then its comments'. Then adds their Latin words to the word list (the
/// list's triggers are off in this session). Returns the rows written.
pub fn copy_ticket_index(
    conn: &Conn,
    feed: &mut dyn FnMut(&mut PutDocs<'_>) -> Result<()>,
) -> Result<u64> {
    let pg = pg_of(conn)?;
    let mut words = HashSet::new();
    let n = copy_rows(pg, &mut words, feed)?;
    crate::store::search::add_words(conn, &words)?;
    Ok(n)
}

/// The COPY of `copy_ticket_index` and `demo_load::ticket_index`; the rows' Latin
/// words are added to `words` (for migration 022's list).
pub(super) fn copy_rows(
    pg: &PgConn,
    words: &mut HashSet<String>,
    feed: &mut dyn FnMut(&mut PutDocs<'_>) -> Result<()>,
) -> Result<u64> {
    let cols = ["id".to_string(), "doc".to_string(), "ntok".to_string()];
    pg.copy_in(INDEX_TABLE, &cols, &mut |put| {
        let mut text = String::new();
        feed(&mut |rows| {
            let mut i = 0;
            while i < rows.len() {
                let id = crate::store::search::ticket_of_doc(rows[i].doc);
                let title = rows[i].title;
                text.clear();
                text.push_str(rows[i].body);
                i += 1;
                while i < rows.len() && crate::store::search::ticket_of_doc(rows[i].doc) == id {
                    text.push('\n');
                    text.push_str(rows[i].body);
                    i += 1;
                }
                let (doc, ntok) = crate::store::search::pg_tsvector(title, &text);
                crate::store::search::latin_words_into(&doc, words);
                put(&[Arg::Int(id), Arg::Text(&doc), Arg::Int(ntok)])?;
            }
            Ok(())
        })
    })
}

/// Builds the index and creates the triggers `begin_ticket_index` dropped, and
/// updates the table's planner statistics, still in the index session's transaction.
pub fn finish_ticket_index(conn: &Conn, dropped: &[String]) -> Result<()> {
    create_indexes(conn, dropped)?;
    conn.execute_batch(&format!("ANALYZE {INDEX_TABLE}"))
}

/// The counter that marks the word index stale (`search::is_stale`).
const STALE: &str = "search:stale";

/// Marks the word index stale in the load's transaction: its rows come with the
/// index session's, committed later (`clear_index_stale`).
pub fn mark_index_stale(conn: &Conn) -> Result<()> {
    conn.execute(
        "INSERT INTO counters (name, value) VALUES (?1, 1)
         ON CONFLICT(name) DO UPDATE SET value = 1",
        params![STALE],
    )?;
    Ok(())
}

/// Clears the mark in the index session's transaction, which commits with it.
pub fn clear_index_stale(conn: &Conn) -> Result<()> {
    conn.execute("DELETE FROM counters WHERE name = ?1", params![STALE])?;
    Ok(())
}

fn pg_of(conn: &Conn) -> Result<&PgConn> {
    conn.as_pg()
        .ok_or_else(|| crate::error::Error::msg("the index session is for PostgreSQL"))
}
