//! The store's own connection handle: what every store function takes and what the
//! operations pass through. Nothing outside `store` looks inside it, so the engine
//! behind it can change without touching `ops`, `app` or `cli`.

use crate::error::{Error, Result};
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// An open connection to the aftercare database.
pub struct Conn {
    pub(in crate::store) sqlite: rusqlite::Connection,
    /// When the running budgeted call must stop: milliseconds after `epoch`, 0 for never.
    deadline: Arc<AtomicU64>,
    epoch: Instant,
}

/// Virtual-machine steps between two looks at the clock (about a millisecond's work).
const BUDGET_CHECK_STEPS: i32 = 20_000;

// Store functions still speak rusqlite's API through this; nothing outside `store`
// may use it (checked by grep in CI: no `rusqlite` outside src/store).
impl Deref for Conn {
    type Target = rusqlite::Connection;
    fn deref(&self) -> &rusqlite::Connection {
        &self.sqlite
    }
}

impl Conn {
    pub(in crate::store) fn new(sqlite: rusqlite::Connection) -> Conn {
        let deadline = Arc::new(AtomicU64::new(0));
        let epoch = Instant::now();
        let watched = Arc::clone(&deadline);
        // Returning true interrupts the statement (SQLITE_INTERRUPT).
        let _ = sqlite.progress_handler(
            BUDGET_CHECK_STEPS,
            Some(move || {
                let d = watched.load(Ordering::Relaxed);
                d != 0 && epoch.elapsed().as_millis() as u64 >= d
            }),
        );
        Conn {
            sqlite,
            deadline,
            epoch,
        }
    }

    /// Runs the reads of `f` under a time budget: a statement still running when
    /// `limit` has passed is interrupted, and the call fails with `Error::TimedOut`
    /// instead of holding the database (and the user) for minutes.
    pub fn within<T>(&self, limit: Duration, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        let at = self.epoch.elapsed() + limit;
        // A nested budget never extends the outer one.
        let outer = self.deadline.load(Ordering::Relaxed);
        let mine = (at.as_millis() as u64).max(1);
        let set = if outer == 0 { mine } else { outer.min(mine) };
        self.deadline.store(set, Ordering::Relaxed);
        let out = f(self);
        self.deadline.store(outer, Ordering::Relaxed);
        match out {
            Err(Error::Db(e)) if e.failure() == super::DbFailure::Interrupted => {
                Err(Error::TimedOut {
                    limit_ms: limit.as_millis() as u64,
                })
            }
            other => other,
        }
    }

    /// Runs `f` between `begin` and COMMIT; a failure (or a panic) rolls back.
    pub(in crate::store) fn in_transaction<T>(
        &self,
        begin: &str,
        commit: bool,
        f: impl FnOnce(&Conn) -> Result<T>,
    ) -> Result<T> {
        self.sqlite.execute_batch(begin)?;
        let mut guard = Rollback {
            conn: &self.sqlite,
            armed: true,
        };
        let out = f(self)?;
        if commit {
            self.sqlite.execute_batch("COMMIT")?;
            guard.armed = false;
        }
        drop(guard);
        Ok(out)
    }
}

/// Rolls the open transaction back when dropped while armed: on an error, an early
/// return or a panic inside the transaction.
struct Rollback<'a> {
    conn: &'a rusqlite::Connection,
    armed: bool,
}

impl Drop for Rollback<'_> {
    fn drop(&mut self) {
        if self.armed && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
