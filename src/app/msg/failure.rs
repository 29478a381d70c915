//! A failed operation as the console shows it: what kind of problem (so the UI can
//! say it in the user's language), the error's own text, and its hint.

use crate::error::{Error, Message};

/// The kind of problem, decided from the error's variant and the database's error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `what` (`ticket`, `article` …) `key` does not exist.
    NotFound { what: String, key: String },
    /// Someone else changed the record first.
    Conflict,
    /// The input breaks a rule; the message says which.
    Invalid,
    /// The configuration cannot be used.
    Config,
    /// The database cannot be opened or used.
    Database,
    /// A file could not be read or written.
    File,
    /// $EDITOR could not be run.
    Editor,
}

/// A failure: its kind, the error's (English) text, and its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub problem: Problem,
    pub message: String,
    pub hint: Option<String>,
    /// The same error and hint as message keys, for the UI's language
    /// (`Error::localized`); None for failures the console makes itself.
    pub keyed: Option<(Message, Option<Message>)>,
}

impl Failure {
    /// The failure of `e`.
    pub fn of(e: &Error) -> Failure {
        let problem = match e {
            Error::NotFound { what, key, .. } => Problem::NotFound {
                what: what.to_string(),
                key: key.clone(),
            },
            Error::Conflict { .. } => Problem::Conflict,
            Error::Invalid { .. } => Problem::Invalid,
            Error::Config(_) => Problem::Config,
            // `e.message()` / `e.localized()` give these as keys for a translation.
            Error::Database(_) | Error::Db(_) | Error::TimedOut { .. } => Problem::Database,
            Error::Io(_) => Problem::File,
        };
        Failure {
            problem,
            message: e.to_string(),
            hint: e.hint(),
            keyed: Some((e.message(), e.hint_message())),
        }
    }

    /// A failure of `problem` with an English message and no hint.
    pub fn new(problem: Problem, message: impl Into<String>) -> Failure {
        Failure {
            problem,
            message: message.into(),
            hint: None,
            keyed: None,
        }
    }
}

impl From<&Error> for Failure {
    fn from(e: &Error) -> Failure {
        Failure::of(e)
    }
}
