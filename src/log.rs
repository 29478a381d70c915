//! Logging, so a user's bug report can say what happened: off unless asked for
//! with `--log FILE` or `AFTERCARE_LOG=debug` (then into `aftercare.log` in the data
//! directory). Lines are plain text with UTC times; spans log how long they took
//! when they close. Customer text never goes in: effects log their kind, not their data.

use crate::error::{Error, IoAction, Result};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The environment variable with the log level (`error`, `warn`, `info`, `debug`, `trace`, `off`).
pub const ENV: &str = "AFTERCARE_LOG";

/// The log file used when only `AFTERCARE_LOG` is set: in the data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "aftercare").map(|d| d.data_dir().join("aftercare.log"))
}

/// The level asked for by `AFTERCARE_LOG`, if set.
fn env_level() -> Result<Option<LevelFilter>> {
    match std::env::var(ENV) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse::<LevelFilter>().map(Some).map_err(|_| {
            Error::invalid(
                format!("{ENV}={v}: not a log level"),
                "use error, warn, info, debug, trace or off",
            )
        }),
        _ => Ok(None),
    }
}

/// Starts logging if `--log FILE` or `AFTERCARE_LOG` asks for it; returns the file
/// written to. A level without a file logs to the data directory; a file without a
/// level logs at `debug`.
pub fn init(file: Option<&Path>) -> Result<Option<PathBuf>> {
    let level = env_level()?;
    if file.is_none() && level.is_none() {
        return Ok(None);
    }
    let level = level.unwrap_or(LevelFilter::DEBUG);
    if level == LevelFilter::OFF {
        return Ok(None);
    }
    let path = match file {
        Some(p) => p.to_path_buf(),
        None => default_path().ok_or_else(|| {
            Error::invalid(
                "cannot find the data directory for the log",
                "give a file with --log FILE",
            )
        })?,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::create_private_dir_all(dir)
            .map_err(|e| Error::io(IoAction::CreateDir, dir, e))?;
    }
    // Private like every file that may quote a customer's text (an error naming a value).
    let mut open = OpenOptions::new();
    open.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    let out = open
        .open(&path)
        .map_err(|e| Error::io(IoAction::Create, &path, e))?;
    // A second start (tests, an embedding program) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(out))
        .with_ansi(false)
        .with_max_level(level)
        .with_span_events(FmtSpan::CLOSE)
        .try_init();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "aftercare started");
    Ok(Some(path))
}

/// Runs `f` in a debug span `area` / `what` (e.g. `"store"`, `"list_tickets"`); the
/// log shows how long it took. Costs next to nothing while logging is off.
pub fn span<T>(area: &'static str, what: &str, f: impl FnOnce() -> T) -> T {
    tracing::debug_span!("call", area, what).in_scope(f)
}
