//! The store's own connection handle: what every store function takes and what the
//! operations pass through. Nothing outside `store` looks inside it, so the engine
//! behind it (SQLite or PostgreSQL) is invisible to `ops`, `app` and `cli`.
//!
//! Store functions speak one small API whatever the engine: `execute`, `insert`
//! (returning the new id), `query_row`, `query_opt`, `query_map`, `query_each`
//! (streaming), with `?N` placeholders and `params![…]`. SQL that differs between
//! the engines is chosen with `pick(sqlite, postgres)`, side by side where it is used.

mod pg;
mod sqlite;

pub(crate) use pg::PgConn;

use super::value::{Arg, FromCell, Params};
use crate::error::{Error, Result};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Which database engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine's name as shown to people (`sqlite`, `postgres`).
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

pub(in crate::store) enum Backend {
    Sqlite(rusqlite::Connection),
    // Boxed: a connection is made once, and the enum stays small.
    Pg(Box<PgConn>),
}

/// An open connection to the aftercare database.
pub struct Conn {
    pub(in crate::store) db: Backend,
    /// PostgreSQL: the word index rows a write transaction changed, computed just
    /// before its COMMIT (the store's search module, handed in so that this layer
    /// does not reach up into it).
    before_commit: Option<BeforeCommit>,
    /// When the running budgeted call must stop: milliseconds after `epoch`, 0 for never.
    deadline: Arc<AtomicU64>,
    epoch: Instant,
}

/// Virtual-machine steps between two looks at the clock (about a millisecond's work).
const BUDGET_CHECK_STEPS: i32 = 20_000;

/// One row of a result, read by column index.
pub struct Row<'a>(RowRef<'a>);

/// What a server connection runs before committing a write: the SQL to send with
/// the COMMIT (the word index of what the transaction changed), if any.
pub(in crate::store) type BeforeCommit = fn(&Conn) -> Result<Option<String>>;

