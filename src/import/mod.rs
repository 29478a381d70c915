//! Readers of outside data: mail files (eml, mbox, Maildir) and table files (CSV,
//! JSON). They only read and decode; `ops::intake` turns what they yield into tickets.

pub mod auto;
pub mod eml;
pub mod html;
pub mod mail;
pub mod maildir;
pub mod mbox;
pub mod table;
pub mod thread;

use crate::domain::intake::Skipped;
use crate::error::Result;
use std::path::Path;

/// One message as read from a file, before parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMessage {
    /// Where it came from: `file` or `file:line`.
    pub origin: String,
    pub bytes: Vec<u8>,
}

/// A message read, or a file that could not be read.
pub type Read = std::result::Result<RawMessage, Skipped>;

/// Reads a whole file, with an error that names it.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    use crate::error::{IoAction, IoContext};
    // The error names the file; its hint comes from the OS error (missing, denied, I/O).
    std::fs::read(path).at(IoAction::Read, path)
}

/// An unreadable file inside a folder being imported: skipped, not fatal.
pub(crate) fn unreadable(path: &Path, e: std::io::Error) -> Skipped {
    Skipped {
        origin: path.display().to_string(),
        reason: mail::reason::UNREADABLE.into(),
        detail: e.to_string(),
    }
}
