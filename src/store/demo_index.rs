//! The ticket word index of a bulk load (`aftercare demo`), built on a second core:
//! a scratch SQLite file with the same FTS5 table takes the documents on its own
//! thread and connection while the loading connection writes the rows, merges them
//! as the load would (`merge::lift_during_load`, `merge::finish_load`), and is then
//! copied into the database inside the load's transaction (`IndexScratch::copy_into`).
//!
//! Only when the database's ticket index is empty, so the copy replaces nothing. The
//! database's FTS5 table is dropped and created again before its shadow tables take
//! the scratch's rows: a table that this connection already used keeps its index
//! structure cached in memory, and would not see rows written around it.
//! PostgreSQL has no such split (its index is a GIN index over a column that the
//! load's COPY fills): `IndexScratch::for_load` gives None there.

use super::demo_load::IndexRow;
use super::search::merge;
use super::{params, Conn};
use crate::error::{Error, Result};
use rusqlite::Connection;
use std::path::Path;

/// The shadow tables of the ticket index that hold its content, copied in this order.
const CONTENT: [&str; 4] = [
    "search_tickets_config",
    "search_tickets_data",
    "search_tickets_idx",
    "search_tickets_docsize",
];

/// Page cache of the scratch connection, in KiB: it writes its pages in order and
/// reads them back only to merge.
const SCRATCH_CACHE_KIB: i64 = 32_768;

/// A ticket index being built in a scratch file (deleted when this is dropped).
pub struct IndexScratch {
    conn: Connection,
    _file: tempfile::TempPath,
}

impl IndexScratch {
    /// A scratch index in `dir` (the database's folder: the same disk, which the
    /// copy reads back; the system's temporary folder when None) declared and
    /// configured as `main`'s ticket index. None on PostgreSQL, and when `main`'s
    /// ticket index is not empty.
    pub fn for_load(main: &Conn, dir: Option<&Path>) -> Result<Option<IndexScratch>> {
        let Some(m) = main.as_sqlite() else {
            return Ok(None);
        };
        let empty: bool = main.one(
            "SELECT NOT EXISTS (SELECT 1 FROM search_tickets_docsize)
                AND NOT EXISTS (SELECT 1 FROM search_tickets_data WHERE id NOT IN (1, 10))",
            params![],
        )?;
        if !empty {
            return Ok(None);
        }
        let ddl: String = main.one(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_tickets'",
            params![],
        )?;
        let dir = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
        let file = tempfile::Builder::new()
            .prefix(".aftercare-index-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| {
                Error::msg(format!(
                    "cannot make a scratch file in {}: {e}",
                    dir.display()
                ))
            })?
            .into_temp_path();
        let conn = Connection::open(&file)?;
        // A scratch file: nothing to recover after a crash, so no journal, no syncs.
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -{SCRATCH_CACHE_KIB};
             {ddl};"
        ))?;
        // The same settings as the database's index (merging, the load's hash size).
        let settings: Vec<(String, rusqlite::types::Value)> = {
            let mut st =
                m.prepare("SELECT k, v FROM search_tickets_config WHERE k <> 'version'")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (k, v) in settings {
            conn.execute(
                "INSERT INTO search_tickets (search_tickets, rank) VALUES (?1, ?2)",
                rusqlite::params![k, v],
            )?;
        }
        conn.execute_batch("BEGIN")?;
        Ok(Some(IndexScratch { conn, _file: file }))
    }

    /// Adds a group of documents, one single-row insert each (see
    /// `demo_load::ticket_index` for why), and lifts the first segments off level 0
    /// as the load on the database would.
    pub fn add(&self, rows: &[IndexRow<'_>]) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "INSERT INTO search_tickets (rowid, title, body) VALUES (?1, ?2, ?3)",
        )?;
        for r in rows {
            st.execute(rusqlite::params![
                r.doc,
                (!r.title.is_empty()).then_some(r.title),
                r.body
            ])?;
        }
        merge::lift_during_load(&self.conn)
    }

    /// Merges the segments as the end of a load does (`merge::finish_load`).
    pub fn finish(&self) -> Result<()> {
        merge::finish_load(&self.conn)?;
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    /// Replaces `main`'s (empty) ticket index by this one, in `main`'s transaction.
    pub fn copy_into(self, main: &Conn) -> Result<()> {
        let Some(m) = main.as_sqlite() else {
            return Err(Error::msg("a scratch word index is for SQLite databases"));
        };
        let ddl: String = main.one(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_tickets'",
            params![],
        )?;
        // A new table object: the old one may hold the empty index's structure cached.
        m.execute_batch(&format!("DROP TABLE search_tickets; {ddl};"))?;
        for table in CONTENT {
            m.execute_batch(&format!("DELETE FROM {table}"))?;
            let mut from = self.conn.prepare(&format!("SELECT * FROM {table}"))?;
            let n = from.column_count();
            let marks = vec!["?"; n].join(", ");
            let mut to = m.prepare(&format!("INSERT INTO {table} VALUES ({marks})"))?;
            let mut rows = from.query([])?;
            while let Some(r) = rows.next()? {
                for i in 0..n {
                    let v = rusqlite::types::ToSqlOutput::Borrowed(r.get_ref(i)?);
                    to.raw_bind_parameter(i + 1, v)?;
                }
                to.raw_execute()?;
            }
        }
        Ok(())
    }
}
