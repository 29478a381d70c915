//! Demo tickets: who wrote in, about what, and everything that happened since, as the
//! ticket row plus the ordered events (create, assign, move, reply, note) that the
//! operations would have recorded.
//!
//! Everything but absolute times depends only on the seed: titles, customers, agents,
//! stages and the order of events. Times are offsets from the anchor (midnight today).
//!
//! The parts: `kinds` (per ticket type: flow, agents, words), `facts` (what one
//! ticket is about, and its text), `story` (one ticket's history), `calendar`
//! (how many tickets a day, when, and the showcase tickets), `index_docs` (the word
//! index text the load writes).

mod calendar;
mod facts;
mod index_docs;
mod kinds;
mod story;

pub use index_docs::IndexDocs;

use super::clock::DAY;
use super::rng::Rng;
use super::words::Words;
use crate::config::Config;
use crate::domain::sla::SlaPolicy;
use crate::domain::ticket::Ticket;
use crate::domain::workflow::Workflow;
use crate::report::dashboard::Categorizer;
use crate::store::service::SlaColumns;
pub use calendar::history_days;
use calendar::{per_day, showcase, time_of_day, STREAM_DAY};
pub use kinds::AgentRef;
use kinds::TypeGen;
use std::collections::HashMap;

const STREAM_TICKET: u64 = 10;

/// What the ticket generator needs to know about a customer.
pub struct CustomerRef {
    pub id: i64,
    /// Indexes into `Words::products`.
    pub models: Vec<usize>,
    pub serials: Vec<String>,
    pub purchased: Vec<String>,
    pub english: bool,
}

/// One recorded change of a generated ticket.
#[derive(Debug, Clone)]
pub enum EventKind<'a> {
    Create {
        stage: &'a str,
    },
    Assign {
        old: Option<&'a str>,
        new: &'a str,
    },
    Move {
        from: &'a str,
        to: &'a str,
    },
    Comment {
        id: i64,
        internal: bool,
        body: String,
    },
}

/// An event with its time and actor; its version is its position plus one.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub at: i64,
    pub actor: &'a str,
    pub kind: EventKind<'a>,
}

/// A generated ticket with its id, its history (oldest first) and its word-index text.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    pub ticket: Ticket,
    pub events: Vec<Event<'a>>,
    /// The ticket's word-index documents, segmented (see `IndexDocs`).
    pub index: IndexDocs,
    /// Its stored SLA columns: the outcome (`sla_engine::pack` of the engine's
    /// result) of every ticket, and for a ticket in a stage that
    /// `Desk::sla_recompute_open` recomputes, every column as it computes them.
    pub sla: SlaColumns,
    /// The problem category of its title (index into `[[problem_categories]]`), for
    /// its dashboard facts.
    pub category: Option<i64>,
}

/// Generates tickets in creation order.
pub struct TicketGen<'a> {
    seed: u64,
    anchor: i64,
    sla: &'a SlaPolicy,
    workflow: &'a Workflow,
    /// The time the SLA outcomes are computed at (the demo's "now").
    now: i64,
    types: Vec<TypeGen<'a>>,
    type_weights: Vec<f64>,
    customers: &'a [CustomerRef],
    key_accounts: usize,
    agents: &'a [AgentRef<'a>],
    words: &'static Words,
    /// Tickets created on each day, oldest day first.
    per_day: Vec<u64>,
    /// Newest tickets whose type and stage are set, so that even a small demo has a
    /// ticket in every stage: ticket index → (type index, stage index).
    showcase: HashMap<u64, (usize, usize)>,
    /// Id of the first ticket and of the first comment: ids follow in creation order.
    first_ids: (i64, i64),
    /// Chance that a long-overdue ticket is still open: the backlog of stale tickets
    /// stays a fraction of the recent ones whatever the length of the history.
    stale_open: f64,
    /// Problem categories of titles (the dashboard facts are written with the rows).
    categories: Categorizer,
    /// The stages whose tickets get every SLA column from the generator (`Plan::sla`).
    open_stages: Vec<String>,
}

impl<'a> TicketGen<'a> {
    /// A generator for `total` tickets over `config`'s workflow and SLA (`anchor`:
    /// midnight today; `now`: the time SLA outcomes are computed at), numbering
    /// tickets and comments from `first_ids`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        seed: u64,
        total: u64,
        (anchor, now): (i64, i64),
        first_ids: (i64, i64),
        config: &'a Config,
        customers: &'a [CustomerRef],
        agents: &'a [AgentRef<'a>],
    ) -> TicketGen<'a> {
        let words = Words::get();
        let types = kinds::types(config, agents, words);
        let type_weights = types.iter().map(|t| kinds::type_weight(t.id)).collect();
        let showcase = showcase(seed, total, config, &types);
        TicketGen {
            seed,
            anchor,
            sla: &config.sla,
            workflow: &config.workflow,
            now,
            types,
            type_weights,
            customers,
            key_accounts: (customers.len() / 20).max(15).min(customers.len()),
            agents,
            words,
            per_day: per_day(seed, total, history_days(total)),
            stale_open: 0.5 / history_days(total) as f64,
            showcase,
            first_ids,
            categories: Categorizer::new(&config.service.categories),
            open_stages: config.workflow.stage_ids_of_kind(&crate::ops::OPEN_KINDS),
        }
    }

    pub fn run(&self, emit: &mut dyn FnMut(Vec<Plan<'a>>) -> bool) {
        let mut index = 0u64;
        let mut comment_id = self.first_ids.1;
        for (d, &count) in self.per_day.iter().enumerate() {
            let day_start = self.anchor - (self.per_day.len() - d) as i64 * DAY;
            let mut rng = Rng::derive(self.seed, STREAM_DAY, d as u64);
            let mut times: Vec<i64> = (0..count)
                .map(|_| day_start + time_of_day(&mut rng))
                .collect();
            times.sort_unstable();
            let plans = times
                .into_iter()
                .map(|t| {
                    index += 1;
                    self.ticket(index, t, &mut comment_id)
                })
                .collect();
            if !emit(plans) {
                return;
            }
        }
    }
}
