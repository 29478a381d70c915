//! Configuration: the TOML model, the embedded default, validation with line:column.
//! This file loads and parses; `model.rs` holds the validated types, `validate.rs`
//! builds them, `source.rs` places errors.

// Generated from config.example.toml (see `builtin_tests`); not formatted.
#[rustfmt::skip]
mod builtin_raw;
#[cfg(test)]
mod builtin_tests;
mod mail;
mod model;
mod playbooks;
mod raw;
mod reply_rules;
mod routing;
mod service;
mod source;
mod team;
mod validate;
pub mod write;

pub use mail::{
    valid_address, AfterFetch, ImapConfig, MailConfig, Outgoing, Secret, Security, SmtpConfig,
};
pub use model::{Config, JournalMode, KeyBinding, StorageConfig, UiConfig};
use raw::RawConfig;
pub use source::{ConfigError, Source};
use std::path::{Path, PathBuf};
pub use team::TeamConfig;

/// The built-in default: `config.example.toml` itself.
pub const DEFAULT_TOML: &str = include_str!("../../config.example.toml");

impl Config {
    /// The built-in default configuration.
    pub fn builtin() -> Config {
        Config::from_str_named(DEFAULT_TOML, "built-in")
            .expect("the embedded config.example.toml is valid")
    }

    /// Loads `path`; a missing file at the default location means the built-in default.
    pub fn load(path: &Path, explicit: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::from_str_named(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                Ok(Config::builtin())
            }
            Err(e) => Err(ConfigError {
                file: path.display().to_string(),
                line: 0,
                column: 0,
                message: format!("cannot read the config file: {e}"),
                hint: Some(if e.kind() == std::io::ErrorKind::NotFound {
                    "check the path given with --config or AFTERCARE_CONFIG".into()
                } else {
                    "check the file's permissions".into()
                }),
            }),
        }
    }

    /// Parses and validates TOML text; `name` is used in error messages.
    pub fn from_str_named(text: &str, name: &str) -> Result<Config, ConfigError> {
        Config::check_str(text, name).map_err(|mut errs| errs.remove(0))
    }

    /// Parses and validates, returning every problem found (for `config check`).
    pub fn check_str(text: &str, name: &str) -> Result<Config, Vec<ConfigError>> {
        let user_src = Source {
            name: name.to_string(),
            text: text.to_string(),
        };
        // The built-in default is never parsed: `builtin_raw` builds the model `toml`
        // gives for it, spans included (tested against the parse), so positions and
        // merging stay as they were. Parsing its 34 kB took 0.3 ms of every command's
        // start (most of the config's time); building it takes a few allocations.
        let builtin = text == DEFAULT_TOML;
        let user = if builtin {
            builtin_raw::raw()
        } else {
            parse(&user_src).map_err(|e| vec![e])?
        };
        let default_src = Source {
            name: "built-in".into(),
            text: DEFAULT_TOML.to_string(),
        };
        let default = if builtin {
            user.clone()
        } else {
            builtin_raw::raw()
        };
        validate::build(user, &user_src, default, &default_src)
    }

    /// The default config path from the platform's directories.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "aftercare")
            .map(|d| d.config_dir().join("config.toml"))
    }
}

fn parse(src: &Source) -> Result<RawConfig, ConfigError> {
    toml::from_str::<RawConfig>(&src.text).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        let message = e.message().trim().to_string();
        let hint = if message.contains("unknown field") {
            Some("remove or correct the key; config.example.toml lists every setting".into())
        } else if message.contains("invalid type") {
            Some("check the value's type against config.example.toml".into())
        } else {
            None
        };
        src.error(at, message, hint)
    })
}

#[cfg(test)]
mod tests;
