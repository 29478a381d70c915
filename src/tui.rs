//! The terminal side of the console: the event loop (`run.rs`), terminal setup and
//! restore (`terminal.rs`), events → messages (`events.rs`), and the effects run
//! through ops — the console's own in `effects.rs`, each pane's in its file, as in
//! `app::panes`. `headless.rs` drives the same loop on a TestBackend.

pub mod background;
pub mod boot;
pub mod dashboard;
pub mod drafts;
pub mod effects;
pub mod events;
pub mod headless;
pub mod kb;
pub mod mail;
pub mod projects;
pub mod report_catch_up;
mod run;
pub mod signals;
pub mod team;
pub mod terminal;
pub mod tickets;
pub mod worker;

pub use run::{initial_state, run, Launch};
