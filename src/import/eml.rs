//! `.eml` files: one message per file; a folder imports every `.eml` in it.

use super::{read_each, read_file, RawMessage, Read};
use crate::error::{Error, IoContext, Result};
use std::path::Path;

/// Reads one `.eml` file, or every `*.eml` file of a folder in name order.
pub fn read(path: &Path) -> Result<Vec<Read>> {
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .at(crate::error::IoAction::Read, path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("eml")))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::invalid(
                format!("'{}' has no .eml files", path.display()),
                "name an .eml file, or a folder that holds some",
            ));
        }
        return Ok(read_each(files));
    }
    Ok(vec![Ok(RawMessage {
        origin: path.display().to_string(),
        bytes: read_file(path)?,
    })])
}
