//! `Store`: an open aftercare database (an SQLite file or a PostgreSQL server), how it
//! is opened and migrated, and its write transaction.

use super::db_error::db_other;
use super::network_fs::{network_fs, on_network_fs};
use super::{
    dashboard_facts, filter_terms, journal, name_keys, open, presence, schema, search, server,
};
use super::{Access, Conn, Engine, JournalKind, JournalState, LATEST_VERSION};
use crate::config::StorageConfig;
use crate::error::{DbProblem, Error, Result};
use crate::store::{params, phase_times};
use std::path::{Path, PathBuf};

/// Pages of WAL after which a lone writer's commit checkpoints (SQLite's default is
/// 1,000). A long-lived writer without the console's idle worker (mail intake, a
/// script's loop of CLI-like writes on one connection) pays the checkpoint inside one
/// of its writes: at 1,000 pages that write took 9–11 ms at a million tickets, the
/// slowest one in a hundred; at 250 pages each checkpoint copies a quarter as much
/// (a write's pages are mostly the same few index leaves) and the slowest in a hundred
/// took 3.7–4.1 ms, with the median write no slower (bench `write_tail`, "lone").
/// Whole CLI processes checkpoint at close anyway; the console defers
/// (`checkpoint::DEFERRED_PAGES`).
pub const LONE_WRITER_PAGES: i64 = 250;

/// An open aftercare database.
pub struct Store {
    pub(super) conn: Conn,
    pub(super) at: Location,
    pub(super) access: Access,
    /// The file's journal mode and why (None on a server, which keeps its own log).
    pub(super) journal: Option<JournalState>,
    /// Called at the end of every write transaction with the audit mark taken at its
    /// start (see `set_after_write`).
    pub(super) after_write: Option<AfterWrite>,
    /// Whether each write ends with a bounded merge step of the word index
    /// (`search::merge::after_write`): true unless a worker merges when idle
    /// (`leave_merging_to_worker`).
    pub(super) merges_after_write: std::sync::atomic::AtomicBool,
}

/// What keeps derived data in step with a write: called inside the transaction, before
/// it commits, with the largest audit event id from before the write began (the
/// events above it are the write's).
pub type AfterWrite = std::sync::Arc<dyn Fn(&Conn, i64) -> Result<()> + Send + Sync>;

/// The end of a write on a connection nobody merges after: a bounded step of the
/// word index's merging, in the same transaction (no second commit and sync).
fn merge_after(c: &Conn, merge: bool) -> Result<()> {
    phase_times::mark("facts");
    if let (true, Some(s)) = (merge, c.as_sqlite()) {
        let calls = search::merge::after_write(s)?;
        phase_times::count("merge_calls", calls as u64);
    }
    phase_times::mark("merge");
    Ok(())
}

/// Where the database is.
pub(super) enum Location {
    File(PathBuf),
    /// A PostgreSQL server: how to reach it (with the password that worked, for a
    /// second connection) and the server's version.
    Server {
        target: Box<server::Target>,
        version: String,
    },
}

impl Store {
    /// Opens the database at `path` — an SQLite file (created if missing), or a
    /// PostgreSQL server when it is a `postgres://` URL — migrating it to the latest schema.
    pub fn open(path: &Path, cfg: &StorageConfig) -> Result<Store> {
        Store::open_as(path, cfg, "aftercare")
    }