enum RowRef<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Pg(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `i` as a Rust value.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T> {
        match &self.0 {
            RowRef::Sqlite(r) => sqlite::get(r, i),
            RowRef::Pg(r) => pg::get(r, i),
        }
    }

    /// Column `i` as it is, borrowed (bulk copies that must not allocate per cell).
    pub fn arg(&self, i: usize) -> Result<Arg<'_>> {
        match &self.0 {
            RowRef::Sqlite(r) => sqlite::arg(r, i),
            RowRef::Pg(r) => pg::arg(r, i),
        }
    }

    /// How many columns the row has.
    pub fn len(&self) -> usize {
        match &self.0 {
            RowRef::Sqlite(r) => r.as_ref().column_count(),
            RowRef::Pg(r) => r.len(),
        }
    }

    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Conn {
    pub(in crate::store) fn sqlite(c: rusqlite::Connection) -> Conn {
        let deadline = Arc::new(AtomicU64::new(0));
        let epoch = Instant::now();
        let watched = Arc::clone(&deadline);
        // Returning true interrupts the statement (SQLITE_INTERRUPT).
        let _ = c.progress_handler(
            BUDGET_CHECK_STEPS,
            Some(move || {
                let d = watched.load(Ordering::Relaxed);
                d != 0 && epoch.elapsed().as_millis() as u64 >= d
            }),
        );
        Conn {
            db: Backend::Sqlite(c),
            before_commit: None,
            deadline,
            epoch,
        }
    }

    pub(in crate::store) fn postgres(c: PgConn, before_commit: BeforeCommit) -> Conn {
        Conn {
            db: Backend::Pg(Box::new(c)),
            before_commit: Some(before_commit),
            deadline: Arc::new(AtomicU64::new(0)),
            epoch: Instant::now(),
        }
    }

    /// Runs the reads of `f` under a time budget: a statement still running when
    /// `limit` has passed is stopped (SQLite: interrupted by the progress handler;
    /// PostgreSQL: the server's `statement_timeout`), and the call fails with
    /// `Error::TimedOut` instead of holding the database (and the user) for minutes.
    pub fn within<T>(&self, limit: Duration, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        let now = self.epoch.elapsed().as_millis() as u64;
        let mine = (now + limit.as_millis() as u64).max(1);
        // A nested budget never extends the outer one.
        let outer = self.deadline.load(Ordering::Relaxed);
        let set = if outer == 0 { mine } else { outer.min(mine) };
        self.deadline.store(set, Ordering::Relaxed);
        if let Backend::Pg(c) = &self.db {
            // The server stops the statement itself; the rest of this call's
            // statements get what is left of the budget.
            c.statement_timeout(set.saturating_sub(now).max(1))?;
        }
        let out = f(self);
        self.deadline.store(outer, Ordering::Relaxed);
        if let Backend::Pg(c) = &self.db {
            let left = match outer {
                0 => 0,
                o => o
                    .saturating_sub(self.epoch.elapsed().as_millis() as u64)
                    .max(1),
            };
            let reset = c.statement_timeout(left);
            if out.is_ok() {
                reset?;
            }
        }
        match out {
            Err(Error::Db(e)) if e.failure() == super::DbFailure::Interrupted => {
                Err(Error::TimedOut {
                    limit_ms: limit.as_millis() as u64,
                })
            }
            other => other,
        }
    }

    /// The engine behind this connection.
    pub fn engine(&self) -> Engine {
        match self.db {
            Backend::Sqlite(_) => Engine::Sqlite,
            Backend::Pg(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (functions, backups, pragmas).
    pub(in crate::store) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.db {
            Backend::Sqlite(c) => Some(c),
            Backend::Pg(_) => None,
        }
    }

    /// The PostgreSQL connection, for what only PostgreSQL has (COPY, LISTEN).
    pub(in crate::store) fn as_pg(&self) -> Option<&PgConn> {
        match &self.db {
            Backend::Sqlite(_) => None,
            Backend::Pg(c) => Some(c),
        }
    }

    /// The text written for this engine: SQLite's or PostgreSQL's spelling of the same thing.
    pub(crate) fn pick<'a>(&self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self.db {
            Backend::Sqlite(_) => sqlite,
            Backend::Pg(_) => postgres,
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub(crate) fn execute(&self, sql: &str, p: Params<'_>) -> Result<usize> {
        match &self.db {
            Backend::Sqlite(c) => sqlite::execute(c, sql, p),
            Backend::Pg(c) => c.execute(sql, p),
        }
    }

    /// Runs an INSERT into a table with an `id` key; returns the new row's id.
    pub(crate) fn insert(&self, sql: &str, p: Params<'_>) -> Result<i64> {
        match &self.db {
            Backend::Sqlite(c) => {
                sqlite::execute(c, sql, p)?;
                Ok(c.last_insert_rowid())
            }
            Backend::Pg(c) => c.insert(sql, p),
        }
    }

    /// Runs several statements without parameters (schema changes).
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.db {
            Backend::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Backend::Pg(c) => c.batch(sql),
        }
    }

    /// The first row of a query, which must return one.
    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, p, f)?
            .ok_or_else(|| super::DbError::no_row(sql).into())
    }

    /// The first row of a query, if there is one.
    pub(crate) fn query_opt<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match &self.db {
            Backend::Sqlite(c) => sqlite::query_opt(c, sql, p, |r| f(&Row(RowRef::Sqlite(r)))),
            Backend::Pg(c) => c.query_opt(sql, p, |r| f(&Row(RowRef::Pg(r)))),
        }
    }

    /// One value: the first column of the one row a query returns.
    pub(crate) fn one<T: FromCell>(&self, sql: &str, p: Params<'_>) -> Result<T> {
        self.query_row(sql, p, |r| r.get(0))
    }

    /// Every row of a query, each turned into a `T`.
    pub(crate) fn query_map<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query_each(sql, p, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` with every row of a query as it streams in (large reads); returns
    /// the number of rows. `f` must not use this connection.
    pub(crate) fn query_each(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<usize> {
        match &self.db {
            Backend::Sqlite(c) => sqlite::query_each(c, sql, p, |r| f(&Row(RowRef::Sqlite(r)))),
            Backend::Pg(c) => c.query_each(sql, p, |r| f(&Row(RowRef::Pg(r)))),
        }
    }

    /// `query_each` for a statement run once (its SQL is new every time): on
    /// PostgreSQL unprepared, the values written into it, one round trip (preparing
    /// it would be a round trip of its own, for a statement never run again).
    pub(crate) fn query_each_once(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<usize> {
        match &self.db {
            Backend::Sqlite(c) => sqlite::query_each(c, sql, p, |r| f(&Row(RowRef::Sqlite(r)))),
            Backend::Pg(c) => c.query_each_once(sql, p, |r| f(&Row(RowRef::Pg(r)))),
        }
    }

    /// Runs `f` between `begin` and COMMIT; a failure (or a panic) rolls back.
    /// `write` marks a transaction that takes the write lock (SQLite's BEGIN
    /// IMMEDIATE) and tells other connections about its changes (PostgreSQL's NOTIFY).
    pub(in crate::store) fn in_transaction<T>(
        &self,
        write: bool,
        commit: bool,
        f: impl FnOnce(&Conn) -> Result<T>,
    ) -> Result<T> {
        let mut guard = Rollback {
            conn: self,
            armed: true,
        };
        match &self.db {
            Backend::Sqlite(c) => {
                c.execute_batch(if write { "BEGIN IMMEDIATE" } else { "BEGIN" })?
            }
            Backend::Pg(c) => c.begin(write)?,
        }
        let out = f(self)?;
        if commit {
            match &self.db {
                Backend::Sqlite(c) => c.execute_batch("COMMIT")?,
                Backend::Pg(c) => {
                    // The word index of what this transaction changed, sent with COMMIT.
                    let index = match (write, self.before_commit) {
                        (true, Some(f)) => f(self)?,
                        _ => None,
                    };
                    c.commit(write, index.as_deref())?
                }
            }
            guard.armed = false;
        }
        drop(guard);
        Ok(out)
    }
}

/// Rolls the open transaction back when dropped while armed: on an error, an early
/// return or a panic inside the transaction.
struct Rollback<'a> {
    conn: &'a Conn,
    armed: bool,
}

impl Drop for Rollback<'_> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        match &self.conn.db {
            Backend::Sqlite(c) => {
                if !c.is_autocommit() {
                    let _ = c.execute_batch("ROLLBACK");
                }
            }
            Backend::Pg(c) => c.rollback(),
        }
    }
}

impl From<postgres::Error> for crate::error::Error {
    fn from(e: postgres::Error) -> Self {
        pg::error(e)
    }
}
