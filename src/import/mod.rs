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

/// Reads each message file of a folder; one that cannot be read is skipped, not fatal.
pub(crate) fn read_each(files: Vec<std::path::PathBuf>) -> Vec<Read> {
    files
        .into_iter()
        .map(|p| match std::fs::read(&p) {
            Ok(bytes) => Ok(RawMessage {
                origin: p.display().to_string(),
                bytes,
            }),
            Err(e) => Err(unreadable(&p, e)),
        })
        .collect()
}

/// An unreadable file inside a folder being imported: skipped, not fatal.
pub(crate) fn unreadable(path: &Path, e: std::io::Error) -> Skipped {
    Skipped {
        origin: path.display().to_string(),
        reason: mail::reason::UNREADABLE.into(),
        detail: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_cannot_be_read_is_skipped_and_the_rest_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("1.eml");
        std::fs::write(&ok, b"Subject: hi\n\nbody").unwrap();
        let gone = dir.path().join("2.eml");
        let read = read_each(vec![ok.clone(), gone.clone()]);
        assert_eq!(read.len(), 2);
        let first = read[0].as_ref().unwrap();
        assert_eq!(first.origin, ok.display().to_string());
        assert_eq!(first.bytes, b"Subject: hi\n\nbody");
        let skipped = read[1].as_ref().unwrap_err();
        assert_eq!(skipped.origin, gone.display().to_string());
        assert_eq!(skipped.reason, mail::reason::UNREADABLE);
    }
}
