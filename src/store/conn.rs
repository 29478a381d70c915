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

/// A failure of the database engine, kept whole (its code and text) for the hint.
#[derive(Debug)]
pub struct DbError(rusqlite::Error);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl DbError {
    /// What the user can do about it, when we know.
    pub fn hint(&self) -> Option<String> {
        use rusqlite::ErrorCode as C;
        match self.0.sqlite_error_code() {
            Some(C::ReadOnly) => Some(
                "the database file is read-only: check its permissions (chmod u+w FILE)".into(),
            ),
            Some(C::DatabaseBusy | C::DatabaseLocked) => Some(
                "another program holds a write lock; try again, or raise [storage] busy_timeout_ms"
                    .into(),
            ),
            Some(C::DiskFull) => {
                Some("free some disk space and try again; nothing was saved".into())
            }
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::error::Error::Db(DbError(e))
    }
}