    /// `open`, recording `actor` on what opening changes (the journal mode).
    pub fn open_as(path: &Path, cfg: &StorageConfig, actor: &str) -> Result<Store> {
        let shown = path.display().to_string();
        if server::is_url(&shown) {
            let opened = Store::open_server(&shown, cfg);
            phase_times::mark("open");
            return opened;
        }
        let prepared = open::prepare(path)?;
        let opened = Store::open_prepared(path, cfg, actor, &prepared);
        phase_times::mark("open");
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
        let version =
            schema::sqlite_user_version(&conn).map_err(|e| open::first_read_error(&shown, e))?;
        open::check_length(&conn, path)?;
        let conn = Conn::sqlite(conn);
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
        // FULL: a commit is synced before the caller says "ok" (NORMAL would leave a WAL
        // commit to the next checkpoint, which a power cut can lose).
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;
             PRAGMA wal_autocheckpoint = {};",
            LONE_WRITER_PAGES
        ))?;
        let mut store = Store {
            conn,
            at: Location::File(path.to_path_buf()),
            access,
            journal: None,
            after_write: None,
            merges_after_write: true.into(),
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
            schema::migrate(&store.conn)?;
        }
        if !access.read_only() {
            name_keys::refresh(&store.conn)?;
        }
        store.journal = Some(journal::settle(
            &mut store,
            cfg.journal_mode,
            version == 0,
            actor,
        )?);
        Ok(store)
    }

    /// Connects to the PostgreSQL server named by `url`, migrating its database to
    /// the latest schema (under an advisory lock, so several first starts are safe).
    fn open_server(url: &str, cfg: &StorageConfig) -> Result<Store> {
        let target = server::parse(url)?;
        let (pg, target) = server::connect(&target, cfg)?;
        let version = pg.server_version();
        let conn = Conn::postgres(pg, super::search::flush_dirty);
        schema::migrate(&conn).map_err(|e| match e {
            Error::Database(_) => e,
            other => db_other(
                format!("cannot prepare {}: {other}", target.shown),
                other.hint(),
            ),
        })?;
        // Keys missing after an upgrade to schema 016 are filled here too.
        name_keys::refresh(&conn)?;
        Ok(Store {
            conn,
            at: Location::Server {
                target: Box::new(target),
                version,
            },
            access: Access::ReadWrite,
            journal: None,
            after_write: None,
            merges_after_write: false.into(),
        })
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The database file (None on a server).
    pub fn path(&self) -> Option<&Path> {
        match &self.at {
            Location::File(p) => Some(p),
            Location::Server { .. } => None,
        }
    }

    /// Where the database is, as shown to people: the file's path, or the server's URL
    /// without its password.
    pub fn location(&self) -> String {
        match &self.at {
            Location::File(p) => p.display().to_string(),
            Location::Server { target, .. } => target.shown.clone(),
        }
    }

    /// The engine holding the data.
    pub fn engine(&self) -> Engine {
        self.conn.engine()
    }

    /// The engine's version: SQLite's library version, or the server's.
    pub fn engine_version(&self) -> String {
        match &self.at {
            Location::File(_) => rusqlite::version().to_string(),
            Location::Server { version, .. } => version.clone(),
        }
    }

    /// Whether the file lives on a network file system (never for a server).
    pub fn on_network_fs(&self) -> bool {
        self.path().is_some_and(on_network_fs)
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
            return Err(Error::database(self.location(), problem));
        }
        let merge = self
            .merges_after_write
            .load(std::sync::atomic::Ordering::Relaxed);
        phase_times::mark("before_write");
        let Some(hook) = self.after_write.clone() else {
            let out = self.conn.in_transaction(true, true, |c| {
                let out = f(c)?;
                merge_after(c, merge)?;
                Ok(out)
            });
            phase_times::mark("commit");
            return out;
        };
        let out = self.conn.in_transaction(true, true, |c| {
            let mark = dashboard_facts::audit_mark(c)?;
            let out = f(c)?;
            phase_times::mark("change");
            hook(c, mark)?;
            merge_after(c, merge)?;
            Ok(out)
        });
        phase_times::mark("commit");
        out
    }

    /// Stops ending each write with a merge step of the word index: for a
    /// connection whose worker merges when the user is idle (the console's).
    pub fn leave_merging_to_worker(&self) {
        self.merges_after_write
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// Has `hook` called at the end of every write transaction (derived data that
    /// must change with the records: the dashboard's facts).
    pub fn set_after_write(&mut self, hook: AfterWrite) {
        self.after_write = Some(hook);
    }

    /// A number that changes when another connection commits a change, cheap enough
    /// to poll every second: SQLite's `data_version`; on PostgreSQL the count of
    /// change notifications heard (every write transaction sends one; no table is read).
    pub fn change_mark(&self) -> Result<i64> {
        match self.conn.as_pg() {
            Some(pg) => pg.change_mark(),
            None => self.conn.one("PRAGMA data_version", params![]),
        }
    }

    /// The journal mode in use (`wal`, `delete` …); `server` on PostgreSQL.
    pub fn journal_mode(&self) -> Result<String> {
        match self.engine() {
            Engine::Sqlite => self.conn.one("PRAGMA journal_mode", params![]),
            Engine::Postgres => Ok("server".into()),
        }
    }

    /// The journal mode settled at open, and why (None on a server).
    pub fn journal(&self) -> Option<&JournalState> {
        self.journal.as_ref()
    }

    /// `db journal wal|delete`: changes the file's mode on purpose, refused while
    /// others have it open (and, for WAL, on a file used over a network unless forced).
    /// A PostgreSQL server has no journal mode to choose: refused with a reason.
    pub fn set_journal(&mut self, want: JournalKind, force: bool, actor: &str) -> Result<()> {
        if self.engine() == Engine::Postgres {
            return Err(Error::invalid(
                "a PostgreSQL server has no journal mode to choose",
                "the server keeps its own write-ahead log; db journal is for SQLite files",
            ));
        }
        let now = journal::change(self, want, force, actor)?;
        self.journal = Some(JournalState {
            mode: now,
            reason: match journal::recorded(&self.conn)? {
                Some(r) => journal::Reason::SetByCommand(r),
                None => journal::Reason::Kept,
            },
            config_differs: None,
        });
        Ok(())
    }
}
