//! A database that cannot be opened or used as asked: which one, what is wrong with
//! it, and the underlying failure kept as the source.

use super::io::Cause;
use super::message::Message;

/// What is wrong with a database file (or URL).
#[derive(Debug, Clone, PartialEq)]
pub enum DbProblem {
    /// A folder where a file was expected; `example` is a file name to suggest.
    IsFolder { example: String },
    /// Not an SQLite file at all.
    NotSqlite,
    /// Shorter than the smallest SQLite database.
    Truncated { size: u64 },
    /// SQLite says the file is damaged.
    Damaged { detail: String },
    /// An SQLite database of another program.
    Foreign,
    /// Written by a newer aftercare.
    Newer { found: i64, supported: i64 },
    /// Another program holds a lock.
    Locked,
    /// The file can only be read; a write was asked.
    ReadOnly,
    /// The file is in a read-only folder; a write was asked.
    ReadOnlyFolder,
    /// Read-only here, and the schema needs an upgrade.
    ReadOnlyNeedsUpgrade { supported: i64 },
    /// Creating the file failed.
    CannotCreate(Cause),
    /// Reading the file failed.
    CannotRead(Cause),
    /// Opening the file failed for another reason (the engine's words).
    CannotOpen { detail: String },
    /// A WAL-mode file reached over a network file system while a local program has it open.
    WalOverNetwork,
    /// `db journal` while other programs have the file open.
    JournalBusy { mode: String },
    /// `db journal wal` on a file reached through a network file system.
    JournalNetwork { fs: String },
    /// Anything else, in words (other backends).
    Other {
        message: String,
        hint: Option<String>,
    },
}

/// A database problem at a place.
#[derive(Debug)]
pub struct DatabaseError {
    /// The file (or URL) as the user gave it.
    pub path: String,
    pub problem: DbProblem,
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl DatabaseError {
    /// The `error:` text.
    pub fn message(&self) -> Message {
        let at = |key| Message::new(key).arg("path", &self.path);
        let cause = |c: &Cause| match self.source.as_deref().and_then(|s| s.downcast_ref()) {
            Some(io) => c.message(io),
            None => Message::new("cause.os").arg("text", self.source_text()),
        };
        match &self.problem {
            DbProblem::IsFolder { .. } => at("db.is_folder"),
            DbProblem::NotSqlite => at("db.not_sqlite"),
            DbProblem::Truncated { size } => at("db.truncated").arg("size", size),
            DbProblem::Damaged { detail } => at("db.damaged").arg("detail", detail),
            DbProblem::Foreign => at("db.foreign"),
            DbProblem::Newer { found, supported } => at("db.newer")
                .arg("found", found)
                .arg("supported", supported),
            DbProblem::Locked => at("db.locked"),
            DbProblem::ReadOnly => at("db.read_only"),
            DbProblem::ReadOnlyFolder => at("db.read_only_folder"),
            DbProblem::ReadOnlyNeedsUpgrade { supported } => {
                at("db.read_only_upgrade").arg("supported", supported)
            }
            DbProblem::CannotCreate(c) => at("db.cannot_create").with("cause", cause(c)),
            DbProblem::CannotRead(c) => at("db.cannot_read").with("cause", cause(c)),
            DbProblem::CannotOpen { detail } => {
                at("db.cannot_open").with("cause", Message::new("cause.os").arg("text", detail))
            }
            DbProblem::WalOverNetwork => at("db.wal_over_network"),
            DbProblem::JournalBusy { mode } => at("db.journal_busy").arg("mode", mode),
            DbProblem::JournalNetwork { fs } => at("db.journal_network").arg("fs", fs),
            DbProblem::Other { message, .. } => Message::new("db.other").arg("text", message),
        }
    }

    /// The `hint:` text.
    pub fn hint(&self) -> Option<Message> {
        let key = match &self.problem {
            DbProblem::IsFolder { example } => {
                return Some(Message::new("hint.db.name_a_file").arg("example", example))
            }
            DbProblem::NotSqlite => "hint.db.point_elsewhere",
            DbProblem::Truncated { .. } | DbProblem::Damaged { .. } => "hint.db.restore",
            DbProblem::Foreign => "hint.db.foreign",
            DbProblem::Newer { .. } => "hint.db.newer",
            DbProblem::Locked => "hint.db.locked",
            DbProblem::ReadOnly => "hint.db.chmod",
            DbProblem::ReadOnlyFolder => "hint.db.folder_writable",
            DbProblem::ReadOnlyNeedsUpgrade { .. } => "hint.db.make_writable",
            DbProblem::CannotCreate(c) | DbProblem::CannotRead(c) => return c.hint(),
            DbProblem::CannotOpen { .. } => "hint.db.cannot_open",
            DbProblem::WalOverNetwork => "hint.db.wal_over_network",
            DbProblem::JournalBusy { .. } => "hint.db.journal_busy",
            DbProblem::JournalNetwork { .. } => "hint.db.journal_network",
            DbProblem::Other { hint, .. } => {
                return hint
                    .as_ref()
                    .map(|h| Message::new("hint.text").arg("text", h))
            }
        };
        Some(Message::new(key))
    }

    fn source_text(&self) -> String {
        self.source
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default()
    }
}
