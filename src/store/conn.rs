//! The store's own connection handle: what every store function takes and what the
//! operations pass through. Nothing outside `store` looks inside it, so the engine
//! behind it can change without touching `ops`, `app` or `cli`.

use crate::error::Result;
use std::ops::Deref;

/// An open connection to the aftercare database.
pub struct Conn {
    pub(in crate::store) sqlite: rusqlite::Connection,
}

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
        Conn { sqlite }
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
