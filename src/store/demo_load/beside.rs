//! Rows of a bulk load written beside the database (SQLite): a second thread fills a
//! scratch file with the load's audit events, comments and dashboard facts while the
//! loading thread writes the tickets and the word index, and the loading thread
//! then copies each table in with one `INSERT INTO main.t SELECT * FROM beside.t`.
//!
//! Why: the audit rows (about 8 per ticket, each with four index entries) and the
//! comments were the largest share of the B-tree work of the one loading thread.
//! The copy is SQLite's transfer optimisation: with identical table and index
//! definitions it moves the stored records and index entries as they are, in
//! order, without decoding them (`copy_into` checks that each statement compiles
//! to it). The scratch file takes the definitions from the database's own schema,
//! the rows their ids as the database would number them, so the copy leaves the
//! same content as rows written in place; it happens inside the load's
//! transaction, so a failed load still leaves nothing.

use super::{audit_from, comments_in, facts_in, AuditRow, CommentRow, Statements};
use crate::error::{Error, Result};
use crate::store::dashboard_facts::Fact;
use crate::store::{params, Conn};
use std::path::{Path, PathBuf};

/// The tables written beside. The database's must have no insert triggers during
/// the load (the transfer optimisation skips tables with triggers; the word-index
/// trigger of comments is paused) and comments and facts must be empty (their
/// copies then take the transfer path; the audit table's always can).
pub const TABLES: &[&str] = &["audit", "comments", "ticket_facts"];

/// The schema name the scratch file is attached under for the copy.
const SCHEMA: &str = "demo_beside";

/// Indexes of the audit table the scratch file builds after its rows (from sorted
/// keys, once) instead of keeping them while loading: their keys are times, which
/// a load in ticket order writes all over the index.
const BUILT_AFTER: &[&str] = &["audit_at", "audit_stage_at"];

/// Page cache of the scratch connection while it takes rows, in KiB. Its inserts
/// append (ids, and ticket ids within the kept indexes, only grow), so a small
/// cache holds every page they touch.
const CACHE_KIB: i64 = 8_192;

/// Page cache while it builds its remaining indexes, in KiB: the sorter's buffer
/// is as large (the peak of a 1M load with 32 MiB here and 128 MiB on the loading
/// connection was 429 MB; goal 400).
const BUILD_CACHE_KIB: i64 = 16_384;

/// The scratch file on the loading thread's side: where it is, and whether it is
/// attached to the loading connection. Deleted on drop.
#[derive(Debug)]
pub struct Beside {
    path: PathBuf,
    attached: bool,
}

/// The writing side, moved to the second thread.
pub struct BesideWriter {
    conn: Conn,
    next_id: i64,
    later: Vec<String>,
}

/// Starts a scratch file for the rows of `TABLES` a load into `conn`'s database is
/// about to write, next to the database file. `None` when there is nowhere to put
/// one (PostgreSQL, an in-memory or temporary database): the rows are written in
/// place. Call it inside the load's transaction, after every row written in place.
pub fn start(conn: &Conn) -> Result<Option<(Beside, BesideWriter)>> {
    let Some(raw) = conn.as_sqlite() else {
        return Ok(None);
    };
    let db = match raw.path() {
        Some(p) if !p.is_empty() => p.to_string(),
        _ => return Ok(None),
    };
    let path = PathBuf::from(format!("{db}-demo-load"));
    remove(&path);
    let beside = Beside {
        path,
        attached: false,
    };
    let mut defs: Vec<(String, String)> = Vec::new();
    for t in TABLES {
        defs.extend(conn.query_map(
            "SELECT name, sql FROM main.sqlite_master
             WHERE tbl_name = ?1 AND type IN ('table', 'index') AND sql IS NOT NULL
             ORDER BY type = 'index', name",
            params![*t],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?);
    }
    let page_size: i64 = conn.one("PRAGMA main.page_size", params![])?;
    let next_id: i64 = conn.one("SELECT COALESCE(max(id), 0) + 1 FROM audit", params![])?;
    let file = rusqlite::Connection::open(&beside.path)?;
    let writer = Conn::sqlite(file);
    // A scratch file: no journal, no syncs (a crash leaves a file the next load
    // replaces; the database itself is untouched until the copy). No foreign key
    // checks: the tables they refer to are in the database (the loader numbers
    // every row it refers to, as in place).
    writer.execute_batch(&format!(
        "PRAGMA page_size = {page_size}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         PRAGMA cache_size = -{CACHE_KIB}; PRAGMA threads = 0; PRAGMA foreign_keys = OFF"
    ))?;
    let mut later = Vec::new();
    writer.execute_batch("BEGIN")?;
    for (name, sql) in defs {
        if BUILT_AFTER.contains(&name.as_str()) {
            later.push(sql);
        } else {
            writer.execute_batch(&sql)?;
        }
    }
    Ok(Some((
        beside,
        BesideWriter {
            conn: writer,
            next_id,
            later,
        },
    )))
}

impl BesideWriter {
    /// The writing session: appends batches with statements prepared once. End it
    /// before `finish`.
    pub fn session(&mut self) -> BesideSession<'_> {
        let BesideWriter { conn, next_id, .. } = self;
        BesideSession {
            statements: Statements::new(conn),
            conn,
            next_id,
        }
    }

    /// Builds the remaining indexes and closes the file, ready for `copy_into`.
    pub fn finish(self) -> Result<()> {
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{BUILD_CACHE_KIB}"))?;
        for sql in &self.later {
            self.conn.execute_batch(sql)?;
        }
        self.conn.execute_batch("COMMIT")
    }
}

