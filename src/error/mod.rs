//! The one error type of the library: every failure a user can meet, with a hint.
//!
//! `Display` is the `error:` line and `hint()` the `hint:` line, both in English.
//! `message()` / `hint_message()` give the same texts as a key plus arguments
//! ([`Message`]), so the console can show them in its own language. File and engine
//! failures keep their path and their source error; their hints are chosen from the
//! OS or engine error code, never from matching error text.

mod database;
mod io;
mod message;

pub use database::{DatabaseError, DbProblem};
pub use io::{Cause, IoAction, IoContext, IoError};
pub use message::{english, Arg, Message, ENGLISH};

use crate::config::ConfigError;
use std::path::Path;

/// A failed operation. `Display` is the `error:` line; `hint()` the optional `hint:` line.
#[derive(Debug)]
pub enum Error {
    /// A record that does not exist.
    NotFound {
        what: &'static str,
        key: String,
        hint: Option<String>,
    },
    /// Someone else changed the record since it was read.
    Conflict { message: String, hint: String },
    /// Input that breaks a rule (bad stage, bad priority, invalid move …).
    Invalid {
        message: String,
        hint: Option<String>,
    },
    /// A configuration file that cannot be used.
    Config(ConfigError),
    /// A database file that cannot be opened or used as asked.
    Database(Box<DatabaseError>),
    /// The database engine itself failed.
    Db(crate::store::DbError),
    /// A file could not be read or written.
    Io(Box<IoError>),
    /// A query ran past its time budget and was stopped.
    TimedOut { limit_ms: u64 },
}

impl Error {
    /// Shorthand for an `Invalid` error with a hint.
    pub fn invalid(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Invalid {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// Shorthand for an `Invalid` error without a hint.
    pub fn msg(message: impl Into<String>) -> Self {
        Error::Invalid {
            message: message.into(),
            hint: None,
        }
    }

    /// Shorthand for a `NotFound` error.
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        Error::NotFound {
            what,
            key: key.to_string(),
            hint: None,
        }
    }

    /// A file operation on `path` that failed with `source`.
    pub fn io(action: IoAction, path: &Path, source: std::io::Error) -> Self {
        Error::Io(Box::new(IoError {
            action,
            path: Some(path.to_path_buf()),
            source,
        }))
    }

    /// A problem with the database at `path`.
    pub fn database(path: impl ToString, problem: DbProblem) -> Self {
        Error::Database(Box::new(DatabaseError {
            path: path.to_string(),
            problem,
            source: None,
        }))
    }

    /// A problem with the database at `path`, caused by `source`.
    pub fn database_from(
        path: impl ToString,
        problem: DbProblem,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Database(Box::new(DatabaseError {
            path: path.to_string(),
            problem,
            source: Some(Box::new(source)),
        }))
    }

    /// The `error:` text as a key and arguments.
    pub fn message(&self) -> Message {
        let text = |key, t: &str| Message::new(key).arg("text", t);
        match self {
            Error::NotFound { what, key, .. } => {
                Message::new("not_found").arg("what", what).arg("key", key)
            }
            Error::Conflict { message, .. } => text("conflict", message),
            Error::Invalid { message, .. } => text("invalid", message),
            Error::Config(c) => text("config", &c.to_string()),
            Error::Database(d) => d.message(),
            Error::Db(e) => e.message(),
            Error::Io(e) => e.message(),
            Error::TimedOut { limit_ms } => {
                Message::new("timed_out").arg("seconds", *limit_ms as f64 / 1000.0)
            }
        }
    }

    /// The `hint:` text as a key and arguments, if there is one.
    pub fn hint_message(&self) -> Option<Message> {
        let text =
            |h: &Option<String>| h.as_ref().map(|t| Message::new("hint.text").arg("text", t));
        match self {
            Error::NotFound { hint, .. } | Error::Invalid { hint, .. } => text(hint),
            Error::Conflict { hint, .. } => text(&Some(hint.clone())),
            Error::Config(c) => text(&c.hint),
            Error::Database(d) => d.hint(),
            Error::Db(e) => e.hint_message(),
            Error::Io(e) => e.hint(),
            Error::TimedOut { .. } => Some(Message::new("hint.timed_out")),
        }
    }

    /// The error and hint lines in the language of `lookup` (message key → template,
    /// e.g. a Chinese table; keys it lacks fall back to English). See [`ENGLISH`].
    pub fn localized(
        &self,
        lookup: &dyn Fn(&str) -> Option<&'static str>,
    ) -> (String, Option<String>) {
        (
            self.message().render(lookup),
            self.hint_message().map(|h| h.render(lookup)),
        )
    }

    /// The `hint:` line, if there is one.
    pub fn hint(&self) -> Option<String> {
        self.hint_message().map(|m| m.english())
    }

    /// Whether this is an optimistic-concurrency conflict.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict { .. })
    }

    /// The cause of a failed file operation, if this is one.
    pub fn io_cause(&self) -> Option<Cause> {
        match self {
            Error::Io(e) => Some(e.cause()),
            _ => None,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Config(c) => Some(c),
            Error::Database(d) => d
                .source
                .as_deref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            Error::Db(e) => Some(e),
            Error::Io(e) => Some(&e.source),
            _ => None,
        }
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(e)
    }
}

impl From<crate::store::DbError> for Error {
    fn from(e: crate::store::DbError) -> Self {
        Error::Db(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io(Box::new(IoError {
            action: IoAction::Other,
            path: None,
            source,
        }))
    }
}

/// Result with the library's error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_message_has_an_english_template() {
        let samples = [
            Error::not_found("ticket", "#9"),
            Error::invalid("bad", "do this"),
            Error::io(
                IoAction::Write,
                Path::new("/x/out.csv"),
                std::io::Error::from_raw_os_error(libc::ENOSPC),
            ),
            Error::database("/x/a.db", DbProblem::Truncated { size: 7 }),
            Error::database("/x/a.db", DbProblem::WalOverNetwork),
            Error::TimedOut { limit_ms: 5_000 },
        ];
        for e in samples {
            let m = e.message();
            assert!(english(m.key).is_some(), "{}", m.key);
            assert!(!e.to_string().contains('{'), "{e}");
            if let Some(h) = e.hint_message() {
                assert!(english(h.key).is_some(), "{}", h.key);
            }
        }
    }

    #[test]
    fn an_error_can_be_shown_in_another_language() {
        let e = Error::io(
            IoAction::Write,
            Path::new("/x/out.csv"),
            std::io::Error::from_raw_os_error(libc::ENOSPC),
        );
        let zh = |k: &str| match k {
            "io.write" => Some("无法写入“{path}”：{cause}"),
            "cause.disk_full" => Some("磁盘已满"),
            "hint.disk_full" => Some("请释放磁盘空间后重试，未保存任何内容"),
            _ => None,
        };
        let (msg, hint) = e.localized(&zh);
        assert_eq!(msg, "无法写入“/x/out.csv”：磁盘已满");
        assert_eq!(
            hint.as_deref(),
            Some("请释放磁盘空间后重试，未保存任何内容")
        );
        // The source and the path stay reachable for logs.
        use std::error::Error as _;
        assert!(e.source().is_some());
    }
}
