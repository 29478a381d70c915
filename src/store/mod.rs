//! The only place that knows SQL: one connection (an SQLite file or a PostgreSQL
//! server), numbered migrations per engine, and one file per table group. Every
//! function returns domain types.

pub mod agents;
pub mod audit;
mod background;
pub mod checkpoint;
mod conn;
pub mod console;
pub mod customer_view;
pub mod customers;
pub mod dashboard;
pub mod dashboard_facts;
mod db_error;
pub mod demo_load;
mod dialect;
pub mod exchange;
mod filter_terms;
mod handle;
pub mod incidents;
pub mod intake;
mod journal;
pub mod kb;
pub mod kb_links;
mod like;
pub mod mailbox;
pub mod maintenance;
mod name_keys;
mod network_fs;
mod open;
pub mod outbox;
pub mod phase_times;
mod presence;
pub mod progress;
pub mod project_log;
pub mod project_work;
pub mod projects;
mod query_plan;
pub mod reads;
pub mod relations;
pub mod reports;
mod schema;
pub mod search;
pub mod server;
pub mod service;
pub mod sqlite_global;
pub mod team;
pub mod tickets;
pub mod time;
pub mod transfer;
mod value;
#[cfg(unix)]
pub mod wal_vfs;
pub mod write;

pub use background::Interrupt;
pub use conn::{Conn, Engine, Row};
pub(crate) use db_error::db_other;
pub use db_error::{DbError, DbFailure};
pub(in crate::store) use handle::Location;
pub use handle::{AfterWrite, Store};
pub use journal::{JournalState, Mode as JournalKind, Reason as JournalReason};
pub(crate) use like::like_pattern;
pub use network_fs::{network_fs, on_network_fs};
pub use open::Access;
pub(crate) use query_plan::query_plan;
pub use schema::LATEST_VERSION;
pub(crate) use value::params;
pub use value::{dyn_params, Arg, Cell, FromCell, Param, Params, Value};

/// The version of the bundled SQLite library.
pub fn sqlite_version() -> &'static str {
    rusqlite::version()
}

#[cfg(test)]
mod name_sort_tests;
#[cfg(test)]
mod pg_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod sorted_text_tests;
#[cfg(test)]
mod sqlite_global_tests;
#[cfg(test)]
mod test_db;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod upgrade_tests;
