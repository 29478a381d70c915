//! clap types of each command group; `cli.rs` keeps the top level.

mod people;
mod projects;
mod service;
mod system;
mod tickets;

pub use people::*;
pub use projects::*;
pub use service::*;
pub use system::*;
pub use tickets::*;
