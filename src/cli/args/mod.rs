//! clap types of each command group; `cli.rs` keeps the top level.

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
