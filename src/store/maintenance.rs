//! `db info`, `db check` and `db backup`.

use super::{params, schema, Conn, Engine, Store};
use crate::error::{Error, IoAction, IoContext, Result};
use rusqlite::backup::{Backup, StepResult};
use std::path::Path;

/// What `db info` shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Info {
    /// The file, or the server's URL without its password.
    pub path: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The engine's version (SQLite's library, or the server's).
    pub backend_version: String,
    /// Whether the connection to the server is encrypted (TLS); false for a file.
    pub encrypted: bool,
    pub schema_version: i64,
    pub journal_mode: String,
    /// Why the file has that journal mode.
    pub journal_reason: String,
    pub network_fs: bool,
    /// How this process may use the file: read-write, read-only file, read-only folder.
    pub access: String,
    pub size_bytes: u64,
    pub tickets: i64,
    pub comments: i64,
    pub customers: i64,
    pub agents: i64,
    pub projects: i64,
    pub articles: i64,
    pub audit_events: i64,
}

fn count(conn: &Conn, table: &str) -> Result<i64> {
    // MAX(rowid) would be faster but wrong after deletes; these tables are indexed.
    conn.one(&format!("SELECT count(*) FROM {table}"), params![])
}

/// Facts about the database file and its contents.
pub fn info(store: &Store) -> Result<Info> {
    let conn = store.conn();
    let tickets: i64 = conn.one(
        "SELECT COALESCE(sum(value), 0) FROM counters WHERE name LIKE 'stage:%'",
        params![],
    )?;
    let size_bytes = match store.path() {
        Some(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        None => conn
            .one::<i64>("SELECT pg_database_size(current_database())", params![])?
            .max(0) as u64,
    };
    Ok(Info {
        path: store.location(),
        backend: store.engine().as_str().to_string(),
        backend_version: store.engine_version(),
        encrypted: match conn.engine() {
            Engine::Sqlite => false,
            Engine::Postgres => conn
                .query_opt(
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                    params![],
                    |r| r.get(0),
                )?
                .unwrap_or(false),
        },
        schema_version: schema::user_version(conn)?,
        journal_mode: store.journal_mode()?,
        journal_reason: store
            .journal()
            .map(|j| j.why())
            .unwrap_or_else(|| "a server keeps its own write-ahead log".into()),
        network_fs: store.on_network_fs(),
        access: match store.access() {
            super::Access::ReadWrite => "read-write",
            super::Access::ReadOnlyFile => "read-only file",
            super::Access::ReadOnlyFolder => "read-only folder",
        }
        .into(),
        size_bytes,
        tickets,
        comments: count(conn, "comments")?,
        customers: count(conn, "customers")?,
        agents: count(conn, "agents")?,
        projects: count(conn, "projects")?,
        articles: count(conn, "kb_articles")?,
        audit_events: count(conn, "audit")?,
    })
}

/// Runs SQLite's integrity and foreign-key checks plus aftercare's own consistency
/// checks; returns the problems found (empty when healthy).
pub fn check(store: &Store) -> Result<Vec<String>> {
    let conn = store.conn();
    let mut problems = Vec::new();
    // The server checks its pages and foreign keys itself; SQLite is asked to.
    if conn.engine() == Engine::Sqlite {
        let rows: Vec<String> =
            conn.query_map("PRAGMA integrity_check", params![], |r| r.get(0))?;
        for row in rows {
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let rows: Vec<(String, i64, String)> =
            conn.query_map("PRAGMA foreign_key_check", params![], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        for (table, rowid, parent) in rows {
            problems.push(format!(
                "foreign key: {table} row {rowid} points at a missing {parent}"
            ));
        }
    }
    // Every ticket was created through the audit log, and its version matches the log.
    let missing: i64 = conn.one(
        "SELECT count(*) FROM tickets t WHERE NOT EXISTS
            (SELECT 1 FROM audit e WHERE e.entity = 'ticket' AND e.entity_id = t.id AND e.action = 'create')",
        params![],
    )?;
    if missing > 0 {
        problems.push(format!("audit: {missing} tickets have no 'create' event"));
    }
    let behind: i64 = conn.one(
        "SELECT count(*) FROM tickets t WHERE t.version >
            COALESCE((SELECT max(e.version) FROM audit e WHERE e.entity = 'ticket' AND e.entity_id = t.id), 0)",
        params![],
    )?;
    if behind > 0 {
        problems.push(format!(
            "audit: {behind} tickets have changes that the audit log does not record"
        ));
    }
    let rows: Vec<(String, i64, i64)> = conn.query_map(
        "SELECT s.stage, s.n, COALESCE(c.value, 0) FROM (SELECT stage, count(*) AS n FROM tickets GROUP BY stage) s
         LEFT JOIN counters c ON c.name = 'stage:' || s.stage WHERE s.n <> COALESCE(c.value, 0)",
        params![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (stage, real, cached) in rows {
        problems.push(format!(
            "counters: stage '{stage}' has {real} tickets, the cached count says {cached}"
        ));
    }
    problems.extend(super::search::problems(conn)?);
    Ok(problems)
}

/// Copies the database to `dest` with SQLite's online backup (safe while others write).
/// The copy is written to a fresh 0600 file beside `dest` (created exclusively, so
/// SQLite gives anything it creates beside it the same mode) and renamed into place
/// when complete; a failure leaves nothing behind.
pub fn backup(store: &Store, dest: &Path, progress: &mut dyn FnMut(i32, i32)) -> Result<()> {
    let Some(source) = store.conn().as_sqlite() else {
        return Err(Error::invalid(
            "db backup copies an SQLite file; this database is on a PostgreSQL server",
            format!(
                "back the server up with pg_dump, or copy it into a file: aftercare db migrate --to {}",
                dest.display()
            ),
        ));
    };
    if dest.exists() {
        return Err(Error::invalid(
            format!("'{}' already exists", dest.display()),
            "choose a new file name, or remove the old backup first",
        ));
    }
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    crate::files::create_private_dir_all(&dir).at(IoAction::CreateDir, &dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".aftercare-backup-")
        .suffix(".partial")
        .tempfile_in(&dir)
        .at(IoAction::Create, dest)?
        .into_temp_path();
    let copied = copy_into(source, &tmp, progress).map_err(|e| name_dest(e, dest));
    let journal = super::open::sibling(&tmp, "-journal");
    let _ = std::fs::remove_file(&journal);
    copied?;
    // Refuses to replace a file that appeared meanwhile; the temp file goes on failure.
    tmp.persist_noclobber(dest)
        .map_err(|e| Error::io(IoAction::Rename, dest, e.error))?;
    Ok(())
}

/// An engine failure while writing the copy names the copy.
fn name_dest(e: Error, dest: &Path) -> Error {
    match e {
        Error::Db(db) if db.failure() == super::DbFailure::DiskFull => Error::io(
            IoAction::Write,
            dest,
            std::io::Error::from_raw_os_error(libc::ENOSPC),
        ),
        Error::Db(db) if db.failure() == super::DbFailure::Io => Error::io(
            IoAction::Write,
            dest,
            std::io::Error::from_raw_os_error(libc::EIO),
        ),
        other => other,
    }
}

fn copy_into(
    source: &rusqlite::Connection,
    tmp: &Path,
    progress: &mut dyn FnMut(i32, i32),
) -> Result<()> {
    let mut out = rusqlite::Connection::open(tmp)?;
    // No journal while copying: a copy that fails is thrown away whole.
    let _: String = out.query_row("PRAGMA journal_mode = off", [], |r| r.get(0))?;
    {
        let b = Backup::new(source, &mut out)?;
        loop {
            match b.step(1024)? {
                StepResult::Done => break,
                StepResult::More => {
                    let p = b.progress();
                    progress(p.pagecount - p.remaining, p.pagecount);
                }
                // Another connection is writing: wait a moment and go on.
                _ => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
    }
    // A backup is a plain single file: no WAL beside it.
    let _: String = out.query_row("PRAGMA journal_mode = delete", [], |r| r.get(0))?;
    out.close().map_err(|(_, e)| e)?;
    Ok(())
}