/// Appends batches to the scratch file (`BesideWriter::session`).
pub struct BesideSession<'a> {
    conn: &'a Conn,
    statements: Statements<'a>,
    next_id: &'a mut i64,
}

impl BesideSession<'_> {
    /// Appends a batch: audit events (numbered on from the database's last one),
    /// comments and dashboard facts.
    pub fn write(
        &mut self,
        audit: &[AuditRow<'_>],
        comment_rows: &[CommentRow<'_>],
        fact_rows: &[Fact],
    ) -> Result<()> {
        audit_from(self.conn, &mut self.statements, *self.next_id, audit)?;
        *self.next_id += audit.len() as i64;
        comments_in(self.conn, &mut self.statements, comment_rows)?;
        facts_in(self.conn, &mut self.statements, fact_rows)
    }
}

impl Beside {
    /// Copies the finished scratch file's rows and index entries into the tables
    /// of `conn` (inside the load's transaction). Refuses when SQLite would not use
    /// the transfer optimisation (a schema that differs, a trigger, rows already
    /// there): the copy would then decode and re-encode every row on the loading
    /// thread.
    pub fn copy_into(&mut self, conn: &Conn) -> Result<()> {
        let file = self.path.to_string_lossy().into_owned();
        conn.execute(&format!("ATTACH DATABASE ?1 AS {SCHEMA}"), params![file])?;
        self.attached = true;
        for t in TABLES {
            let sql = format!("INSERT INTO main.{t} SELECT * FROM {SCHEMA}.{t}");
            if !transfers(conn, t, &sql)? {
                return Err(Error::msg(format!(
                    "the copy of {t} would not be a transfer (schemas differ?)"
                )));
            }
            conn.execute_batch(&sql)?;
        }
        Ok(())
    }

    /// Detaches and deletes the scratch file. Call it after the load's transaction
    /// has ended (a database cannot be detached while a transaction reads it).
    pub fn close(mut self, conn: &Conn) {
        if std::mem::take(&mut self.attached) {
            let _ = conn.execute_batch(&format!("DETACH DATABASE {SCHEMA}"));
        }
    }
}

impl Drop for Beside {
    fn drop(&mut self) {
        remove(&self.path);
    }
}

/// Whether `sql` (an `INSERT INTO main.table … SELECT *`) runs as SQLite's transfer
/// optimisation: whole records copied (`RowCell`/`RowData`). When the program also
/// holds the row-by-row fallback (records built from columns: `MakeRecord`), SQLite
/// takes the transfer only into an empty table.
fn transfers(conn: &Conn, table: &str, sql: &str) -> Result<bool> {
    let ops: Vec<String> = conn.query_map(&format!("EXPLAIN {sql}"), params![], |r| r.get(1))?;
    let copies = ops.iter().any(|o| o == "RowCell" || o == "RowData");
    if !copies {
        return Ok(false);
    }
    if !ops.iter().any(|o| o == "MakeRecord") {
        return Ok(true);
    }
    let empty: i64 = conn.one(
        &format!("SELECT NOT EXISTS (SELECT 1 FROM main.{table})"),
        params![],
    )?;
    Ok(empty == 1)
}

/// Removes a scratch file and the journal SQLite may have left next to it.
fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(journal);
}
