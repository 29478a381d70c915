//! The operations users perform. The CLI and the console both call these: each
//! validates with the domain rules and writes through the store in one transaction,
//! with an audit event per change.

mod after_change;
mod dashboard;
pub use dashboard::MAX_DAYS as DASHBOARD_MAX_DAYS;
pub(crate) use sla::{columns as sla_columns, OPEN_KINDS};
mod db;
mod fields;
mod kb;
pub mod mail;
pub use kb::ArticleInput;
mod knowledge;
pub use knowledge::{article_reply, ArticleFilter, ArticleView, CategoryCount};
mod playbooks;
mod search;
pub use people::CustomerDetail;
pub use projects::ProjectDetail;
pub use search::{split_query, SearchHit, SearchOptions, Suggestion, CANDIDATES};
mod people;
mod progress;
mod task_history;
pub use task_history::TaskHistory;
mod project_follow;
mod project_issues;
mod project_plan;
mod project_report;
mod project_tasks;
mod projects;
mod queue;
pub use project_follow::{retro_markdown, ProjectEdit, RetroInput, RiskInput};
pub use project_issues::IssueInput;
pub use project_plan::{ProjectPlan, ProjectSummary, RiskView};
pub use project_report::{report_json, report_markdown, ReportKind, DEFAULT_RISK_THRESHOLD};
pub use project_tasks::{MilestoneInput, TaskInput, TaskMove};
pub use queue::NewTickets;
mod customer_merge;
mod customers;
mod exchange;
pub use customer_merge::CustomerMerge;
mod intake;
mod intake_run;
mod lookup;
mod rows;
pub use exchange::EXPORT_FORMAT;
pub use intake::MailSource;
mod facts_keeper;
mod relations;
mod report_data;
pub use customers::{
    CustomerEdit, CustomerView, HistoryEntry, ProductInput, ProductView, TicketWarranty,
};
pub use facts_keeper::facts_fingerprint;
pub use report_data::ReportDataRebuilt;
mod routing;
pub use relations::{Linked, MergeOutcome, Relations, Tagged};
pub use routing::RouteOutcome;
mod console;
#[cfg(test)]
mod contention_tests;
mod feedback;
mod service;
mod sla;
mod stages;
mod team;
mod team_perf;
mod tickets;
pub use feedback::VisitDue;
pub use service::ProgressEntry;
pub use sla::EscalationOutcome;
mod time;
pub use team::{AgentEdit, AgentLoad, AgentProfile, AutoPick, Ranking, TeamWorkload};
pub use team_perf::Performance;
pub use time::TimerStart;

pub use lookup::{parse_channel, parse_priority};
pub use people::{AgentInput, CustomerInput};
pub use projects::ProjectInput;
pub use tickets::{Commented, TicketEdit, TicketInput, TicketView};

use crate::config::Config;
use crate::error::Result;
use crate::store::write::Stamp;
use crate::store::Store;
use std::path::Path;

/// An open database with its configuration and the acting user.
pub struct Desk {
    pub store: Store,
    pub config: Config,
    /// Who is acting; recorded on every change.
    pub actor: String,
    fixed_now: Option<i64>,
    /// What this session's moves replaced, so an undo can put it back exactly.
    moves: stages::MoveMemory,
}

impl Desk {
    /// Opens the database at `db` with `config`, acting as `actor`.
    pub fn open(db: &Path, config: Config, actor: impl Into<String>) -> Result<Desk> {
        let actor = actor.into();
        let mut store = Store::open_as(db, &config.storage, &actor)?;
        store.set_after_write(facts_keeper::keeper(&config));
        Ok(Desk {
            store,
            config,
            actor,
            fixed_now: None,
            moves: Default::default(),
        })
    }

    /// Wraps an already open store.
    pub fn new(mut store: Store, config: Config, actor: impl Into<String>) -> Desk {
        store.set_after_write(facts_keeper::keeper(&config));
        Desk {
            store,
            config,
            actor: actor.into(),
            fixed_now: None,
            moves: Default::default(),
        }
    }

    /// A second desk on the same database, for background work: its own connection
    /// (whose statements stop while `interrupt` is raised), the same config, actor and
    /// clock. Fails on a read-only database, which has no second writer.
    pub fn background(&self, interrupt: &crate::store::Interrupt) -> Result<Desk> {
        if self.store.is_read_only() {
            return Err(crate::error::Error::msg(
                "a read-only database gets no background connection",
            ));
        }
        let store = self.store.open_second(&self.config.storage)?;
        store.watch(interrupt)?;
        let mut desk = Desk::new(store, self.config.clone(), self.actor.clone());
        desk.fixed_now = self.fixed_now;
        Ok(desk)
    }

    /// Fixes the clock (tests, reproducible demo data).
    pub fn set_now(&mut self, now: Option<i64>) {
        self.fixed_now = now;
    }

    /// The current time in Unix seconds (the fixed one if set).
    pub fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(crate::domain::time::now)
    }

    /// The acting user and the current time, for a write.
    pub fn stamp(&self) -> Stamp {
        Stamp::new(self.now(), self.actor.clone())
    }
}
