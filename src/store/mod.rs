//! The only place that knows SQL: one SQLite connection, migrations, and one file
//! per table group. Every function returns domain types.

pub mod agents;
pub mod audit;
mod background;
mod conn;
pub mod console;
pub mod customer_view;
pub mod customers;
pub mod dashboard;
mod db_error;
pub mod demo_load;
pub mod exchange;
mod filter_terms;
pub mod incidents;
pub mod intake;
mod journal;
pub mod kb;
pub mod kb_links;
pub mod mailbox;
pub mod maintenance;
mod name_keys;
mod open;
pub mod outbox;
mod presence;
pub mod progress;
pub mod project_log;
pub mod project_work;
pub mod projects;
pub mod reads;
pub mod relations;
pub mod reports;
mod schema;
pub mod search;
pub mod service;
pub mod team;
pub mod tickets;
pub mod time;
mod value;
pub mod write;

use crate::config::StorageConfig;
use crate::error::{DbProblem, Error, Result};
use std::path::{Path, PathBuf};

pub use background::Interrupt;
pub use conn::Conn;
pub use db_error::{DbError, DbFailure};
pub use journal::{JournalState, Mode as JournalKind, Reason as JournalReason};
pub use open::Access;
pub use schema::LATEST_VERSION;
pub use value::{Cell, Value};

/// An open aftercare database.
pub struct Store {
    conn: Conn,
    path: PathBuf,
    access: Access,
    journal: JournalState,
}

impl Store {
    /// Opens (creating if missing) the database at `path`, migrating it to the latest schema.
    pub fn open(path: &Path, cfg: &StorageConfig) -> Result<Store> {
        Store::open_as(path, cfg, "aftercare")
    }

    /// `open`, recording `actor` on what opening changes (the journal mode).
    pub fn open_as(path: &Path, cfg: &StorageConfig, actor: &str) -> Result<Store> {
        let prepared = open::prepare(path)?;
        let opened = Store::open_prepared(path, cfg, actor, &prepared);
        if opened.is_err() && prepared.created {
            // A new file that could not be set up (a full disk) is not left behind.
            open::remove_unborn(path);
        }
        opened
    }

    fn open_prepared(
        path: &Path,
        cfg: &StorageConfig,
        actor: &str,
        prepared: &open::Prepared,
    ) -> Result<Store> {
        let shown = path.display().to_string();
        let access = prepared.access;
        let wait = std::time::Duration::from_millis(cfg.busy_timeout_ms);
        let conn = journal::connect_leaving_wal(path, wait, || {
            let conn = open::connect(path, prepared)?;
            presence::announce(path);
            journal::leave_wal_over_network(&conn, &shown, network_fs(path), access)?;
            Ok(conn)
        })?;
        conn.busy_timeout(wait)?;
        // The word index's triggers call Rust: needed before any write or migration.
        search::register(&conn)?;
        filter_terms::register(&conn)?;
        let version = schema::user_version(&conn).map_err(|e| open::first_read_error(&shown, e))?;
        open::check_length(&conn, path)?;
        if version > LATEST_VERSION {
            return Err(Error::database(
                &shown,
                DbProblem::Newer {
                    found: version,
                    supported: LATEST_VERSION,
                },
            ));
        }
        if version == 0 && schema::has_foreign_tables(&conn)? {
            return Err(Error::database(&shown, DbProblem::Foreign));
        }
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        let mut store = Store {
            conn: Conn::new(conn),
            path: path.to_path_buf(),
            access,
            journal: JournalState {
                mode: JournalKind::Delete,
                reason: journal::Reason::ReadOnly,
                config_differs: None,
            },
        };
        if version < LATEST_VERSION {
            if access.read_only() {
                return Err(Error::database(
                    &shown,
                    DbProblem::ReadOnlyNeedsUpgrade {
                        supported: LATEST_VERSION,
                    },
                ));
            }
            schema::migrate(&mut store.conn.sqlite)?;
        }
        if !access.read_only() {
            name_keys::refresh(&mut store.conn.sqlite)?;
        }
        store.journal = journal::settle(&mut store, cfg.journal_mode, version == 0, actor)?;
        Ok(store)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file could only be opened for reading.
    pub fn is_read_only(&self) -> bool {
        self.access.read_only()
    }

    /// How the file may be used here.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: committed if it returns Ok,
    /// rolled back otherwise, so a failed operation leaves nothing half-written.
    pub fn write<T>(&mut self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        if let Some(problem) = self.access.problem() {
            return Err(Error::database(self.path.display(), problem));
        }
        self.conn.in_transaction("BEGIN IMMEDIATE", true, f)
    }

    /// SQLite's `data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The journal mode in use (`wal`, `delete` …).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// The journal mode settled at open, and why.
    pub fn journal(&self) -> &JournalState {
        &self.journal
    }

    /// `db journal wal|delete`: changes the file's mode on purpose, refused while
    /// others have it open (and, for WAL, on a file used over a network unless forced).
    pub fn set_journal(&mut self, want: JournalKind, force: bool, actor: &str) -> Result<()> {
        let now = journal::change(self, want, force, actor)?;
        self.journal = JournalState {
            mode: now,
            reason: match journal::recorded(&self.conn)? {
                Some(r) => journal::Reason::SetByCommand(r),
                None => journal::Reason::Kept,
            },
            config_differs: None,
        };
        Ok(())
    }
}

/// The network file system the file's folder is on (`nfs`, `smb`, `fuse`, `9p` …), if any:
/// there WAL cannot work.
#[cfg(target_os = "linux")]
pub fn network_fs(path: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statfs writes into the zeroed struct we own; the path is NUL-terminated.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    match (st.f_type as i64) & 0xFFFF_FFFF {
        0x6969 => Some("nfs"),
        0xFF53_4D42 => Some("cifs"),
        0xFE53_4D42 => Some("smb2"),
        0x517B => Some("smb"),
        0x6573_5546 => Some("fuse"),
        0x0102_1997 => Some("9p"),
        _ => None,
    }
}

/// The network file system the file's folder is on, if any.
#[cfg(not(target_os = "linux"))]
pub fn network_fs(_path: &Path) -> Option<&'static str> {
    None
}

/// Whether the file's folder is on a network file system, where WAL cannot work.
pub fn on_network_fs(path: &Path) -> bool {
    network_fs(path).is_some()
}

/// The steps of SQLite's plan for `sql` (EXPLAIN QUERY PLAN), indented by depth:
/// what tests check and `docs/PERFORMANCE.md` shows.
pub(crate) fn query_plan(
    conn: &Conn,
    sql: &str,
    params: &[rusqlite::types::Value],
) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
    let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
    let mut depth: Vec<(i64, usize)> = Vec::new();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, parent): (i64, i64) = (r.get(0)?, r.get(1)?);
        let detail: String = r.get(3)?;
        let d = depth
            .iter()
            .find(|(i, _)| *i == parent)
            .map_or(0, |(_, d)| d + 1);
        depth.push((id, d));
        out.push(format!("{}{detail}", "  ".repeat(d)));
    }
    Ok(out)
}

/// The version of the bundled SQLite library.
pub fn sqlite_version() -> &'static str {
    rusqlite::version()
}

/// Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
pub(crate) fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod name_sort_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod upgrade_tests;
