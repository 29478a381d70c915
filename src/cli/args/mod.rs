//! clap types of each command group; `cli.rs` keeps the top level.
//!
//! Every command enum is `#[command(defer = true)]`: a command's options are added
//! only when clap builds it, so a process builds those of the command it runs, not
//! all of them. Argument structs carry `//` comments, not doc comments: a deferred
//! struct's doc would replace the command's own help line (its variant's doc).

mod mail;
mod people;
mod projects;
mod service;
mod system;
mod tickets;

pub use mail::*;
pub use people::*;
pub use projects::*;
pub use service::*;
pub use system::*;
pub use tickets::*;
