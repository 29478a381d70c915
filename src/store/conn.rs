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
use crate::error::Result;

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
}

/// One row of a result, read by column index.
pub struct Row<'a>(RowRef<'a>);

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
        Conn {
            db: Backend::Sqlite(c),
        }
    }

    pub(in crate::store) fn postgres(c: PgConn) -> Conn {
        Conn {
            db: Backend::Pg(Box::new(c)),
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
                    // The word index of what this transaction changed, before it ends.
                    if write {
                        super::search::flush_dirty(self)?;
                    }
                    c.commit(write)?
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

/// A failure of the database engine, kept whole (its code and text) for the hint.
#[derive(Debug)]
pub struct DbError(Fault);

#[derive(Debug)]
enum Fault {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// A column whose value is not what the store expected.
    Decode {
        column: usize,
        message: String,
    },
    /// A query that had to return a row returned none.
    NoRow(String),
    /// The connection is busy streaming another query's rows.
    Busy,
}

impl DbError {
    pub(in crate::store) fn decode(column: usize, message: String) -> DbError {
        DbError(Fault::Decode { column, message })
    }

    pub(in crate::store) fn no_row(sql: &str) -> DbError {
        let head: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        DbError(Fault::NoRow(head.chars().take(80).collect()))
    }

    pub(in crate::store) fn busy() -> DbError {
        DbError(Fault::Busy)
    }

    /// PostgreSQL's SQLSTATE code, when the server reported the error.
    pub fn sqlstate(&self) -> Option<&str> {
        match &self.0 {
            Fault::Postgres(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Fault::Sqlite(e) => e.fmt(f),
            Fault::Postgres(e) => match e.as_db_error() {
                Some(d) => {
                    write!(f, "{}", d.message())?;
                    if let Some(detail) = d.detail() {
                        write!(f, " ({detail})")?;
                    }
                    Ok(())
                }
                None => e.fmt(f),
            },
            Fault::Decode { column, message } => write!(f, "column {column}: {message}"),
            Fault::NoRow(sql) => write!(f, "no row returned by: {sql}"),
            Fault::Busy => f.write_str("the connection is still reading another query's rows"),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            Fault::Sqlite(e) => Some(e),
            Fault::Postgres(e) => Some(e),
            _ => None,
        }
    }
}

impl DbError {
    /// What the user can do about it, when we know.
    pub fn hint(&self) -> Option<String> {
        match &self.0 {
            Fault::Sqlite(e) => sqlite_hint(e),
            Fault::Postgres(e) => pg::hint(e),
            _ => None,
        }
    }
}

fn sqlite_hint(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::ReadOnly) => {
            Some("the database file is read-only: check its permissions (chmod u+w FILE)".into())
        }
        Some(C::DatabaseBusy | C::DatabaseLocked) => Some(
            "another program holds a write lock; try again, or raise [storage] busy_timeout_ms"
                .into(),
        ),
        Some(C::DiskFull) => Some("free some disk space and try again; nothing was saved".into()),
        _ => None,
    }
}

impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::error::Error::Db(DbError(Fault::Sqlite(e)))
    }
}

impl From<postgres::Error> for crate::error::Error {
    fn from(e: postgres::Error) -> Self {
        pg::error(e)
    }
}

impl DbError {
    pub(in crate::store) fn postgres(e: postgres::Error) -> DbError {
        DbError(Fault::Postgres(e))
    }

    /// The SQLite error inside, if any (for open-time diagnosis).
    pub(in crate::store) fn as_sqlite(&self) -> Option<&rusqlite::Error> {
        match &self.0 {
            Fault::Sqlite(e) => Some(e),
            _ => None,
        }
    }
}
