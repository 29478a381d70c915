//! The TOML model as written, with source positions for error messages.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One `[keys.CONTEXT]` table: key sequence → command name.
pub type KeyTable = BTreeMap<Spanned<String>, Spanned<String>>;

/// The whole file; every section is optional (a missing one takes the default).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub workflow: Option<RawWorkflow>,
    pub sla: Option<RawSla>,
    pub keys: Option<BTreeMap<Spanned<String>, KeyTable>>,
    pub ui: Option<RawUi>,
    pub storage: Option<RawStorage>,
    pub routing: Option<super::routing::RawRouting>,
    pub team: Option<super::team::RawTeam>,
    pub playbooks: Option<Vec<super::playbooks::RawPlaybook>>,
    pub replies: Option<Vec<super::service::RawReply>>,
    pub macros: Option<Vec<super::service::RawMacro>>,
    pub updates: Option<super::service::RawUpdates>,
    pub problem_categories: Option<Vec<super::service::RawCategory>>,
    /// `[views]`: saved console views, name = filter.
    pub views: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// `[mail]`: mail in and out (absent: no mail).
    pub mail: Option<Spanned<super::mail::RawMail>>,
}

/// `[workflow]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkflow {
    pub default_flow: Spanned<String>,
    pub default_type: Option<Spanned<String>>,
    pub types: Vec<RawType>,
    pub flows: BTreeMap<Spanned<String>, RawFlow>,
}

/// `[[workflow.types]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawType {
    pub id: Spanned<String>,
    pub en: String,
    pub zh: Option<String>,
    pub flow: Option<Spanned<String>>,
}

/// `[workflow.flows.NAME]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    pub initial: Spanned<String>,
    pub stages: Vec<RawStage>,
    /// The stage a customer's reply moves a waiting ticket to.
    pub on_customer_reply: Option<Spanned<String>>,
    /// A customer's reply reopens a resolved ticket within this many days.
    pub reopen_days: Option<Spanned<i64>>,
}

/// `[[workflow.flows.NAME.stages]]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub id: Spanned<String>,
    pub en: String,
    pub zh: Option<String>,
    pub kind: Spanned<String>,
    pub clock: Option<bool>,
    pub limit_hours: Option<Spanned<f64>>,
    #[serde(default)]
    pub next: Vec<Spanned<String>>,
}

/// `[sla]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSla {
    pub timezone: Spanned<String>,
    pub workdays: Vec<Spanned<String>>,
    pub day_start: Spanned<String>,
    pub day_end: Spanned<String>,
    #[serde(default)]
    pub holidays: Vec<Spanned<String>>,
    #[serde(default)]
    pub extra_workdays: Vec<Spanned<String>>,
    pub warn_at: Option<Spanned<f64>>,
    pub goal: Option<Spanned<f64>>,
    pub targets: BTreeMap<Spanned<String>, RawTarget>,
    /// `[sla.hours]`: weekday → "HH:MM-HH:MM" where it differs from day_start–day_end.
    #[serde(default)]
    pub hours: BTreeMap<Spanned<String>, Spanned<String>>,
    /// `[[sla.escalations]]`
    #[serde(default)]
    pub escalations: Vec<super::service::RawEscalation>,
}

/// `[sla.targets.PRIORITY]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub first_response_hours: Spanned<f64>,
    pub resolution_hours: Spanned<f64>,
}

/// `[ui]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUi {
    pub language: Option<Spanned<String>>,
    /// Who you are (an agent's name); the console writes it on first start.
    pub agent: Option<Spanned<String>>,
    pub theme: Option<Spanned<String>>,
    pub refresh_ms: Option<u64>,
}

/// `[storage]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStorage {
    pub journal_mode: Option<Spanned<String>>,
    pub busy_timeout_ms: Option<u64>,
    pub url: Option<Spanned<String>>,
    pub password_cmd: Option<String>,
    pub query_budget_ms: Option<u64>,
}
