//! The one error type of the library: every failure a user can meet, with a hint.

use crate::config::ConfigError;

/// A failed operation. `Display` is the `error:` line; `hint()` the optional `hint:` line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record that does not exist.
    #[error("{what} {key} not found")]
    NotFound {
        what: &'static str,
        key: String,
        hint: Option<String>,
    },
    /// Someone else changed the record since it was read.
    #[error("conflict: {message}")]
    Conflict { message: String, hint: String },
    /// Input that breaks a rule (bad stage, bad priority, invalid move …).
    #[error("{message}")]
    Invalid {
        message: String,
        hint: Option<String>,
    },
    /// A configuration file that cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A database file that cannot be opened or used.
    #[error("{message}")]
    Database {
        message: String,
        hint: Option<String>,
    },
    /// The database engine itself failed.
    #[error("database: {0}")]
    Db(#[from] crate::store::DbError),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
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

    /// The `hint:` line, if there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotFound { hint, .. } => hint.clone(),
            Error::Conflict { hint, .. } => Some(hint.clone()),
            Error::Invalid { hint, .. } | Error::Database { hint, .. } => hint.clone(),
            Error::Config(c) => c.hint.clone(),
            Error::Db(e) => e.hint(),
            Error::Io(_) => None,
        }
    }

    /// Whether this is an optimistic-concurrency conflict.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict { .. })
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

/// Result with the library's error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
