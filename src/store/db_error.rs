//! A failure of the database engine, kept whole; its message and hint are chosen by
//! the engine's (extended) error code.

use crate::error::{DbProblem, Error, Message};

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
    /// A statement refused because the connection's stop flag is raised.
    Stopped,
}

impl DbError {
    pub(in crate::store) fn sqlite(e: rusqlite::Error) -> DbError {
        DbError(Fault::Sqlite(e))
    }

    pub(in crate::store) fn postgres(e: postgres::Error) -> DbError {
        DbError(Fault::Postgres(e))
    }

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

    pub(in crate::store) fn stopped() -> DbError {
        DbError(Fault::Stopped)
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
        f.write_str(&self.message().english())
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

/// What kind of engine failure, from the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbFailure {
    Busy,
    ReadOnly,
    DiskFull,
    Corrupt,
    /// The disk or share failed (SQLITE_IOERR): often passing.
    Io,
    CannotOpen,
    NotADatabase,
    Interrupted,
    /// A search expression the full-text engine rejected.
    SearchSyntax,
    TooBig,
    Other,
}

impl DbError {
    /// The engine's own text.
    pub fn engine_text(&self) -> String {
        match &self.0 {
            Fault::Sqlite(rusqlite::Error::SqliteFailure(_, Some(m))) => m.clone(),
            Fault::Sqlite(other) => other.to_string(),
            Fault::Postgres(e) => match e.as_db_error() {
                Some(d) => match d.detail() {
                    Some(detail) => format!("{} ({detail})", d.message()),
                    None => d.message().to_string(),
                },
                None => e.to_string(),
            },
            Fault::Decode { column, message } => format!("column {column}: {message}"),
            Fault::NoRow(sql) => format!("no row returned by: {sql}"),
            Fault::Busy => "the connection is still reading another query's rows".into(),
            Fault::Stopped => "interrupted".into(),
        }
    }

    /// The kind of failure, by error code.
    pub fn failure(&self) -> DbFailure {
        use rusqlite::ErrorCode as C;
        let e = match &self.0 {
            Fault::Sqlite(e) => e,
            Fault::Postgres(e) => return pg_failure(e),
            Fault::Stopped => return DbFailure::Interrupted,
            _ => return DbFailure::Other,
        };
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => DbFailure::Busy,
            Some(C::ReadOnly) => DbFailure::ReadOnly,
            Some(C::DiskFull) => DbFailure::DiskFull,
            Some(C::DatabaseCorrupt) => DbFailure::Corrupt,
            Some(C::SystemIoFailure) => DbFailure::Io,
            Some(C::CannotOpen) => DbFailure::CannotOpen,
            Some(C::NotADatabase) => DbFailure::NotADatabase,
            Some(C::OperationInterrupted) => DbFailure::Interrupted,
            Some(C::TooBig) => DbFailure::TooBig,
            // FTS5 reports a bad MATCH expression as a plain SQLITE_ERROR; queries are
            // built to be valid, so this is the last guard against leaking its text.
            Some(C::Unknown) if self.engine_text().starts_with("fts5:") => DbFailure::SearchSyntax,
            _ => DbFailure::Other,
        }
    }

    /// The `error:` text.
    pub fn message(&self) -> Message {
        let key = match self.failure() {
            DbFailure::Busy => "db.engine.busy",
            DbFailure::ReadOnly => "db.engine.read_only",
            DbFailure::DiskFull => "db.engine.full",
            DbFailure::Corrupt => "db.engine.corrupt",
            DbFailure::Io => "db.engine.io",
            DbFailure::CannotOpen => "db.engine.cannot_open",
            DbFailure::NotADatabase => "db.engine.not_a_db",
            DbFailure::Interrupted => return Message::new("db.engine.interrupted"),
            DbFailure::SearchSyntax => return Message::new("db.engine.search_syntax"),
            DbFailure::TooBig => "db.engine.too_big",
            DbFailure::Other => "db.engine.other",
        };
        Message::new(key).arg("text", self.engine_text())
    }

    /// What the user can do about it, when we know.
    pub fn hint_message(&self) -> Option<Message> {
        if let Fault::Postgres(e) = &self.0 {
            if let Some(key) = pg_hint(e) {
                return Some(Message::new(key));
            }
        }
        let key = match self.failure() {
            DbFailure::Busy => "hint.db.busy",
            DbFailure::ReadOnly => "hint.db.read_only",
            DbFailure::DiskFull => "hint.disk_full",
            DbFailure::Corrupt | DbFailure::NotADatabase => "hint.db.restore",
            DbFailure::Io => "hint.transient_io",
            DbFailure::CannotOpen => "hint.db.cannot_open",
            DbFailure::Interrupted => "hint.timed_out",
            DbFailure::SearchSyntax => "hint.db.search_syntax",
            DbFailure::TooBig => "hint.db.too_big",
            DbFailure::Other => return None,
        };
        Some(Message::new(key))
    }

