//! Configuration: the TOML model, the embedded default, validation with line:column.

mod mail;
mod playbooks;
mod raw;
mod reply_rules;
mod routing;
mod service;
mod team;
mod validate;
pub mod write;

use crate::domain::sla::SlaPolicy;
use crate::domain::workflow::Workflow;
pub use mail::{
    valid_address, AfterFetch, ImapConfig, MailConfig, Outgoing, Secret, Security, SmtpConfig,
};
use raw::RawConfig;
use std::path::{Path, PathBuf};
pub use team::TeamConfig;

/// The built-in default: `config.example.toml` itself.
pub const DEFAULT_TOML: &str = include_str!("../../config.example.toml");

/// A configuration problem at a place in a file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A config file's name and text, to turn byte offsets into line:column.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    /// An error at byte offset `at`.
    pub fn error(
        &self,
        at: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> ConfigError {
        let at = at.min(self.text.len());
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = self.text[line_start..at].chars().count() + 1;
        ConfigError {
            file: self.name.clone(),
            line,
            column,
            message: message.into(),
            hint,
        }
    }
}

/// How SQLite keeps its journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalMode {
    /// WAL on a local disk, DELETE on a network file system.
    Auto,
    Wal,
    Delete,
}

/// `[storage]`
#[derive(Debug, Clone, PartialEq)]
pub struct StorageConfig {
    pub journal_mode: JournalMode,
    pub busy_timeout_ms: u64,
    /// A PostgreSQL server (`postgres://user@host/db`) used when neither `--db` nor
    /// AFTERCARE_DB names a database. Never holds a password.
    pub url: Option<String>,
    /// A command that prints the server's password (run only when the server asks
    /// for one that PGPASSWORD and ~/.pgpass did not give).
    pub password_cmd: Option<String>,
    /// How long a search or ticket filter may run before it is stopped.
    pub query_budget_ms: u64,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            journal_mode: JournalMode::Auto,
            busy_timeout_ms: 10_000,
            url: None,
            password_cmd: None,
            query_budget_ms: 5_000,
        }
    }
}

/// `[ui]`
#[derive(Debug, Clone, PartialEq)]
pub struct UiConfig {
    /// `en` or `zh`.
    pub language: String,
    /// `dark` or `light`.
    pub theme: String,
    pub refresh_ms: u64,
    /// Who the user is (an agent's name), unless `--actor` / AFTERCARE_ACTOR says.
    pub agent: Option<String>,
}

/// One `[keys.CONTEXT]` entry, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyBinding {
    pub context: String,
    pub keys: String,
    pub command: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub workflow: Workflow,
    pub sla: SlaPolicy,
    /// The user's key bindings (merged over the built-in keymap by the app).
    pub keys: Vec<KeyBinding>,
    pub ui: UiConfig,
    pub storage: StorageConfig,
    /// `[routing]`: groups and the rules that route tickets to them.
    pub routing: crate::domain::routing::Routing,
    /// `[team]`: load weights, overload streak, round-robin groups.
    pub team: TeamConfig,
    /// `[[playbooks]]`: emergency plans (应急预案).
    pub playbooks: Vec<crate::domain::playbook::Playbook>,
    /// Escalations, canned replies, macros, customer updates, problem categories.
    pub service: crate::domain::service::ServiceRules,
    /// `[views]`: saved console views as (name, filter), added to the built-in ones.
    pub views: Vec<(String, String)>,
    /// `[mail]`: mail in and out; None keeps mail out of everything.
    pub mail: Option<MailConfig>,
    /// Where it came from: a path, or "built-in".
    pub source: String,
}

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
        let user = parse(&user_src).map_err(|e| vec![e])?;
        let default_src = Source {
            name: "built-in".into(),
            text: DEFAULT_TOML.to_string(),
        };
        let default = parse(&default_src).map_err(|e| vec![e])?;
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
