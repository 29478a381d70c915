//! The validated configuration and its plain sections, as `validate.rs` builds them
//! (loading lives in `mod.rs`).

use super::mail::MailConfig;
use super::team::TeamConfig;
use crate::domain::sla::SlaPolicy;
use crate::domain::workflow::Workflow;

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
