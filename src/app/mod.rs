//! The console's state and behaviour, without drawing and without I/O.
//!
//! `command/` declares every command once; `keys/` turns key sequences into
//! commands; `panes/` holds the four panes, each with its own state and `update`;
//! `chrome/` the dialogs, toasts and cursors all panes share; `msg/` the effects out
//! and the messages back. `update` and `handle` route between them.

pub mod chrome;
pub mod command;
pub mod ctx;
mod handle;
mod identity;
pub mod keys;
pub mod layout;
pub mod msg;
pub mod outcome;
pub mod panes;
mod state;
mod update;

pub use command::Command;
pub use ctx::{Ctx, Lang, Pane, Place};
pub use handle::{handle, start};
pub use msg::{Effect, Msg};
pub use state::State;
pub use update::update;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_confirm;
#[cfg(test)]
mod tests_form;
#[cfg(test)]
mod tests_live;
#[cfg(test)]
mod tests_mail;
#[cfg(test)]
mod tests_say;
#[cfg(test)]
mod tests_small;
#[cfg(test)]
mod tests_who;
