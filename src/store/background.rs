//! A second connection for work the console must not wait for (counts, searches,
//! reports, index upkeep, bulk loads), and a flag that stops its statements from
//! another thread when a newer request makes the running one pointless.
//!
//! On PostgreSQL the second connection is another session to the same server, and
//! stopping is the server's cancel request (what psql's Ctrl-C sends); a raised flag
//! also refuses the session's next statements, as SQLite's progress handler does.

use super::{journal, open, search, Conn, JournalState, Location, Store, LATEST_VERSION};
use crate::config::StorageConfig;
use crate::error::{DbProblem, Error, Result};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Virtual-machine steps between two looks at the flag: about a tenth of a
/// millisecond of work, so a cancelled query stops at once and a normal one pays
/// nothing measurable.
const CHECK_EVERY: i32 = 1_000;

/// Stops the statements of the connections that watch it, from any thread: a
/// raised flag makes their running statement (and every later one that runs more
/// than a few thousand steps, until `clear`) fail with SQLite's "interrupted". The flag is checked by a progress
/// handler, and `raise` also calls `sqlite3_interrupt`, which stops work that
/// runs long between two checks.
#[derive(Clone, Default)]
pub struct Interrupt {
    raised: Arc<AtomicBool>,
    handles: Arc<Mutex<Vec<Handle>>>,
}

/// How to stop one watching connection's running statement.
enum Handle {
    Sqlite(rusqlite::InterruptHandle),
    /// Sends the server a cancel request for the session.
    Pg(Box<dyn Fn() + Send>),
}

impl std::fmt::Debug for Interrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interrupt")
            .field("raised", &self.is_raised())
            .finish()
    }
}

impl Interrupt {
    /// A flag not raised, watched by no connection yet.
    pub fn new() -> Interrupt {
        Interrupt::default()
    }

    /// Stops what the watching connections run now and next, until `clear`.
    pub fn raise(&self) {
        self.raised.store(true, Ordering::SeqCst);
        if let Ok(handles) = self.handles.lock() {
            for h in handles.iter() {
                match h {
                    Handle::Sqlite(h) => h.interrupt(),
                    Handle::Pg(cancel) => cancel(),
                }
            }
        }
    }

    /// Lets statements run again.
    pub fn clear(&self) {
        self.raised.store(false, Ordering::SeqCst);
    }

    /// Whether the flag is raised.
    pub fn is_raised(&self) -> bool {
        self.raised.load(Ordering::SeqCst)
    }
}

impl Store {
    /// A second connection to the same database for background work: the same file,
    /// or another session on the same server (with the password that worked).
    pub fn open_second(&self, cfg: &StorageConfig) -> Result<Store> {
        match &self.at {
            Location::File(p) => Store::open_background(p, cfg),
            Location::Server { target, version } => {
                let (pg, target) = super::server::connect(target, cfg)?;
                let conn = Conn::postgres(pg, super::search::flush_dirty);
                let found = super::schema::user_version(&conn)?;
                if found != LATEST_VERSION {
                    return Err(super::db_other(
                        format!("the server's database has schema version {found}, expected {LATEST_VERSION}"),
                        Some("open it with aftercare first, which brings it up to date".into()),
                    ));
                }
                Ok(Store {
                    conn,
                    at: Location::Server {
                        target: Box::new(target),
                        version: version.clone(),
                    },
                    access: self.access,
                    journal: None,
                    after_write: None,
                    merges_after_write: false.into(),
                })
            }
        }
    }

    /// Opens a second connection to a database that is already at the latest schema,
    /// for background work: no migration and no journal-mode change (the console's own
    /// `Store::open` did both), the same busy timeout and index functions.
    pub fn open_background(path: &Path, cfg: &StorageConfig) -> Result<Store> {
        let shown = path.display().to_string();
        let prepared = open::prepare(path)?;
        let conn = open::connect(path, &prepared)?;
        conn.busy_timeout(std::time::Duration::from_millis(cfg.busy_timeout_ms))?;
        search::register(&conn)?;
        super::filter_terms::register(&conn)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
        let version = super::schema::sqlite_user_version(&conn)
            .map_err(|e| open::first_read_error(&shown, e))?;
        if version != LATEST_VERSION {
            return Err(Error::database(
                &shown,
                DbProblem::Other {
                    message: format!(
                        "'{shown}' has schema version {version}, expected {LATEST_VERSION}"
                    ),
                    hint: Some("open it with aftercare first, which brings it up to date".into()),
                },
            ));
        }
        // The foreground connection decided the journal mode; this one only reports it.
        let mode = journal::current(&conn)?;
        Ok(Store {
            conn: Conn::sqlite(conn),
            at: Location::File(path.to_path_buf()),
            access: prepared.access,
            journal: Some(JournalState {
                mode,
                reason: journal::Reason::Kept,
                config_differs: None,
            }),
            after_write: None,
            // The console's worker: its idle steps merge (`merge::step`).
            merges_after_write: false.into(),
        })
    }

    /// Makes this connection's statements stop while `flag` is raised.
    pub fn watch(&self, flag: &Interrupt) -> Result<()> {
        let handle = match (self.conn.as_sqlite(), self.conn.as_pg(), &self.at) {
            (Some(c), _, _) => {
                let raised = Arc::clone(&flag.raised);
                c.progress_handler(CHECK_EVERY, Some(move || raised.load(Ordering::Relaxed)))?;
                Handle::Sqlite(c.get_interrupt_handle())
            }
            (None, Some(pg), Location::Server { target, .. }) => {
                pg.stop_when(Arc::clone(&flag.raised));
                Handle::Pg(super::server::canceller(pg, target))
            }
            _ => return Ok(()),
        };
        if let Ok(mut handles) = flag.handles.lock() {
            handles.push(handle);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A query that runs for seconds unless stopped.
    const SLOW: &str = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
        WHERE i < 3000000000) SELECT count(*) FROM n";

    #[test]
    fn a_raised_flag_stops_a_running_query_from_another_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        drop(Store::open(&path, &StorageConfig::default()).unwrap());
        let store = Store::open_background(&path, &StorageConfig::default()).unwrap();
        let flag = Interrupt::new();
        store.watch(&flag).unwrap();
        let raiser = flag.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            raiser.raise();
        });
        let started = Instant::now();
        let r: crate::error::Result<i64> = store.conn().query_row(SLOW, &[], |r| r.get(0));
        assert!(r.is_err(), "stopped");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        t.join().unwrap();
        // Raised: later statements stop too (all but the shortest); cleared: they run.
        let medium = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
            WHERE i < 100000) SELECT count(*) FROM n";
        assert!(store
            .conn()
            .query_row(medium, &[], |r| r.get::<i64>(0))
            .is_err());
        flag.clear();
        let n: i64 = store.conn().query_row(medium, &[], |r| r.get(0)).unwrap();
        assert_eq!(n, 100_000);
    }

    #[test]
    fn a_background_connection_needs_a_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        std::fs::write(&path, b"").unwrap();
        let e = Store::open_background(&path, &StorageConfig::default())
            .err()
            .expect("refused");
        assert!(e.to_string().contains("schema version 0"), "{e}");
        assert!(e.hint().is_some());
    }
}
