//! The Tickets pane: the list window over the whole result, the ticket detail,
//! triage with the version the user saw, undo, and the extras.

mod assign;
mod choices;
mod confirm;
mod extras;
pub mod list;
mod live;
mod mail;
mod results;
mod state;
mod triage;
mod update;
mod view;

pub use choices::choices;
pub use extras::BREACH_NEXT_FILTER;
pub use list::{due_of, TicketList};
pub use results::{edited, handle};
pub use state::{Detail, SavedView, TicketsState, UndoEntry, BUILTIN_VIEWS};
pub use update::{click, refresh, scroll, update};
