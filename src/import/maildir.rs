//! Maildir folders: every message file in `new/` and `cur/` (not `tmp/`, which holds
//! deliveries in progress).

use super::{read_each, Read};
use crate::error::{Error, IoContext, Result};
use std::path::{Path, PathBuf};

/// Reads every message of a Maildir, `new/` first, each folder in file-name order
/// (Maildir names start with the delivery time).
pub fn read(path: &Path) -> Result<Vec<Read>> {
    Ok(read_each(files(path)?))
}

/// The message files of a Maildir in the order `read` takes them.
pub fn files(path: &Path) -> Result<Vec<PathBuf>> {
    let subs: Vec<_> = ["new", "cur"]
        .iter()
        .map(|s| path.join(s))
        .filter(|p| p.is_dir())
        .collect();
    if subs.is_empty() {
        return Err(Error::invalid(
            format!(
                "'{}' is not a Maildir (it has no cur/ or new/ folder)",
                path.display()
            ),
            "name the Maildir folder itself (the one holding cur/, new/ and tmp/)",
        ));
    }
    let mut out = Vec::new();
    for dir in subs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .at(crate::error::IoAction::Read, &dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    Ok(out)
}
