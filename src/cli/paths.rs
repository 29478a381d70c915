//! Where the database is when no command names one.

use super::Cli;
use crate::error::{Error, Result};
use std::path::PathBuf;

/// Where the database is: `--db`, `AFTERCARE_DB`, or the platform's data folder.
pub fn db_path(cli: &Cli) -> Result<PathBuf> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    directories::ProjectDirs::from("", "", "aftercare")
        .map(|d| d.data_dir().join("aftercare.db"))
        .ok_or_else(|| {
            Error::invalid(
                "cannot find a home folder for the database",
                "give one with --db PATH",
            )
        })
}
