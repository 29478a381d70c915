//! Where the config and the database are when no command names them.

use super::Cli;
use crate::config::Config;
use crate::error::{Error, Result};
use std::path::PathBuf;

/// Where the database is: `--db`, `AFTERCARE_DB`, the config's `[storage] url`, or
/// the platform's data folder. A path is an SQLite file, a `postgres://` URL a server.
pub fn db_path(cli: &Cli, config: Option<&Config>) -> Result<PathBuf> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    if let Some(url) = config.and_then(|c| c.storage.url.as_deref()) {
        return Ok(PathBuf::from(url));
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

/// The config in use: `--config`, `AFTERCARE_CONFIG`, or the platform's config folder.
pub fn load_config(cli: &Cli) -> Result<Config> {
    match &cli.config {
        Some(p) => Ok(Config::load(p, true)?),
        None => match Config::default_path() {
            Some(p) => Ok(Config::load(&p, false)?),
            None => Ok(Config::builtin()),
        },
    }
}
