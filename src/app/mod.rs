//! The console's state and behaviour, without drawing and without I/O: commands,
//! keys, the state on screen, and `update`, which turns commands into state
//! changes and effects for the event loop to run.

mod actions;
pub mod command;
pub mod effect;
mod fuzzy;
mod handle;
pub mod input;
pub mod kb;
mod kb_text;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod list;
mod modal;
pub mod note;
pub mod overlay;
mod palette;
pub mod projects_state;
mod projects_update;
mod results;
pub mod state;
pub mod team_state;
pub mod team_update;
pub mod ticket_extras;
mod update;

pub use command::Command;
pub use effect::{Effect, Msg};
pub use handle::{handle, start};
pub use state::State;
pub use update::update;

#[cfg(test)]
mod tests;
