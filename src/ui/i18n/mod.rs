//! Every user-visible string of the console: the console's table in `en.rs` and
//! `zh.rs`, each pane's strings and toasts in its own file, failures in `errors.rs`.
//! Templates use `{name}` placeholders filled by [`fill`].

pub mod dashboard;
mod en;
mod error_texts;
mod errors;
pub mod kb;
mod lang;
mod notes;
pub mod projects;
pub mod sla;
mod table;
pub mod team;
pub mod tickets;
mod zh;

pub use errors::{command as command_error, failure, filter as filter_error};
pub use lang::{describe, fill, plural, status_label, strings};
pub use notes::note;
pub use table::Strings;
