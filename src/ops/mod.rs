//! The operations users perform. The CLI and the console both call these: each
//! validates with the domain rules and writes through the store in one transaction,
//! with an audit event per change.

mod db;
mod kb;
pub use kb::ArticleInput;
pub use people::CustomerDetail;
pub use projects::ProjectDetail;
mod people;
mod projects;
mod tickets;

pub use people::{AgentInput, CustomerInput};
pub use projects::ProjectInput;
pub use tickets::{parse_channel, parse_priority, TicketEdit, TicketInput, TicketView};

use crate::config::Config;
use crate::error::Result;
use crate::store::Store;
use std::path::Path;

/// An open database with its configuration and the acting user.
pub struct Desk {
    pub store: Store,
    pub config: Config,
    /// Who is acting; recorded on every change.
    pub actor: String,
    fixed_now: Option<i64>,
}

impl Desk {
    /// Opens the database at `db` with `config`, acting as `actor`.
    pub fn open(db: &Path, config: Config, actor: impl Into<String>) -> Result<Desk> {
        let store = Store::open(db, &config.storage)?;
        Ok(Desk {
            store,
            config,
            actor: actor.into(),
            fixed_now: None,
        })
    }

    /// Wraps an already open store.
    pub fn new(store: Store, config: Config, actor: impl Into<String>) -> Desk {
        Desk {
            store,
            config,
            actor: actor.into(),
            fixed_now: None,
        }
    }

    /// Fixes the clock (tests, reproducible demo data).
    pub fn set_now(&mut self, now: Option<i64>) {
        self.fixed_now = now;
    }

    /// The current time in Unix seconds (the fixed one if set).
    pub fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(crate::domain::time::now)
    }
}
