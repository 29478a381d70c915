//! The ticket word index of a bulk load built beside the database (SQLite): a
//! thread of its own fills an FTS5 table of the same definition and settings in a
//! scratch file, and the loading thread then puts its shadow tables in place of the
//! database's (empty) ones with SQLite's transfer optimisation.
//!
//! Why: FTS5's hash of pending terms, its tokenizer and the merges of the load's
//! segments were about a third of the loading thread's CPU (perf, 100,000 tickets),
//! the one thread the load's wall time follows.
//!
//! The scratch index is written exactly as the load wrote it in place: the same
//! groups of documents (FTS5 writes its pending terms out when they exceed the
//! load's `hashsize`: no statement of the load in place opens a savepoint, which
//! would write them out too), the same configuration and the same count of
//! configuration writes (FTS5 keeps that count as a cookie in its structure
//! record), then `finish_load`. The shadow tables come out as they would in place.
//!
//! The database's table is dropped and created again before the copy: FTS5 keeps
//! the structure record and configuration it read in the connection, and a table
//! created afresh has read nothing yet.

use super::beside::transfers;
use super::{ticket_index, IndexRow};
use crate::error::{Error, Result};
use crate::store::search::merge::{restore_after_load, tune_for_load, LoadTuning};
use crate::store::{params, Conn};
use std::path::{Path, PathBuf};

/// The schema name the scratch file is attached under for the copy.
const SCHEMA: &str = "demo_words";

/// The shadow tables of the ticket index, copied whole.
const SHADOW: [&str; 4] = [
    "search_tickets_data",
    "search_tickets_idx",
    "search_tickets_docsize",
    "search_tickets_config",
];

/// Page cache of the scratch connection, in KiB: its segments are appended, and the
/// merges read them in order.
const CACHE_KIB: i64 = 16_384;

/// The scratch file on the loading thread's side. Deleted on drop.
#[derive(Debug)]
pub struct WordsBeside {
    path: PathBuf,
    attached: bool,
    /// The database's definition of the ticket index.
    create: String,
}

/// The writing side, moved to the word-index thread.
pub struct WordsWriter {
    conn: Conn,
    tuning: LoadTuning,
}

/// Starts a scratch word index for a load into `conn`'s database. `None` when
/// there is nowhere to put one (PostgreSQL, an in-memory database) or when the
/// database's index holds documents already: the load then writes it in place.
pub fn start(conn: &Conn) -> Result<Option<(WordsBeside, WordsWriter)>> {
    let Some(raw) = conn.as_sqlite() else {
        return Ok(None);
    };
    let db = match raw.path() {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => return Ok(None),
    };
    let docs: i64 = conn.one(
        "SELECT EXISTS (SELECT 1 FROM search_tickets_docsize)",
        params![],
    )?;
    if docs != 0 {
        return Ok(None);
    }
    let create: String = conn.one(
        "SELECT sql FROM main.sqlite_master WHERE name = 'search_tickets'",
        params![],
    )?;
    let config: Vec<(String, rusqlite::types::Value)> = conn
        .as_sqlite()
        .expect("sqlite")
        .prepare("SELECT k, v FROM search_tickets_config WHERE k <> 'version' ORDER BY k")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let cookie = cookie(raw)?;
    let page_size: i64 = conn.one("PRAGMA main.page_size", params![])?;
    let path = PathBuf::from(format!("{db}-demo-words"));
    remove(&path);
    let beside = WordsBeside {
        path,
        attached: false,
        create,
    };
    let file = rusqlite::Connection::open(&beside.path)?;
    // A scratch file: no journal, no syncs (see `beside::start`).
    file.execute_batch(&format!(
        "PRAGMA page_size = {page_size}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         PRAGMA cache_size = -{CACHE_KIB}; PRAGMA threads = 0; BEGIN"
    ))?;
    file.execute_batch(&beside.create)?;
    // The database's settings, written as often as the database's were (the
    // cookie counts the writes), so the structure record comes out the same.
    let set = "INSERT INTO search_tickets (search_tickets, rank) VALUES (?1, ?2)";
    for (k, v) in &config {
        file.execute(set, rusqlite::params![k, v])?;
    }
    if let Some((k, v)) = config.first() {
        for _ in (config.len() as i64)..cookie {
            file.execute(set, rusqlite::params![k, v])?;
        }
    }
    let tuning = tune_for_load(&file)?;
    Ok(Some((
        beside,
        WordsWriter {
            conn: Conn::sqlite(file),
            tuning,
        },
    )))
}

/// FTS5's configuration cookie of the ticket index: the first four bytes of its
/// structure record, big-endian.
fn cookie(conn: &rusqlite::Connection) -> Result<i64> {
    let block: Vec<u8> = conn.query_row(
        "SELECT block FROM search_tickets_data WHERE id = 10",
        [],
        |r| r.get(0),
    )?;
    let b: [u8; 4] = block
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::msg("the word index's structure record is short"))?;
    Ok(i64::from(u32::from_be_bytes(b)))
}

impl WordsWriter {
    /// Adds a group of documents as the load in place adds one (`ticket_index`).
    pub fn add(&self, rows: &[IndexRow<'_>]) -> Result<()> {
        ticket_index(&self.conn, rows)
    }

    /// Merges the load's segments into one and puts the settings back, as the end
    /// of a load in place does, and closes the file, ready for `copy_into`.
    pub fn finish(self) -> Result<()> {
        restore_after_load(self.conn.as_sqlite().expect("sqlite"), self.tuning)?;
        self.conn.execute_batch("COMMIT")
    }
}

impl WordsBeside {
    /// Puts the finished scratch index in place of the database's ticket index
    /// (inside the load's transaction): the table created again, its shadow tables
    /// emptied and filled from the scratch file. Refuses when the large ones would
    /// not be copied by the transfer optimisation.
    pub fn copy_into(&mut self, conn: &Conn) -> Result<()> {
        let file = self.path.to_string_lossy().into_owned();
        conn.execute(&format!("ATTACH DATABASE ?1 AS {SCHEMA}"), params![file])?;
        self.attached = true;
        conn.execute_batch("DROP TABLE main.search_tickets")?;
        conn.execute_batch(&self.create)?;
        for t in SHADOW {
            conn.execute_batch(&format!("DELETE FROM main.{t}"))?;
            let sql = format!("INSERT INTO main.{t} SELECT * FROM {SCHEMA}.{t}");
            let big = matches!(t, "search_tickets_data" | "search_tickets_docsize");
            if big && !transfers(conn, t, &sql)? {
                return Err(Error::msg(format!(
                    "the copy of {t} would not be a transfer (schemas differ?)"
                )));
            }
            conn.execute_batch(&sql)?;
        }
        Ok(())
    }

    /// Detaches and deletes the scratch file. Call it after the load's transaction
    /// has ended.
    pub fn close(mut self, conn: &Conn) {
        if std::mem::take(&mut self.attached) {
            let _ = conn.execute_batch(&format!("DETACH DATABASE {SCHEMA}"));
        }
    }
}

impl Drop for WordsBeside {
    fn drop(&mut self) {
        remove(&self.path);
    }
}

/// Removes a scratch file and the journal SQLite may have left next to it.
fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(journal);
}