    /// The hint in English.
    pub fn hint(&self) -> Option<String> {
        self.hint_message().map(|m| m.english())
    }

    /// An engine failure of `kind` with the engine's `text`, for tests of what users see.
    #[cfg(test)]
    pub(crate) fn sample(kind: DbFailure, text: &str) -> DbError {
        use rusqlite::ffi;
        let code = match kind {
            DbFailure::Busy => ffi::SQLITE_BUSY,
            DbFailure::ReadOnly => ffi::SQLITE_READONLY,
            DbFailure::DiskFull => ffi::SQLITE_FULL,
            DbFailure::Corrupt => ffi::SQLITE_CORRUPT,
            DbFailure::Io => ffi::SQLITE_IOERR,
            DbFailure::CannotOpen => ffi::SQLITE_CANTOPEN,
            DbFailure::NotADatabase => ffi::SQLITE_NOTADB,
            DbFailure::Interrupted => ffi::SQLITE_INTERRUPT,
            DbFailure::TooBig => ffi::SQLITE_TOOBIG,
            DbFailure::SearchSyntax | DbFailure::Other => ffi::SQLITE_ERROR,
        };
        DbError::sqlite(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some(text.into()),
        ))
    }
}

/// The kind of a PostgreSQL failure, by SQLSTATE (class first, then the few codes
/// that matter on their own).
fn pg_failure(e: &postgres::Error) -> DbFailure {
    let Some(code) = e.code().map(|c| c.code()) else {
        return if e.is_closed() {
            DbFailure::Io
        } else {
            DbFailure::Other
        };
    };
    match code {
        // query_canceled: statement_timeout or a cancel request (the query budget).
        "57014" => DbFailure::Interrupted,
        "55P03" | "40001" | "40P01" | "53300" => DbFailure::Busy,
        "25006" | "42501" => DbFailure::ReadOnly,
        "53100" => DbFailure::DiskFull,
        "XX001" | "XX002" => DbFailure::Corrupt,
        "54000" | "54001" | "54011" | "54023" => DbFailure::TooBig,
        c if c.starts_with("08") || c.starts_with("57P") || c.starts_with("58") => DbFailure::Io,
        _ => DbFailure::Other,
    }
}

/// A hint for the PostgreSQL failures whose cure differs from SQLite's.
fn pg_hint(e: &postgres::Error) -> Option<&'static str> {
    let Some(code) = e.code().map(|c| c.code()) else {
        return e.is_closed().then_some("hint.pg.lost");
    };
    Some(match code {
        "28P01" | "28000" => "hint.pg.auth",
        "3D000" => "hint.pg.no_database",
        "42501" => "hint.pg.privilege",
        "55P03" => "hint.pg.lock",
        "25006" => "hint.pg.standby",
        "53300" => "hint.pg.too_many",
        "57P01" | "57P02" | "57P03" => "hint.pg.restarting",
        _ => return None,
    })
}

impl From<rusqlite::Error> for crate::error::Error {
    fn from(e: rusqlite::Error) -> Self {
        crate::error::Error::Db(DbError::sqlite(e))
    }
}

/// A database problem in words (the server side, where no file problem fits).
pub(crate) fn db_other(message: impl Into<String>, hint: Option<String>) -> Error {
    Error::database(
        "",
        DbProblem::Other {
            message: message.into(),
            hint,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32, text: &str) -> DbError {
        DbError::sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            Some(text.into()),
        ))
    }

    #[test]
    fn hints_come_from_the_error_code() {
        let full = failure(rusqlite::ffi::SQLITE_FULL, "database or disk is full");
        assert_eq!(full.failure(), DbFailure::DiskFull);
        assert!(full.hint().unwrap().contains("free some disk space"));
        let io = failure(rusqlite::ffi::SQLITE_IOERR_READ, "disk I/O error");
        assert_eq!(io.failure(), DbFailure::Io);
        assert!(io.hint().unwrap().contains("try again"));
        let corrupt = failure(
            rusqlite::ffi::SQLITE_CORRUPT,
            "database disk image is malformed",
        );
        assert!(corrupt.to_string().contains("damaged"), "{corrupt}");
        assert!(corrupt.hint().unwrap().contains("db check"));
        // The same words under another code decide nothing.
        let other = failure(rusqlite::ffi::SQLITE_ERROR, "database or disk is full");
        assert_eq!(other.failure(), DbFailure::Other);
    }

    #[test]
    fn search_syntax_errors_never_show_the_engine_text() {
        let e = failure(rusqlite::ffi::SQLITE_ERROR, "fts5: syntax error near \"1\"");
        assert!(!e.to_string().contains("fts5"), "{e}");
        assert!(e.hint().unwrap().contains("double quotes"));
    }
}
